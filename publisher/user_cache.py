"""Files derived once from what is installed and kept between runs: compiled templates, the language model.

They depend only on the installed code and data (never on an article or a site), so every run of
every site on the machine shares them, like Python's own ``__pycache__``. They live in
``$XDG_CACHE_HOME/publisher`` (``~/.cache/publisher`` when unset); each file's name carries what it
was made from, so an upgrade makes new files instead of reading stale ones. Deleting the folder
costs the next run the time to make them again, nothing else. Where no cache folder can be written
(a read-only home), callers make the data in memory each run.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

__all__ = ["cache_folder", "cache_key"]


@cache
def cache_folder(kind: str) -> Path | None:
    """The folder for cached ``kind`` files (made if missing), or None if none can be written."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    folder = Path(base) / "publisher" / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder if os.access(folder, os.W_OK | os.X_OK) else None


def cache_key(*parts: object) -> str:
    """A short name for the inputs a cached file was made from (versions, sizes, options)."""
    return hashlib.sha256("\0".join(map(str, parts)).encode("utf-8")).hexdigest()[:20]
