"""Resolve the files an article offers for download (PDF documents, press photos) before anything is written.

A download is copied as it is (a press photo keeps its original resolution); what the page says
about it (format, size, pixels) is read here from the file itself, never taken from the author.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from slugify import slugify

from publisher.sources.images import ImageProblem, resolve_image_source

__all__ = ["DOWNLOAD_KEYS", "LocalDownload", "resolve_download"]

DOWNLOAD_KEYS = ("src", "title", "credit", "rights")
_PDF_MAGIC = b"%PDF-"
_PHOTO_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}


@dataclass(frozen=True)
class LocalDownload:
    """A validated file inside the article's folder, and the name it gets in the output."""

    path: Path
    output_name: str


def resolve_download(
    src: str, article_dir: Path, *, max_bytes: int, max_pixels: int
) -> tuple[dict[str, Any], LocalDownload]:
    """Model fields of a download (``src``, ``kind``, ``media_type``, ``size``, pixels) and its file.

    Raises ``ImageProblem`` naming the file when it is missing, outside the folder, too large or
    neither a PDF nor a JPEG, PNG, GIF or WebP image.
    """
    if src.lower().endswith(".pdf"):
        return _resolve_pdf(src, article_dir, max_bytes)
    try:
        fields, local = resolve_image_source(src, article_dir, max_bytes=max_bytes, max_pixels=max_pixels)
    except ImageProblem as error:
        raise ImageProblem(f"{error} (downloads are PDF files or photos: JPEG, PNG, GIF or WebP)") from None
    if local is None:
        raise ImageProblem(f"download {src!r} must be a file next to the article, not a web address")
    extension = local.output_name.rsplit(".", 1)[-1]
    fields.update(kind="photo", media_type=_PHOTO_TYPES[extension], size=local.path.stat().st_size)
    return fields, LocalDownload(local.path, local.output_name)


def _resolve_pdf(src: str, article_dir: Path, max_bytes: int) -> tuple[dict[str, Any], LocalDownload]:
    base = article_dir.resolve()
    try:
        candidate = (base / src).resolve()
        found = candidate.is_file()
    except (OSError, RuntimeError) as error:
        raise ImageProblem(f"download path {src!r} cannot be used ({error})") from None
    if not candidate.is_relative_to(base):
        raise ImageProblem(f"download path {src!r} leaves the article's folder")
    if not found:
        raise ImageProblem(f"download file {src!r} not found (looked in {base})")
    size = candidate.stat().st_size
    if size > max_bytes:
        raise ImageProblem(
            f"download file {src!r} is {size:,} bytes; at most {max_bytes:,} are accepted "
            "(setting source.max_image_bytes)"
        )
    data = candidate.read_bytes()
    if not data.startswith(_PDF_MAGIC):
        raise ImageProblem(f"download file {src!r} ends in .pdf but is not a PDF document")
    digest = hashlib.sha256(data).hexdigest()[:10]
    name = f"{slugify(candidate.stem) or 'dokument'}-{digest}.pdf"
    fields = {"src": name, "kind": "document", "media_type": "application/pdf", "size": size}
    return fields, LocalDownload(candidate, name)
