"""Writing files so that a reader sees the old file or the new one, never a part of either."""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

__all__ = ["atomic_write", "exchange_paths", "file_lock", "read_parsed", "swap_paths"]

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


@contextmanager
def file_lock(path: Path, mode: int = 0o600) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` (created if missing); waits while another process holds it."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, mode)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock; a killed process releases it too


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def exchange_paths(first: Path, second: Path) -> bool:
    """Swap two paths atomically; False when this system cannot, an OSError when it fails."""
    if _renameat2 is None:
        return False
    result = _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):
        return False
    raise OSError(code, os.strerror(code), str(second))


def swap_paths(first: Path, second: Path) -> None:
    """Swap two existing paths: atomically where the file system can, else with three renames."""
    if exchange_paths(first, second):
        return
    # No atomic exchange here: renames, with a moment in which ``second`` is missing.
    parked = first.with_name(first.name + ".parked")
    os.rename(second, parked)
    try:
        os.rename(first, second)
    except BaseException:
        os.rename(parked, second)
        raise
    os.rename(parked, first)
