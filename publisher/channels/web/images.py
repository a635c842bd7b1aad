"""Responsive copies of an article's images: each width in WebP and in the original format (Pillow).

A browser picks the smallest file that fills the image's box on its screen (``srcset`` with
``sizes``), WebP where it can show it and the original format elsewhere; the ``width`` and
``height`` of the original keep the page from jumping while the image loads.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.channels.web.image_copies import KeptCopies

if TYPE_CHECKING:
    from PIL import Image as PillowImage

__all__ = ["SIZES", "WIDTHS", "ResponsiveImage", "responsive_image"]

# Steps a phone, a tablet and a desktop column (46rem at up to 2x density) choose among.
WIDTHS = (480, 800, 1200, 1600)
# The article column is at most 46rem wide (site.css), the whole viewport below that.
SIZES = "(max-width: 46rem) 100vw, 46rem"
# PNG copies are the fallback of browsers without WebP, which hardly any reader has: Pillow's
# ``optimize`` would cost each one about six times the encoding time to save 5-10 % of its bytes.
_SAVE_OPTIONS: dict[str, dict[str, int | bool]] = {
    "JPEG": {"quality": 85, "optimize": True},
    "PNG": {},
    "WEBP": {"quality": 82},
}


@dataclass(frozen=True)
class ResponsiveImage:
    """The files of one image: ``srcset`` values for WebP and the fallback, and every file written."""

    webp_srcset: str
    fallback_srcset: str
    files: tuple[str, ...]


def responsive_image(
    source: Path, name: str, workdir: Path, public: Path | None = None
) -> ResponsiveImage | None:
    """Write the scaled copies of ``source`` (named after ``name``) into ``workdir``; None if none apply.

    The original stays as it is (``name``) and is the largest step; an animated GIF or a WebP
    original is left alone (scaling one loses its frames, the other has nothing to fall back from).
    ``public`` is the article's public folder: when it holds the same image (``name`` with the same
    bytes) and every scaled copy of it, those copies are taken over instead of encoded again, as in a
    correction that keeps its image; copies kept in the user cache (``image_copies``) are taken
    over likewise, and Pillow is loaded only to encode copies neither place has.
    """
    kept = KeptCopies.of(source, WIDTHS, _SAVE_OPTIONS)
    shape = kept.shape() if kept else None
    if shape is None:
        shape = _shape(source)
        if kept is not None and shape["format"] is None:
            kept.keep(source.parent, {}, shape)
    if shape["format"] is None:
        return None
    width = shape["width"]
    stem, extension = name.rsplit(".", 1)
    steps = [step for step in WIDTHS if step < width] + [width]
    webp = [f"{stem}-{step}.webp {step}w" for step in steps]
    fallback = [f"{stem}-{step}.{extension} {step}w" for step in steps[:-1]] + [f"{name} {width}w"]
    files = {f"{step}.{kind}": f"{stem}-{step}.{kind}" for step in steps for kind in ("webp", extension)}
    files.pop(f"{width}.{extension}")  # the original itself
    made = ResponsiveImage(", ".join(webp), ", ".join(fallback), tuple(files.values()))
    if public is not None and _kept(source, name, public, list(files.values())):
        with contextlib.suppress(OSError):  # the public folder changed meanwhile: make them after all
            for file in files.values():
                shutil.copyfile(public / file, workdir / file)
            return made
    if kept is not None and kept.copy_to(workdir, files):
        return made
    from PIL import Image as PillowImage
    from PIL import (
        ImageOps,
        WebPImagePlugin,  # noqa: F401  # registers WebP; saving it otherwise loads every format
    )

    with PillowImage.open(source) as opened:
        _encode(ImageOps.exif_transpose(opened), shape["format"], steps, stem, extension, workdir)
    if kept is not None:
        kept.keep(workdir, files, shape)
    return made


def _shape(source: Path) -> dict[str, Any]:
    """The format of ``source`` (None if it gets no scaled copies) and its width as the page shows it."""
    from PIL import Image as PillowImage

    with PillowImage.open(source) as opened:
        if opened.format not in ("JPEG", "PNG") or getattr(opened, "is_animated", False):
            return {"format": None, "width": opened.size[0]}
        width = opened.size[1] if _is_turned(opened) else opened.size[0]
        return {"format": opened.format, "width": width}


def _is_turned(image: PillowImage.Image) -> bool:
    """Whether the image's EXIF orientation turns it by a quarter (width and height swap)."""
    from PIL import ExifTags

    return image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8)


def _kept(source: Path, name: str, public: Path, files: list[str]) -> bool:
    """Whether ``public`` holds this image unchanged (the same bytes as ``source``) with all ``files``."""
    original = public / name
    try:
        if original.stat().st_size != source.stat().st_size or not all((public / f).is_file() for f in files):
            return False
        return original.read_bytes() == source.read_bytes()
    except OSError:
        return False


def _encode(
    image: PillowImage.Image, original_format: str, steps: list[int], stem: str, extension: str, workdir: Path
) -> None:
    """Encode each step in WebP and, below the original's width, in the original format."""
    width, height = image.size
    for step in steps:
        scaled = image if step == width else image.resize((step, round(height * step / width)))
        scaled.save(workdir / f"{stem}-{step}.webp", "WEBP", **_SAVE_OPTIONS["WEBP"])
        if step == width:
            continue
        converted = scaled.convert("RGB") if original_format == "JPEG" else scaled
        fallback = workdir / f"{stem}-{step}.{extension}"
        converted.save(fallback, original_format, **_SAVE_OPTIONS[original_format])
