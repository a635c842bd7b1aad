"""One browser stage for every browser test of this folder (as one worker process keeps one)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from publisher.a11y.browser.stage import BrowserStage


@pytest.fixture(scope="session")
def stage() -> Iterator[BrowserStage]:
    """A Chromium with the probes and axe-core, shared by the session's tests."""
    with BrowserStage() as shared:
        yield shared
