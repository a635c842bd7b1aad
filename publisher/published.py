"""What is public: each released article's record (``DIR/<slug>/article.json``) and the index of them all.

A record holds the canonical article, when each channel was released and with which files, the
release's generation (monotonic per slug) and the Markdown file it was made from. Site files
are rebuilt from these records; a release reads the record it is about to replace to refuse an
older generation or an article from another file with the same slug. ``SiteContext`` is the
public tree after a release, which the channels rebuild their site-wide files (index, feeds) from.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from publisher.model import Article
from publisher.settings import Settings

__all__ = [
    "RECORD_NAME",
    "PublicRecord",
    "PublishedArticle",
    "PublishedIndex",
    "SiteContext",
    "SkippedRecord",
    "published_articles",
    "published_index",
    "read_record",
]

log = logging.getLogger(__name__)

RECORD_NAME = "article.json"


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
    """An article already in the public tree, with the channels whose output is there."""

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

    A record that cannot be read or is not a valid article (written by hand or by an older version)
    is left out, logged and named in ``skipped``: one bad record never stops the site files being
    rebuilt, and the release's report says which one was left out.
    """
    entries = []
    skipped = []
    for record in sorted(out_dir.glob(f"*/{RECORD_NAME}")):
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
        entries.append(PublishedArticle(article=article, folder=record.parent, channels=channels))
    return PublishedIndex(tuple(entries), tuple(skipped))


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
