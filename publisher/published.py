"""What is public: each released article's record (``DIR/<slug>/article.json``) and the index of them all.

A record holds the canonical article, when each channel was released and with which files, the
release's generation (monotonic per slug) and the Markdown file it was made from. Site files
are rebuilt from these records; a release reads the record it is about to replace to refuse an
older generation or an article from another file with the same slug. ``SiteContext`` is the
public tree after a release, which the channels rebuild their site-wide files (index, feeds) from.

Reading ten thousand records on every release would make each release slower than the last, so
every release also writes the site index (``DIR/.site-index.json``): one compact file with what
site files need of each article (no body). ``published_index`` reads it, and reads the records
only of folders it does not list (a tree written by an older version, a folder copied in by hand).
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from publisher.model import Article
from publisher.settings import Settings

__all__ = [
    "RECORD_NAME",
    "SITE_INDEX_NAME",
    "PublicRecord",
    "PublishedArticle",
    "PublishedIndex",
    "SiteContext",
    "SkippedRecord",
    "published_articles",
    "published_index",
    "read_record",
    "site_index_file",
]

log = logging.getLogger(__name__)

RECORD_NAME = "article.json"
SITE_INDEX_NAME = ".site-index.json"
# What the site index keeps of each article: everything site-wide files show, never the body.
_INDEXED_FIELDS = ("title", "slug", "lang", "date", "embargo", "kicker", "summary", "author", "tags")
_INDEX_FORMAT = 1


@dataclass(frozen=True)
class PublicRecord:
    """What ``DIR/<slug>/article.json`` says about the version that is public."""

    article: dict[str, Any]
    # channel -> ISO time it was released
    released: dict[str, str] = field(default_factory=dict)
    # channel -> its files in the article folder (records written before generations: empty)
    files: dict[str, list[str]] = field(default_factory=dict)
    generation: int = 0
    release: str = ""
    source: str = ""

    def to_json(self) -> bytes:
        """The record as written into the article folder."""
        data = {
            "article": self.article,
            "released": self.released,
            "files": self.files,
            "generation": self.generation,
            "release": self.release,
            "source": self.source,
        }
        return json.dumps(data, ensure_ascii=False, indent=2).encode()


def read_record(out_dir: Path, slug: str) -> PublicRecord | None:
    """The record of the public article ``slug``; None when there is none (or it cannot be read)."""
    path = out_dir / slug / RECORD_NAME
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
class PublishedArticle:
    """An article already in the public tree, with the channels whose output is there.

    Read from the site index, ``article`` carries the indexed fields only (its body is empty);
    the full article is in the folder's record.
    """

    article: Article
    folder: Path
    channels: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SiteContext:
    """The public tree after a release: what site-wide files are rebuilt from."""

    settings: Settings
    out_dir: Path
    articles: tuple[PublishedArticle, ...]

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


def published_index(out_dir: Path) -> PublishedIndex:
    """The articles in the public tree with the channels released for each.

    The site index lists the articles releases put there; a folder it does not list (a tree from
    before the index, a record copied in by hand) has its record read. A record that cannot be read
    or is not a valid article is left out, logged and named in ``skipped``: one bad record never
    stops the site files being rebuilt, and the release's report says which one was left out.
    """
    indexed = _read_site_index(out_dir)
    folders = _folder_names(out_dir)
    entries = [entry for name, entry in indexed.items() if name in folders]
    skipped = []
    for name in sorted(folders - indexed.keys()):
        record = out_dir / name / RECORD_NAME
        if not record.is_file():
            continue  # a folder of site pages (topics/, archive/ ...), not an article
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            article = Article.model_validate(data["article"])
            channels = frozenset(data.get("released", {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
            log.warning("%s is left out of the site files: %s", record, error)
            skipped.append(SkippedRecord(record, _reason(error)))
            continue
        entries.append(PublishedArticle(article=article, folder=record.parent, channels=channels))
    return PublishedIndex(tuple(entries), tuple(skipped))


def _folder_names(out_dir: Path) -> set[str]:
    try:
        with os.scandir(out_dir) as found:
            return {entry.name for entry in found if entry.is_dir(follow_symlinks=False)}
    except FileNotFoundError:
        return set()


def published_articles(out_dir: Path) -> list[PublishedArticle]:
    """The articles in the public tree (see ``published_index``)."""
    return list(published_index(out_dir).articles)


def site_index_file(articles: tuple[PublishedArticle, ...] | list[PublishedArticle]) -> bytes:
    """The site index of ``articles`` as written beside them (``SITE_INDEX_NAME``)."""
    entries = []
    for entry in sorted(articles, key=lambda entry: entry.article.slug):
        data = {name: getattr(entry.article, name) for name in _INDEXED_FIELDS}
        data["date"] = entry.article.date.isoformat()
        data["embargo"] = entry.article.embargo.isoformat() if entry.article.embargo else None
        entries.append({"article": data, "channels": sorted(entry.channels), "folder": entry.folder.name})
    document = {"format": _INDEX_FORMAT, "articles": entries}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _read_site_index(out_dir: Path) -> dict[str, PublishedArticle]:
    """The articles the site index lists, by folder name; empty when there is no usable index."""
    try:
        document = json.loads((out_dir / SITE_INDEX_NAME).read_bytes())
        if document.get("format") != _INDEX_FORMAT:
            return {}
        return {item["folder"]: _indexed_article(out_dir, item) for item in document["articles"]}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        if not isinstance(error, FileNotFoundError):
            log.warning(
                "%s cannot be used, reading every record instead: %s", out_dir / SITE_INDEX_NAME, error
            )
        return {}


def _indexed_article(out_dir: Path, item: dict[str, Any]) -> PublishedArticle:
    # The index was written from validated articles by a release; building them again unchecked
    # keeps reading ten thousand entries within a few milliseconds.
    data = dict(item["article"])
    data["date"] = datetime.fromisoformat(data["date"])
    if data.get("embargo"):
        data["embargo"] = datetime.fromisoformat(data["embargo"])
    data["tags"] = list(data.get("tags") or ())
    article = Article.model_construct(**data, body=[], related=[], image=None)
    return PublishedArticle(article, out_dir / item["folder"], frozenset(item["channels"]))


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
