"""Writing files so that a reader sees the old file or the new one, never a part of either."""

from __future__ import annotations

import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

__all__ = ["atomic_write", "read_parsed"]

_T = TypeVar("_T")
# Parsed files by path, with the identity of the file they were parsed from.
_PARSED: OrderedDict[Path, tuple[tuple[int, ...], object]] = OrderedDict()
_PARSED_LIMIT = 256


def atomic_write(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_parsed(path: Path, parse: Callable[[bytes], _T]) -> _T:
    """``parse`` of the bytes of ``path``, parsed again only when the file is another one since the last call.

    For files replaced whole by renames (the site index parts, the web channel's state): a process
    that releases again and again (a worker) parses only the files the last release replaced. A file
    counts as the same when its inode, size and modification and change times are; the result is
    shared between callers, who must not change it; a path is always read with the same parser.
    Raises ``OSError`` when ``path`` cannot be read.
    """
    status = os.stat(path)
    identity = (status.st_ino, status.st_dev, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    key = path  # each kind of file has its own parser
    found = _PARSED.get(key)
    if found is not None and found[0] == identity:
        _PARSED.move_to_end(key)
        return found[1]  # type: ignore[return-value]
    value = parse(path.read_bytes())
    _PARSED[key] = (identity, value)
    if len(_PARSED) > _PARSED_LIMIT:
        _PARSED.popitem(last=False)
    return value
