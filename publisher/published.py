"""What is public: each released article's record and the index of them all, kept beside the site.

Nothing here is served: the records, the site index and the press office's files of a release
(report, sample message) live in the internal tree ``DIR.internal/`` beside the public ``DIR/``
(``internal_dir``), one folder per article (``DIR.internal/<slug>/``, readable by its owner only).

A record holds the canonical article, when each channel was released and with which files, the
release's generation (monotonic per slug) and the Markdown file it was made from. Site files
are rebuilt from these records; a release reads the record it is about to replace to refuse an
older generation or an article from another file with the same slug. ``SiteContext`` is the
public tree after a release, which the channels rebuild their site-wide files (index, feeds) from.

Every release also writes the site index (``publisher.site_index``): what site files need of each
article. ``published_index`` reads it, and reads the records only of folders it does not list (a
tree written by an older version, a folder copied in by hand).
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, overload

from pydantic import ValidationError

from publisher.model import Article
from publisher.settings import Settings
from publisher.site_index import (
    SITE_INDEX_NAME,
    PublishedArticle,
    indexed_entry,
    internal_dir,
    read_site_index,
    site_index_changes,
    site_index_files,
)

__all__ = [
    "INTERNAL_FILES",
    "RECORD_NAME",
    "SAMPLE_MESSAGE_NAME",
    "SITE_INDEX_NAME",
    "WEB_STATE_NAME",
    "LazyArticles",
    "PublicRecord",
    "PublishedArticle",
    "PublishedIndex",
    "SiteContext",
    "SkippedRecord",
    "indexed_entry",
    "internal_dir",
    "note_switch",
    "published_articles",
    "published_index",
    "read_record",
    "record_path",
    "site_index_changes",
    "site_index_files",
    "tree_unchanged",
]

log = logging.getLogger(__name__)

RECORD_NAME = "article.json"
# Files channels write that are not for readers: the newsletter's sample message (for the press
# office) and the web channel's state of the site files (for the next release). A release puts them
# into the internal tree, never the public one.
SAMPLE_MESSAGE_NAME = "newsletter.eml"
WEB_STATE_NAME = ".web-site"  # a folder
# The single file earlier versions kept it in: still never public, if a site has one.
_OLD_WEB_STATE_NAME = ".web-site-state.json"
INTERNAL_FILES = frozenset({SAMPLE_MESSAGE_NAME, WEB_STATE_NAME, _OLD_WEB_STATE_NAME})
# Written after each switch of the trees: the internal tree as that switch left it (see ``tree_unchanged``).
_SWITCH_MARK = ".switched"


@dataclass(frozen=True)
class PublicRecord:
    """What ``DIR.internal/<slug>/article.json`` says about the version that is public."""

    article: dict[str, Any]
    # channel -> ISO time it was released
    released: dict[str, str] = field(default_factory=dict)
    # channel -> its files in the article folder (records written before generations: empty)
    files: dict[str, list[str]] = field(default_factory=dict)
    generation: int = 0
    release: str = ""
    source: str = ""

    def to_json(self) -> bytes:
        """The record as written into the article's internal folder."""
        data = {
            "article": self.article,
            "released": self.released,
            "files": self.files,
            "generation": self.generation,
            "release": self.release,
            "source": self.source,
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode()


def record_path(out_dir: Path, slug: str) -> Path:
    """Where the record of the article ``slug`` of the site in ``out_dir`` is kept."""
    return internal_dir(out_dir) / slug / RECORD_NAME


def read_record(out_dir: Path, slug: str) -> PublicRecord | None:
    """The record of the public article ``slug``; None when there is none (or it cannot be read)."""
    path = record_path(out_dir, slug)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("article"), dict):
        return None
    return PublicRecord(
        article=data["article"],
        released=dict(data.get("released") or {}),
        files={name: list(files) for name, files in (data.get("files") or {}).items()},
        generation=int(data.get("generation") or 0),
        release=str(data.get("release") or ""),
        source=str(data.get("source") or ""),
    )


@dataclass(frozen=True)
class SiteContext:
    """The public tree after a release: what site-wide files are rebuilt from.

    ``changes`` names what this change of the site did (folder name -> the article as published now,
    or None when it is no longer published), when nothing else changed the trees since the last
    switch: site files kept up to date release by release need nothing else. Without it, they
    compare ``articles`` (every published article) with what they hold.
    """

    settings: Settings
    out_dir: Path
    articles: Sequence[PublishedArticle]
    changes: Mapping[str, PublishedArticle | None] | None = None

    def with_channel(self, channel: str) -> list[PublishedArticle]:
        """Published articles that have ``channel`` released, newest first."""
        return [entry for entry in self.articles if channel in entry.channels]


