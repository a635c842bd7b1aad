"""Changing the public tree as one unit: everything is written under temporary names, then renamed in.

A release replaces one article folder (``DIR/<slug>/``) and rewrites site files (index, feeds,
sitemap). ``PublicChange`` builds the new article folder and the new site files inside a work
area in the output folder itself (``DIR/.publishing/<release>/``, so that renames never cross a
file system), and only when every byte is written switches them in with renames. Any error
before or during the switch (disk full, read-only folder, missing permission) undoes what was
switched and removes the work area: readers and the next release see the tree as it was.

The article folder is switched with one atomic exchange (Linux ``renameat2(RENAME_EXCHANGE)``)
where the file system offers it, else with two renames. A process killed during the switch leaves
its work area behind; ``recover`` (run under the site lock before every change) puts back what the
switch had moved.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

__all__ = ["WORK_AREA", "PublicChange", "StorageError", "public_change", "recover"]

WORK_AREA = ".publishing"
_PUBLIC_FILE_MODE = 0o644
_PUBLIC_DIR_MODE = 0o755
_WORK_AREA_MODE = 0o700
_JOURNAL = "switch.json"


class StorageError(OSError):
    """The public tree could not be written; it was left as it was."""


class PublicChange:
    """One release's change of the public tree, prepared under temporary names."""

    def __init__(self, out_dir: Path, release_id: str) -> None:
        self.out_dir = out_dir
        self.area = out_dir / WORK_AREA / release_id
        self._folders: dict[str, Path] = {}
        self._site_files: list[str] = []

    def folder(self, name: str) -> Path:
        """The new version of ``DIR/<name>/``, empty until files are put into it."""
        if name not in self._folders:
            folder = self.area / "folders" / name
            _mkdir(folder)
            self._folders[name] = folder
        return self._folders[name]

    def write(self, path: Path, data: bytes) -> None:
        """Write ``data`` to ``path`` inside a new folder."""
        _mkdir(path.parent)
        _create(path, data)

    def copy(self, source: Path, path: Path) -> None:
        """Put a copy of ``source`` (a staged rendition or a file of the old folder) at ``path``."""
        _mkdir(path.parent)
        try:
            _link(source, path)
        except OSError:  # another file system, or links not allowed: copy the bytes
            _copy(source, path)

    def site_file(self, relative: str, data: bytes) -> None:
        """A site-wide file (e.g. ``index.html``, ``feed.xml``) to replace or create."""
        self.write(self.area / "site" / relative, data)
        self._site_files.append(relative)

    def switch(self) -> None:
        """Rename everything prepared into place; on any error undo the renames already made."""
        _create(self.area / _JOURNAL, json.dumps(self._plan()).encode())
        undo: list[tuple[str, Path, Path]] = []
        try:
            for name, folder in self._folders.items():
                target = self.out_dir / name
                if target.exists():
                    _swap(folder, target)
                    undo.append(("swap", folder, target))
                else:
                    _rename(folder, target)
                    undo.append(("rename", target, folder))
            for relative in self._site_files:
                target = self.out_dir / relative
                backup = self.area / "backup" / relative
                if target.exists():
                    _mkdir(backup.parent)
                    _link(target, backup)
                elif not target.parent.is_dir():
                    _mkdir_public(target.parent)
                    undo.append(("folder", target.parent, target.parent))
                _rename(self.area / "site" / relative, target)
                undo.append(("site", target, backup))
        except BaseException:
            _undo(undo)
            raise

    def _plan(self) -> dict[str, list[str]]:
        return {"folders": list(self._folders), "site": self._site_files}


@contextmanager
def public_change(out_dir: Path, release_id: str) -> Iterator[PublicChange]:
    """A change of ``out_dir``; its work area is removed afterwards, switched in or not.

    Raises ``StorageError`` (naming the file and the cause) when any part could not be written.
    """
    change = PublicChange(out_dir, release_id)
    try:
        _mkdir_public(out_dir)
        _mkdir(change.area)
        # Not for readers of the site: a web server must not serve files before they are switched in.
        os.chmod(change.area.parent, _WORK_AREA_MODE)
        os.chmod(change.area, _WORK_AREA_MODE)
        yield change
    except OSError as error:
        raise StorageError(error.errno, _describe(error, out_dir)) from error
    finally:
        shutil.rmtree(change.area, ignore_errors=True)
        _remove_if_empty(out_dir / WORK_AREA)


