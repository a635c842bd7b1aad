"""The podcast's cover art: the press office's own image (a setting), else one made from the site title.

Podcast directories want a square JPEG or PNG of 1400 to 3000 pixels in RGB. The made cover is
3000 × 3000: the site title in large white letters on a dark blue (contrast 14:1, far above
WCAG's 4.5:1), wrapped to fit, above the owner's name, so it stays legible as a small tile.
Drawing it costs a fresh process about 0.3 s and 35 MB at its peak, so it is drawn once and kept
in the site's audio cache folder, under a name made from what it shows and how it is drawn.
"""

from __future__ import annotations

import contextlib
import io
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.errors import PublisherError
from publisher.files import atomic_write
from publisher.settings import Settings
from publisher.user_cache import cache_key

if TYPE_CHECKING:
    from PIL import ImageDraw

__all__ = [
    "COVER_SIZE",
    "Cover",
    "CoverError",
    "artwork_problems",
    "cover_for",
    "cover_name",
    "made_cover",
    "site_cover",
]

COVER_SIZE = 3000
_MIN_SIZE = 1400
_BACKGROUND = (16, 42, 84)
_TEXT = (255, 255, 255)
_ACCENT = (255, 214, 102)
_MARGIN = 240
_MADE_NAME = "podcast-cover.png"
# Raised whenever the drawing changes, so that covers kept from before are drawn again.
_DRAWING = 1


class CoverError(PublisherError):
    """The configured artwork cannot be a podcast cover; the message says why."""


@dataclass(frozen=True)
class Cover:
    """Cover art as bytes, with its file name in the site and its MIME type."""

    data: bytes
    name: str
    mime: str


def artwork_problems(data: bytes) -> list[str]:
    """What keeps ``data`` from being accepted as podcast artwork (empty when it is fine)."""
    # Imported here: a release whose cover is kept never loads Pillow.
    from PIL import Image, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError:
        return ["not an image"]
    problems = []
    if image.format not in ("JPEG", "PNG"):
        problems.append(f"{image.format} instead of JPEG or PNG")
    width, height = image.size
    if width != height:
        problems.append(f"{width}×{height} is not square")
    if not _MIN_SIZE <= width <= COVER_SIZE:
        problems.append(f"{width} px wide, not between {_MIN_SIZE} and {COVER_SIZE}")
    if image.mode != "RGB":
        problems.append(f"colour mode {image.mode}, not RGB")
    return problems


def cover_for(artwork: Path | None, title: str, owner: str, folder: Path | None = None) -> Cover:
    """The configured artwork after checking it, else the cover made from ``title`` and ``owner``
    (kept in ``folder``, if given, for the next process)."""
    if artwork is None:
        return Cover(_kept_cover(title, owner, folder), _MADE_NAME, "image/png")
    try:
        data = artwork.read_bytes()
    except OSError as error:
        raise CoverError(f"audio.podcast_artwork {artwork}: {error.strerror}") from error
    problems = artwork_problems(data)
    if problems:
        raise CoverError(f"audio.podcast_artwork {artwork} cannot be a podcast cover: {'; '.join(problems)}")
    is_png = data.startswith(b"\x89PNG")
    return Cover(
        data, "podcast-cover.png" if is_png else "podcast-cover.jpg", "image/png" if is_png else "image/jpeg"
    )


def site_cover(settings: Settings, folder: Path | None = None) -> Cover:
    """The podcast's cover: the configured artwork, else one made from the site title (kept in ``folder``)."""
    return cover_for(settings.audio.podcast_artwork, settings.site.title, settings.site.owner, folder)


def cover_name(settings: Settings) -> str:
    """The file name of the podcast's cover in the site (a made cover is not drawn for it)."""
    if settings.audio.podcast_artwork is None:
        return _MADE_NAME
    return site_cover(settings).name


def _kept_cover(title: str, owner: str, folder: Path | None) -> bytes:
    """The made cover as kept in ``folder``, drawn (and kept) when it is not there yet."""
    if folder is None:
        return made_cover(title, owner)
    from PIL import __version__ as pillow

    path = folder / f"cover-{cache_key(_DRAWING, pillow, COVER_SIZE, title, owner)}.png"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = made_cover(title, owner)
    # A folder that cannot be written costs the next process the drawing, nothing else.
    with contextlib.suppress(OSError):
        atomic_write(path, data)
    return data


@lru_cache(maxsize=4)
def made_cover(title: str, owner: str) -> bytes:
    """A 3000 × 3000 PNG with ``title`` large and ``owner`` below it, in high contrast."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (COVER_SIZE, COVER_SIZE), _BACKGROUND)
    draw = ImageDraw.Draw(image)
    width = COVER_SIZE - 2 * _MARGIN
    size, lines = _fitted(draw, title, width)
    font = ImageFont.load_default(size)
    top = _MARGIN * 2
    for line in lines:
        draw.text((_MARGIN, top), line, font=font, fill=_TEXT)
        top += round(size * 1.2)
    draw.rectangle((_MARGIN, top + 60, _MARGIN + 600, top + 100), fill=_ACCENT)
    small = ImageFont.load_default(150)
    for line in textwrap.wrap(owner, 28)[:3]:
        top_of_owner = top + 220
        draw.text((_MARGIN, top_of_owner), line, font=small, fill=_TEXT)
        top += 180
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _fitted(draw: ImageDraw.ImageDraw, title: str, width: int) -> tuple[int, list[str]]:
    """The largest font size (from 400 px down) at which ``title`` fits in four lines of ``width``."""
    from PIL import ImageFont

    for size in range(400, 90, -30):
        font = ImageFont.load_default(size)
        average = draw.textlength("abcdefghijklmnopqrstuvwxyz", font=font) / 26
        lines = textwrap.wrap(title, max(4, int(width / average)), break_long_words=True)
        if len(lines) <= 4 and all(draw.textlength(line, font=font) <= width for line in lines):
            return size, lines
    return 90, textwrap.wrap(title, 40)[:6]
