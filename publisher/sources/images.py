"""Resolve and validate the images an article refers to, before anything is written."""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slugify import slugify

from publisher.urls import WEB_SCHEMES, UnsafeUrl, check_url, scheme_of
from publisher.user_cache import KeptAnswers

__all__ = ["ImageProblem", "LocalImage", "resolve_image_source"]

# SVG is left out on purpose: it can carry script.
_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# What Pillow read from an image file that passed its checks (format, width, height), by the file's
# SHA-256: the same bytes read by the same Pillow give the same answer, so a run that releases an
# image again needs not load Pillow to measure it. Only images Pillow accepted are kept.
IMAGE_FACTS = KeptAnswers("image-facts", "PIL", "Image.py")


class ImageProblem(ValueError):
    """An image reference that cannot be used; the message says why."""


@dataclass(frozen=True)
class LocalImage:
    """A validated image file inside the article's folder, and the name it gets in the output."""

    path: Path
    output_name: str
    width: int
    height: int


def resolve_image_source(
    src: str, article_dir: Path, *, max_bytes: int = 50_000_000, max_pixels: int = 89_478_485
) -> tuple[dict[str, Any], LocalImage | None]:
    """Model fields for an image ``src`` (``src``, ``width``, ``height``) and the local file, if any.

    A local file larger than ``max_bytes`` or ``max_pixels`` is refused before its pixels are read:
    a PNG of a few kilobytes can declare 400 million pixels (a decompression bomb).
    """
    try:
        src = check_url(src, schemes=WEB_SCHEMES, relative=True)
    except UnsafeUrl as error:
        raise ImageProblem(
            f"image source {src!r} must be a file next to the article or an https URL: {error}"
        ) from None
    if scheme_of(src) is not None:
        return {"src": src}, None
    base = article_dir.resolve()
    try:
        candidate = (base / src).resolve()
        found = candidate.is_file()
    except (OSError, RuntimeError) as error:  # a name too long, a symbolic link loop
        raise ImageProblem(f"image path {src!r} cannot be used ({error})") from None
    if not candidate.is_relative_to(base):
        raise ImageProblem(f"image path {src!r} leaves the article's folder")
    if not found:
        raise ImageProblem(f"image file {src!r} not found (looked in {base})")
    try:
        size = candidate.stat().st_size
        if size > max_bytes:
            raise ImageProblem(
                f"image file {src!r} is {size:,} bytes; at most {max_bytes:,} are accepted "
                "(setting source.max_image_bytes): save it smaller"
            )
        data = candidate.read_bytes()
    except OSError as error:
        raise ImageProblem(f"image file {src!r} is unreadable or not an image ({error})") from None
    digest = hashlib.sha256(data).hexdigest()
    image_format, width, height = IMAGE_FACTS.get(digest, lambda _: _measure(src, candidate, max_pixels))
    _check_pixels(src, width, height, max_pixels)
    extension = _FORMATS.get(image_format or "")
    if extension is None:
        raise ImageProblem(f"image file {src!r} is {image_format}; use JPEG, PNG, GIF or WebP")
    name = f"{slugify(candidate.stem) or 'image'}-{digest[:10]}.{extension}"
    local = LocalImage(path=candidate, output_name=name, width=width, height=height)
    return {"src": name, "width": width, "height": height}, local


def _measure(src: str, candidate: Path, max_pixels: int) -> list[str | int | None]:
    """Pillow's format, width and height of an image file, after its checks (``ImageProblem`` if it fails)."""
    from PIL import Image as PillowImage
    from PIL import UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # The pixel limit below decides; Pillow's own warning threshold would only repeat it.
            warnings.simplefilter("ignore", PillowImage.DecompressionBombWarning)
            with PillowImage.open(candidate) as image:
                image_format, (width, height) = image.format, image.size
                _check_pixels(src, width, height, max_pixels)
                image.verify()
    except ImageProblem:
        raise
    except PillowImage.DecompressionBombError as error:
        raise ImageProblem(
            f"image file {src!r} has more than the {max_pixels:,} pixels accepted ({error})"
        ) from None
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as error:
        raise ImageProblem(f"image file {src!r} is unreadable or not an image ({error})") from None
    return [image_format, width, height]


def _check_pixels(src: str, width: int, height: int, max_pixels: int) -> None:
    if width * height > max_pixels:
        raise ImageProblem(
            f"image file {src!r} is {width:,} × {height:,} = {width * height:,} pixels; at most "
            f"{max_pixels:,} are accepted (setting source.max_image_pixels): scale it down"
        )