def recover(out_dir: Path) -> list[str]:
    """Undo the half-done switches of killed processes; return the releases whose work was undone."""
    undone: list[str] = []
    root = out_dir / WORK_AREA
    if not root.is_dir():
        return undone
    for area in sorted(root.iterdir()):
        journal = area / _JOURNAL
        if journal.is_file():
            plan = json.loads(journal.read_text(encoding="utf-8"))
            for name in plan["folders"]:
                _recover_folder(area, out_dir, name)
            for relative in plan["site"]:
                backup = area / "backup" / relative
                if backup.is_file():
                    os.replace(backup, out_dir / relative)
            undone.append(area.name)
        shutil.rmtree(area, ignore_errors=True)
    _remove_if_empty(root)
    return undone


def _recover_folder(area: Path, out_dir: Path, name: str) -> None:
    # The new folder carries the release's id in its record: that tells whether it was switched in.
    prepared = area / "folders" / name
    parked = prepared.with_name(prepared.name + ".parked")
    target = out_dir / name
    if _release_of(target) == area.name:
        if parked.exists():  # killed inside a two-rename swap, after the second rename
            os.rename(target, prepared)
            os.rename(parked, target)
        elif prepared.exists():  # the old folder sits in the work area: swap it back
            _swap_paths(prepared, target)
        else:  # there was no old folder: take the new one out again
            os.rename(target, prepared)
    elif parked.exists() and not target.exists():  # killed between the renames of a swap
        os.rename(parked, target)


def _release_of(folder: Path) -> str | None:
    try:
        record = json.loads((folder / "article.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    release = record.get("release")
    return release if isinstance(release, str) else None


def _undo(steps: list[tuple[str, Path, Path]]) -> None:
    for kind, first, second in reversed(steps):
        try:
            if kind == "swap":
                _swap_paths(first, second)
            elif kind == "rename":
                os.rename(first, second)
            elif kind == "folder":
                first.rmdir()
            elif second.exists():
                os.replace(second, first)
            else:
                first.unlink(missing_ok=True)
        except OSError:  # keep undoing the rest; recover() finishes the job under the next lock
            continue


def _describe(error: OSError, out_dir: Path) -> str:
    where = error.filename or out_dir
    reason = os.strerror(error.errno) if error.errno else str(error)
    return f"cannot write the output folder {out_dir} ({where}: {reason}); the public tree is unchanged"


def _remove_if_empty(folder: Path) -> None:
    with suppress(OSError):
        folder.rmdir()


# The file-system operations a change makes, one function each (tests inject failures here);
# undoing uses the plain calls.


def _mkdir(folder: Path) -> None:
    folder.mkdir(mode=_PUBLIC_DIR_MODE, parents=True, exist_ok=True)


def _mkdir_public(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(mode=_PUBLIC_DIR_MODE, parents=True)
        os.chmod(folder, _PUBLIC_DIR_MODE)


def _create(path: Path, data: bytes) -> None:
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, _PUBLIC_FILE_MODE)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        os.fchmod(descriptor, _PUBLIC_FILE_MODE)
    finally:
        os.close(descriptor)


def _copy(source: Path, path: Path) -> None:
    _create(path, source.read_bytes())


def _link(source: Path, path: Path) -> None:
    os.link(source, path)
    os.chmod(path, _PUBLIC_FILE_MODE)


def _rename(source: Path, target: Path) -> None:
    os.rename(source, target)


def _swap(first: Path, second: Path) -> None:
    _swap_paths(first, second)


def _swap_paths(first: Path, second: Path) -> None:
    if _exchange(first, second):
        return
    # No atomic exchange here: two renames, with a moment in which the folder is missing.
    parked = first.with_name(first.name + ".parked")
    os.rename(second, parked)
    try:
        os.rename(first, second)
    except BaseException:
        os.rename(parked, second)
        raise
    os.rename(parked, first)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_libc = ctypes.CDLL(None, use_errno=True)
_renameat2 = getattr(_libc, "renameat2", None)


def _exchange(first: Path, second: Path) -> bool:
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
