"""One browser stage per worker process: started on first use, reused, stopped at exit or after a failure."""

from __future__ import annotations

import atexit
import contextlib
import threading
from typing import TYPE_CHECKING

from publisher.a11y.browser.chromium import BrowserError

if TYPE_CHECKING:
    from publisher.a11y.browser.stage import BrowserStage

__all__ = ["close_shared_stage", "shared_stage"]

_SHARED: BrowserStage | None = None
_SHARED_LOCK = threading.Lock()


def shared_stage() -> BrowserStage:
    """This process's browser stage, started on first use and reused (started again if it died)."""
    global _SHARED
    # Loaded on first use: a release with the browser stage switched off pays nothing for it.
    from publisher.a11y.browser.stage import BrowserStage

    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = BrowserStage()
            atexit.register(close_shared_stage)
        return _SHARED


def close_shared_stage() -> None:
    """Stop this process's browser stage, if one was started (e.g. after the browser failed)."""
    global _SHARED
    with _SHARED_LOCK:
        stage, _SHARED = _SHARED, None
    if stage is not None:
        with contextlib.suppress(BrowserError, OSError):
            stage.close()
