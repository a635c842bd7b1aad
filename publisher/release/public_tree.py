"""Changing the public tree as one unit: everything is written under temporary names, then renamed in.

A release replaces one article folder (``DIR/<slug>/``), its internal folder (``DIR.internal/<slug>/``:
record, reports, sample message; never served) and rewrites site files (index, feeds, sitemap, the
internal site index). ``PublicChange`` builds the new folders and site files inside a work area in
each tree itself (``DIR/.publishing/<release>/`` and ``DIR.internal/.publishing/<release>/``, so that
renames never cross a file system: the two trees may be separate volumes), and only when every
byte is written switches them in with renames. Any error before or during the switch (disk full,
read-only folder, missing permission) undoes what was switched and removes the work areas: readers
and the next release see both trees as they were.

A folder is switched with one atomic exchange (Linux ``renameat2(RENAME_EXCHANGE)``) where the
file system offers it, else with two renames. A site file is prepared under a number in the work
area (no folders to make for it) and exchanged with the old one too, which waits in the work area
for an undo; where the file system cannot exchange, the old file is kept as a hard link and the new
one renamed over it. Either way a reader sees the old file or the new one at every moment, and only
the files a release changes are touched. After a switch the internal tree is noted
(``published.note_switch``). A process killed during the switch leaves its work
areas behind; ``recover`` (run under the site lock before every change) puts back what the switch
had moved, telling a switched-in folder by the inode the journal noted before the first rename.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal

from publisher.files import exchange_paths, swap_paths
from publisher.published import INTERNAL_FILES, RECORD_NAME, SITE_INDEX_NAME, internal_dir, note_switch

__all__ = ["WORK_AREA", "PublicChange", "StorageError", "Tree", "public_change", "recover", "tree_of"]

WORK_AREA = ".publishing"
_PUBLIC_FILE_MODE = 0o644
_PUBLIC_DIR_MODE = 0o755
_WORK_AREA_MODE = 0o700
_JOURNAL = "switch.json"
_OLD = ".old"

Tree = Literal["public", "internal"]


def tree_of(relative: str) -> Tree:
    """Which tree a file a channel wrote goes to: what is not for readers never goes public."""
    return "internal" if relative.split("/", 1)[0] in INTERNAL_FILES else "public"


class StorageError(OSError):
    """The public tree could not be written; it was left as it was."""


class PublicChange:
    """One release's change of the public and internal trees, prepared under temporary names."""

    def __init__(self, out_dir: Path, release_id: str) -> None:
        self.out_dir = out_dir
        self.roots: dict[Tree, Path] = {"public": out_dir, "internal": internal_dir(out_dir)}
        self.areas: dict[Tree, Path] = {
            tree: root / WORK_AREA / release_id for tree, root in self.roots.items()
        }
        self.area = self.areas["public"]
        self._folders: dict[tuple[Tree, str], Path] = {}
        # Each site file is prepared under a number of its own (no folders to make and remove for it).
        self._site_files: list[tuple[Tree, str, Path]] = []
        self.switched = False

    def folder(self, name: str, tree: Tree = "public") -> Path:
        """The new version of ``DIR/<name>/`` (or ``DIR.internal/<name>/``), empty until files are put in."""
        if (tree, name) not in self._folders:
            folder = self.areas[tree] / "folders" / name
            _mkdir(folder)
            self._folders[tree, name] = folder
        return self._folders[tree, name]

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

    def site_file(self, relative: str, data: bytes, tree: Tree | None = None) -> None:
        """A site-wide file (e.g. ``index.html``, ``feed.xml``) to replace or create."""
        tree = tree or tree_of(relative)
        staged = self.areas[tree] / "site" / str(len(self._site_files))
        if not self._site_files or all(other != tree for other, _r, _s in self._site_files):
            _mkdir(staged.parent)
        _create(staged, data)
        self._site_files.append((tree, relative, staged))

    def switch(self) -> None:
        """Rename everything prepared into place; on any error undo the renames already made."""
        _create(self.area / _JOURNAL, json.dumps(self._plan()).encode())
        undo: list[tuple[str, Path, Path]] = []
        try:
            # The internal folder (the record) goes first: a reader never sees a page without its record.
            internal_first = sorted(self._folders.items(), key=lambda item: item[0][0] == "public")
            for (tree, name), folder in internal_first:
                target = self.roots[tree] / name
                if target.exists():
                    _swap(folder, target)
                    undo.append(("swap", folder, target))
                else:
                    _rename(folder, target)
                    undo.append(("rename", target, folder))
            for tree, relative, staged in self._site_files:
                self._switch_site_file(tree, relative, staged, undo)
        except BaseException:
            _undo(undo)
            raise
        self.switched = True

    def _switch_site_file(
        self, tree: Tree, relative: str, staged: Path, undo: list[tuple[str, Path, Path]]
    ) -> None:
        """Put the new file in place with one atomic exchange; the old one stays at ``staged`` for undo.

        Where the file system cannot exchange, the old file is kept as a hard link and the new one
        renamed over it: readers see either file at every moment in both cases.
        """
        target = self.roots[tree] / relative
        backup = staged.with_name(staged.name + _OLD)
        if target.exists():
            if _swap_file(staged, target):
                undo.append(("swap", staged, target))
                return
            _link(target, backup)
        elif not target.parent.is_dir():
            _mkdir_public(target.parent)
            undo.append(("folder", target.parent, target.parent))
        _rename(staged, target)
        undo.append(("site", target, backup))

    def _plan(self) -> dict[str, list[list[str | int]]]:
        folders: list[list[str | int]] = [
            [tree, name, folder.stat().st_ino] for (tree, name), folder in self._folders.items()
        ]
        site: list[list[str | int]] = [
            [tree, relative, staged.name, staged.stat().st_ino] for tree, relative, staged in self._site_files
        ]
        return {"folders": folders, "site": site}


