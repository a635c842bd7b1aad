"""Responsive copies of an article's images: each width in WebP and in the original format (Pillow).

A browser picks the smallest file that fills the image's box on its screen (``srcset`` with
``sizes``), WebP where it can show it and the original format elsewhere; the ``width`` and
``height`` of the original keep the page from jumping while the image loads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PillowImage
from PIL import (
    ImageOps,
    WebPImagePlugin,  # noqa: F401  # registers WebP; saving it otherwise loads every format Pillow has
)

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


def responsive_image(source: Path, name: str, workdir: Path) -> ResponsiveImage | None:
    """Write the scaled copies of ``source`` (named after ``name``) into ``workdir``; None if none apply.

    The original stays as it is (``name``) and is the largest step; an animated GIF or a WebP
    original is left alone (scaling one loses its frames, the other has nothing to fall back from).
    """
    with PillowImage.open(source) as opened:
        if opened.format not in ("JPEG", "PNG") or getattr(opened, "is_animated", False):
            return None
        image = ImageOps.exif_transpose(opened)
        original_format = opened.format
        width, height = image.size
        stem, extension = name.rsplit(".", 1)
        webp, fallback, files = [], [], []
        for step in [step for step in WIDTHS if step < width] + [width]:
            scaled = image if step == width else image.resize((step, round(height * step / width)))
            webp_name = f"{stem}-{step}.webp"
            scaled.save(workdir / webp_name, "WEBP", **_SAVE_OPTIONS["WEBP"])
            webp.append(f"{webp_name} {step}w")
            files.append(webp_name)
            if step == width:
                fallback.append(f"{name} {step}w")
                continue
            fallback_name = f"{stem}-{step}.{extension}"
            converted = scaled.convert("RGB") if original_format == "JPEG" else scaled
            converted.save(workdir / fallback_name, original_format, **_SAVE_OPTIONS[original_format])
            fallback.append(f"{fallback_name} {step}w")
            files.append(fallback_name)
    return ResponsiveImage(", ".join(webp), ", ".join(fallback), tuple(files))
