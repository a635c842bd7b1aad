"""An article posted to the API, written to a private folder as the files the CLI would read.

The Markdown file and its images keep the names the request gives them, so the precise messages of
the CLI (file, line, field) name the request's own files. Names are checked before anything is
written: plain relative paths of safe characters, nothing outside the folder, nothing hidden.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from tempfile import TemporaryDirectory

from publisher.errors import Problem

__all__ = ["MAX_IMAGES", "Upload", "UploadRefused", "article_folder", "check_name"]

MAX_IMAGES = 50
_NAME_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif")


class UploadRefused(Exception):
    """A posted file whose name or count the API does not take; ``problems`` say which and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Upload:
    """One posted file: the name the request gives it and its bytes."""

    name: str
    content: bytes


def check_name(name: str, field: str, suffixes: tuple[str, ...]) -> str | None:
    """Why ``name`` is not taken as the file name of ``field``, or None when it is."""
    path = PurePosixPath(name)
    if not name or "\\" in name or path.is_absolute() or len(path.parts) > 4:
        return "must be a relative path of at most 4 parts separated by '/'"
    if not all(_NAME_PART.fullmatch(part) for part in path.parts):
        return (
            "each part of the name may only have letters, digits, '.', '_' and '-' and cannot start with '.'"
        )
    if path.suffix.lower() not in suffixes:
        return f"must end in {', '.join(suffixes)}"
    return None


def _problems(article: Upload, images: list[Upload]) -> list[Problem]:
    found = []
    reason = check_name(article.name, "article", (".md", ".markdown", ".json"))
    if reason is not None or "/" in article.name:
        found.append(
            Problem(Path(article.name or "-"), reason or "must be a plain file name", field="article")
        )
    if len(images) > MAX_IMAGES:
        found.append(Problem(Path(article.name), f"at most {MAX_IMAGES} images per article", field="images"))
    seen: set[str] = set()
    for image in images:
        reason = check_name(image.name, "images", _IMAGE_SUFFIXES)
        if reason is None and image.name.lower() in seen:
            reason = "is posted twice"
        seen.add(image.name.lower())
        if reason is not None:
            found.append(Problem(Path(image.name or "-"), reason, field="images"))
    return found


@contextmanager
def article_folder(article: Upload, images: list[Upload]) -> Iterator[Path]:
    """The path of the Markdown file in a private folder with its images; the folder goes afterwards."""
    problems = _problems(article, images)
    if problems:
        raise UploadRefused(problems)
    with TemporaryDirectory(prefix="publisher-api-") as folder:
        root = Path(folder)
        for upload in (article, *images):
            target = root / upload.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(upload.content)
        yield root / article.name