@contextmanager
def public_change(out_dir: Path, release_id: str) -> Iterator[PublicChange]:
    """A change of ``out_dir`` and its internal tree; the work areas are removed afterwards, in or not.

    Raises ``StorageError`` (naming the file and the cause) when any part could not be written.
    """
    change = PublicChange(out_dir, release_id)
    try:
        _mkdir_public(out_dir)
        _mkdir_private(change.roots["internal"])
        for area in change.areas.values():
            _mkdir(area)
            # Not for readers of the site: a web server must not serve files before they are switched in.
            os.chmod(area.parent, _WORK_AREA_MODE)
            os.chmod(area, _WORK_AREA_MODE)
        yield change
    except OSError as error:
        raise StorageError(error.errno, _describe(error, out_dir)) from error
    finally:
        for area in change.areas.values():
            shutil.rmtree(area, ignore_errors=True)
            _remove_if_empty(area.parent)
        if change.switched:
            # The next change trusts site files kept up to date release by release if nothing else
            # changed the internal tree since (``tree_unchanged``); without the note it checks them all.
            with suppress(OSError):
                note_switch(out_dir)


def recover(out_dir: Path) -> list[str]:
    """Undo the half-done switches of killed processes; return the releases whose work was undone."""
    undone: list[str] = []
    roots: dict[Tree, Path] = {"public": out_dir, "internal": internal_dir(out_dir)}
    if not roots["internal"].exists() and out_dir.is_dir():
        _move_out_internal_files(out_dir, roots["internal"])
    work = {tree: root / WORK_AREA for tree, root in roots.items()}
    if not any(folder.is_dir() for folder in work.values()):
        return undone
    journals = sorted(work["public"].glob(f"*/{_JOURNAL}")) if work["public"].is_dir() else []
    for journal in journals:
        release = journal.parent.name
        plan = json.loads(journal.read_text(encoding="utf-8"))
        for tree, name, inode in plan["folders"]:
            _recover_folder(work[tree] / release, roots[tree] / name, name, inode)
        for tree, relative, *staged in plan["site"]:
            _recover_site_file(work[tree] / release, roots[tree] / relative, relative, staged)
        undone.append(release)
    for root in work.values():
        if root.is_dir():
            for area in root.iterdir():
                shutil.rmtree(area, ignore_errors=True)
            _remove_if_empty(root)
    return undone


# What a site written before the internal tree kept in its public folders.
_OLD_INTERNAL_FILES = (RECORD_NAME, "report.json", "report.html", *INTERNAL_FILES)


def _move_out_internal_files(out_dir: Path, internal: Path) -> None:
    """Move the internal files of a site written before the internal tree into it (once: it is then there).

    Copied first, renamed in whole, and only then removed from the public tree: a process killed
    on the way leaves the site as it was (the next change starts again) or a copy too many.
    """
    staging = internal.with_name(internal.name + ".moving")
    shutil.rmtree(staging, ignore_errors=True)  # left by a process killed while copying
    _mkdir_private(staging)
    moved = [(out_dir / name, staging / name) for name in (SITE_INDEX_NAME, *INTERNAL_FILES)]
    for record in out_dir.glob(f"*/{RECORD_NAME}"):
        _mkdir(staging / record.parent.name)
        moved += [(record.parent / name, staging / record.parent.name / name) for name in _OLD_INTERNAL_FILES]
    moved = [(old, new) for old, new in moved if old.exists()]
    for old, new in moved:
        if old.is_dir():
            shutil.copytree(old, new)
        else:
            shutil.copy2(old, new)
    staging.rename(internal)
    for old, _ in moved:
        if old.is_dir():
            shutil.rmtree(old)
        else:
            old.unlink()


def _recover_folder(area: Path, target: Path, name: str, inode: int) -> None:
    # A folder keeps its inode when renamed: the journal's inode tells whether the new one was switched in.
    prepared = area / "folders" / name
    parked = prepared.with_name(prepared.name + ".parked")
    if _inode(target) == inode:
        if parked.exists():  # killed inside a two-rename swap, after the second rename
            os.rename(target, prepared)
            os.rename(parked, target)
        elif prepared.exists():  # the old folder sits in the work area: swap it back
            swap_paths(prepared, target)
        else:  # there was no old folder: take the new one out again
            os.rename(target, prepared)
    elif parked.exists() and not target.exists():  # killed between the renames of a swap
        os.rename(parked, target)


def _recover_site_file(area: Path, target: Path, relative: str, staged: list[str | int]) -> None:
    if not staged:  # a journal of a version that kept every old site file in "backup/"
        backup = area / "backup" / relative
        if backup.is_file():
            os.replace(backup, target)
        return
    name, inode = str(staged[0]), int(staged[1])
    prepared = area / "site" / name
    backup = prepared.with_name(name + _OLD)
    if backup.is_file():  # kept as a link: put it back
        os.replace(backup, target)
    elif _inode(target) == inode and prepared.exists():  # exchanged: the old file waits in the work area
        swap_paths(prepared, target)
    # Otherwise the file is the old one still, or a new one there was none before: it stays.


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except OSError:
        return None


def _undo(steps: list[tuple[str, Path, Path]]) -> None:
    for kind, first, second in reversed(steps):
        try:
            if kind == "swap":
                swap_paths(first, second)
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


def _mkdir_private(folder: Path) -> None:
    if not folder.is_dir():
        folder.mkdir(mode=_WORK_AREA_MODE, parents=True)
        os.chmod(folder, _WORK_AREA_MODE)


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
    swap_paths(first, second)


def _swap_file(staged: Path, target: Path) -> bool:
    return exchange_paths(staged, target)