@dataclass(frozen=True)
class SkippedRecord:
    """A record in the public tree that could not be read or is not a valid article, and why."""

    path: Path
    reason: str


@dataclass(frozen=True)
class PublishedIndex:
    """The articles in the public tree, and the records the index had to leave out."""

    articles: tuple[PublishedArticle, ...]
    skipped: tuple[SkippedRecord, ...] = ()


class LazyArticles(Sequence[PublishedArticle]):
    """The published articles after a change (``changes`` applied), read from the tree when first used."""

    def __init__(self, out_dir: Path, changes: Mapping[str, PublishedArticle | None]) -> None:
        self._out_dir, self._changes = out_dir, changes
        self._articles: tuple[PublishedArticle, ...] | None = None

    def _read(self) -> tuple[PublishedArticle, ...]:
        if self._articles is None:
            kept = [entry for entry in published_articles(self._out_dir) if entry.name not in self._changes]
            self._articles = (*kept, *(entry for entry in self._changes.values() if entry is not None))
        return self._articles

    @overload
    def __getitem__(self, index: int) -> PublishedArticle: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PublishedArticle]: ...

    def __getitem__(self, index: int | slice) -> PublishedArticle | Sequence[PublishedArticle]:
        return self._read()[index]

    def __len__(self) -> int:
        return len(self._read())


def tree_unchanged(out_dir: Path) -> bool:
    """Whether the internal tree is as the last switch left it: no folder added or removed by hand since.

    A folder's modification time changes with every entry added, removed or renamed in it; the last
    switch noted it (``note_switch``). Ask before starting a change (which adds its work area).
    """
    internal = internal_dir(out_dir)
    try:
        noted = (internal / _SWITCH_MARK).read_text(encoding="ascii")
        status = internal.stat()
    except (OSError, ValueError):
        return False
    return noted == f"{status.st_ino} {status.st_mtime_ns}"


def note_switch(out_dir: Path) -> None:
    """Note the internal tree as a switch left it (written in place: noting it does not change it)."""
    internal = internal_dir(out_dir)
    descriptor = os.open(internal / _SWITCH_MARK, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        status = internal.stat()  # after the mark exists: creating it changed the folder
        os.ftruncate(descriptor, 0)
        os.write(descriptor, f"{status.st_ino} {status.st_mtime_ns}".encode("ascii"))
    finally:
        os.close(descriptor)


def published_index(out_dir: Path) -> PublishedIndex:
    """The articles in the public tree with the channels released for each.

    The site index lists the articles releases put there; a folder it does not list (a tree from
    before the index, a record copied in by hand) has its record read. A record that cannot be read
    or is not a valid article is left out, logged and named in ``skipped``: one bad record never
    stops the site files being rebuilt, and the release's report says which one was left out.
    """
    internal = internal_dir(out_dir)
    indexed = read_site_index(internal, out_dir)
    folders = _folder_names(internal)
    entries = [entry for name, entry in indexed.items() if name in folders]
    skipped = []
    for name in sorted(folders - indexed.keys()):
        record = internal / name / RECORD_NAME
        if not record.is_file():
            continue  # a folder of site pages (topics/, archive/ ...), not an article
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            if data.get("withdrawn"):  # its address shows a notice; it is in no index, feed or sitemap
                continue
            article = Article.model_validate(data["article"])
            channels = frozenset(data.get("released", {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("%s is left out of the site files: %s", record, error)
            skipped.append(SkippedRecord(record, _reason(error)))
            continue
        entries.append(PublishedArticle(article=article, folder=out_dir / name, channels=channels))
    return PublishedIndex(tuple(entries), tuple(skipped))


def _folder_names(out_dir: Path) -> set[str]:
    # Every name (listing them is cheap; asking each entry whether it is a folder is not, at 10,000):
    # the callers look for records and index entries by name, and files have neither.
    try:
        return set(os.listdir(out_dir))
    except FileNotFoundError:
        return set()


def published_articles(out_dir: Path) -> list[PublishedArticle]:
    """The articles in the public tree (see ``published_index``)."""
    return list(published_index(out_dir).articles)


def _reason(error: Exception) -> str:
    """Why a record was left out, in one line."""
    if isinstance(error, ValidationError):
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        more = f" (and {error.error_count() - 1} more)" if error.error_count() > 1 else ""
        message = str(first["msg"]).removeprefix("Value error, ")
        return f"not a valid article: field '{where}': {message}{more}"
    if isinstance(error, KeyError):
        return f"not an article record: it has no {error}"
    text = " ".join(str(error).split())
    return f"cannot be read: {text or type(error).__name__}"
