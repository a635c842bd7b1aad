"""Scaled copies of an image made before, kept in the user cache by the original's bytes.

Encoding an image's widths in WebP and in its own format is the costliest step of releasing a
short article with a picture, and it gives the same files for the same bytes, widths and options
with the same Pillow. So the copies are kept in ``$XDG_CACHE_HOME/publisher/images``, one folder
per image named by all of these, with the image's shape (format and width as the page shows it);
a later release of the same image, in any site, copies them instead of loading Pillow. A folder
appears whole or not at all (it is renamed into place once every file is in it), and a missing or
damaged one only costs the next run the encoding, which puts a whole one in its place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from publisher.user_cache import cache_folder, cache_key, library_stamp

__all__ = ["KeptCopies"]

_SHAPE = "shape.json"


class KeptCopies:
    """The user-cache folder of one image's scaled copies (which may not exist yet)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of(cls, source: Path, *options: object) -> KeptCopies | None:
        """The folder for ``source`` encoded with ``options``, or None without a cache or Pillow."""
        folder = cache_folder("images")
        stamp = library_stamp("PIL", "Image.py")
        if folder is None or stamp is None:
            return None
        try:
            digest = hashlib.sha256(source.read_bytes()).hexdigest()
        except OSError:
            return None
        return cls(folder / cache_key(stamp, digest, *options))

    def shape(self) -> dict[str, Any] | None:
        """The kept shape of the image (``format``, None when it gets no copies, and ``width``)."""
        try:
            shape = json.loads((self.folder / _SHAPE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return shape if isinstance(shape, dict) and "format" in shape else None

    def copy_to(self, workdir: Path, files: dict[str, str]) -> bool:
        """Copy the kept files (``{kept name: name in workdir}``) to ``workdir``; False if one is missing."""
        try:
            for kept, name in files.items():
                shutil.copyfile(self.folder / kept, workdir / name)
        except OSError:
            return False
        return True

    def keep(self, workdir: Path, files: dict[str, str], shape: dict[str, Any]) -> None:
        """Keep ``files`` of ``workdir`` (``{kept name: name in workdir}``) and ``shape``, all or none."""
        with contextlib.suppress(OSError):  # a full disk or a folder made meanwhile: nothing is kept
            staging = Path(tempfile.mkdtemp(dir=self.folder.parent, prefix=f".{self.folder.name}."))
            try:
                for kept, name in files.items():
                    shutil.copyfile(workdir / name, staging / kept)
                (staging / _SHAPE).write_text(json.dumps(shape, sort_keys=True), encoding="utf-8")
                self._replace(staging)
            finally:
                shutil.rmtree(staging, ignore_errors=True)

    def _replace(self, staging: Path) -> None:
        """Rename ``staging`` into place; a damaged folder there (a file gone missing) is taken away first."""
        try:
            staging.rename(self.folder)
        except OSError:
            damaged = self.folder.with_name(f"{staging.name}.old")
            self.folder.rename(damaged)
            try:
                staging.rename(self.folder)
            finally:
                shutil.rmtree(damaged, ignore_errors=True)
