"""What is public: each released article's record and the index of them all, kept beside the site.

Nothing here is served: the records, the site index and the press office's files of a release
(report, sample message) live in the internal tree ``DIR.internal/`` beside the public ``DIR/``
(``internal_dir``), one folder per article (``DIR.internal/<slug>/``, readable by its owner only).

A record holds the canonical article, when each channel was released and with which files, the
release's generation (monotonic per slug) and the Markdown file it was made from. Site files
are rebuilt from these records; a release reads the record it is about to replace to refuse an
older generation or an article from another file with the same slug. ``SiteContext`` is the
public tree after a release, which the channels rebuild their site-wide files (index, feeds) from.

Reading ten thousand records on every release would make each release slower than the last, so
every release also writes the site index (``DIR.internal/.site-index/``): compact files with what site
files need of each article (no body). ``published_index`` reads it, and reads the records
only of folders it does not list (a tree written by an older version, a folder copied in by hand).
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, overload

from pydantic import ValidationError

from publisher.files import read_parsed
from publisher.model import Article
from publisher.settings import Settings

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
SITE_INDEX_NAME = ".site-index"
# What the site index keeps of each article: everything site-wide files show, never the body.
_INDEXED_FIELDS = ("title", "slug", "id", "lang", "date", "embargo", "kicker", "summary", "author", "tags")
_INDEX_HEADER = "publisher site index 1"
# A release rewrites only the part of the index its article is in (about 150 articles in 10,000).
_INDEX_PARTS = 64


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


def internal_dir(out_dir: Path) -> Path:
    """The internal tree of the site in ``out_dir``: ``DIR.internal`` beside it, never served."""
    out_dir = out_dir.resolve()
    return out_dir.with_name(out_dir.name + ".internal")


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


class PublishedArticle:
    """An article already in the public tree, with the channels whose output is there.

    One read from the site index (``indexed``) is what the last release published and is unchanged
    since; it holds the indexed fields (``facts``) and builds ``article`` from them only when asked
    (with an empty body: the full article is in the folder's record). A release in a site of ten
    thousand articles reads them all but looks closely at a few.
    """

    __slots__ = (
        "_article",
        "_facts",
        "_facts_json",
        "_folder",
        "_out_dir",
        "_part",
        "channels",
        "indexed",
        "name",
    )

    def __init__(self, article: Article, folder: Path, channels: frozenset[str] = frozenset()) -> None:
        self._article: Article | None = article
        self._facts: dict[str, Any] | None = None
        self._facts_json = ""
        self._folder: Path | None = folder
        self._out_dir: Path | None = None
        self._part = -1
        self.name = folder.name
        self.channels = channels
        # Read from the site index, so unchanged since the last release (read 10,000 times a release).
        self.indexed = False

    @classmethod
    def from_index(
        cls, out_dir: Path, name: str, facts: str, channels: frozenset[str], part: int
    ) -> PublishedArticle:
        """An entry of ``part`` of the site index of ``out_dir``; ``facts`` is JSON, read when needed."""
        entry = cls.__new__(cls)
        entry._article, entry._facts, entry._folder, entry._out_dir = None, None, None, out_dir
        entry._facts_json, entry._part = facts, part
        entry.name, entry.channels, entry.indexed = name, channels, True
        return entry

    @property
    def folder(self) -> Path:
        """The article's folder in the public tree."""
        if self._folder is None:
            assert self._out_dir is not None
            self._folder = self._out_dir / self.name
        return self._folder

    @property
    def facts(self) -> dict[str, Any]:
        """The indexed fields as JSON values (dates in ISO 8601)."""
        if self._facts is None and self._facts_json:
            self._facts = json.loads(self._facts_json)
        if self._facts is None:
            assert self._article is not None
            facts = {name: getattr(self._article, name) for name in _INDEXED_FIELDS}
            facts["date"] = self._article.date.isoformat()
            facts["embargo"] = self._article.embargo.isoformat() if self._article.embargo else None
            facts["tags"] = list(self._article.tags)
            self._facts = facts
        return self._facts

    @property
    def facts_json(self) -> str:
        """The indexed fields as one line of JSON, as the site index keeps them."""
        if not self._facts_json:
            self._facts_json = json.dumps(self.facts, separators=(",", ":"))
        return self._facts_json

    @property
    def article(self) -> Article:
        """The article; from the site index, built from its indexed fields with an empty body."""
        if self._article is None:
            # Written from validated articles by a release: built again unchecked, which is fast.
            data = dict(self.facts)
            data["date"] = datetime.fromisoformat(data["date"])
            data["embargo"] = datetime.fromisoformat(data["embargo"]) if data.get("embargo") else None
            data["tags"] = list(data.get("tags") or ())
            self._article = Article.model_construct(**data, body=[], related=[], image=None)
        return self._article

    def __repr__(self) -> str:
        return f"PublishedArticle({self.name!r}, channels={sorted(self.channels)})"


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
    indexed = _read_site_index(internal, out_dir)
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


def site_index_files(articles: Sequence[PublishedArticle]) -> dict[str, bytes]:
    """The parts of the site index to write for ``articles`` (paths relative to the internal tree).

    The index is split into ``_INDEX_PARTS`` files by a hash of the folder name; only the parts
    holding an article that is not unchanged from the index are returned. A part is a header line,
    then one line per article: folder name, channels and the indexed fields as JSON, tab-separated
    (JSON escapes tabs and line breaks), so reading it splits lines and parses no JSON.
    """
    # An entry read from the index knows its part; the hash is computed for the others only.
    changed = {_index_part(entry.name) for entry in articles if not entry.indexed}
    parts: dict[int, list[PublishedArticle]] = {}
    for entry in articles:
        part = entry._part if entry._part >= 0 else _index_part(entry.name)
        if part in changed:
            parts.setdefault(part, []).append(entry)
    return {_part_name(part): _part_bytes(parts[part]) for part in sorted(changed)}


def site_index_changes(out_dir: Path, changes: Mapping[str, PublishedArticle | None]) -> dict[str, bytes]:
    """The parts of the site index of ``out_dir`` with ``changes`` made (None: the article is taken out).

    Reads only the parts the changed articles are in. A part that cannot be read is written with the
    changed articles alone: the folders it listed are then read from their records, as unindexed ones.
    """
    parts: dict[int, dict[str, PublishedArticle]] = {}
    for name, entry in changes.items():
        part = _index_part(name)
        if part not in parts:
            parts[part] = dict(_index_part_entries(out_dir, part) or {})  # a copy: the parsed one is shared
        if entry is None:
            parts[part].pop(name, None)
        else:
            parts[part][name] = entry
    return {_part_name(part): _part_bytes(entries.values()) for part, entries in sorted(parts.items())}


def indexed_entry(out_dir: Path, name: str) -> PublishedArticle | None:
    """The article ``name`` as the site index lists it (what the last release of it published), if it does."""
    return (_index_part_entries(out_dir, _index_part(name)) or {}).get(name)


def _index_part_entries(out_dir: Path, part: int) -> dict[str, PublishedArticle] | None:
    path = internal_dir(out_dir) / _part_name(part)
    try:
        return read_parsed(path, partial(_parse_index_part, out_dir, part))
    except (OSError, ValueError):
        return None


def _part_name(part: int) -> str:
    return f"{SITE_INDEX_NAME}/{part:02d}.tsv"


def _part_bytes(entries: Iterable[PublishedArticle]) -> bytes:
    lines = [_INDEX_HEADER]
    for entry in sorted(entries, key=lambda entry: entry.name):
        lines.append(f"{entry.name}\t{','.join(sorted(entry.channels))}\t{entry.facts_json}")
    return "\n".join(lines).encode() + b"\n"


def _index_part(name: str) -> int:
    return zlib.crc32(name.encode()) % _INDEX_PARTS


def _read_site_index(internal: Path, out_dir: Path) -> dict[str, PublishedArticle]:
    """The articles the site index lists, by folder name; empty when there is no usable index."""
    found: dict[str, PublishedArticle] = {}
    for path in sorted((internal / SITE_INDEX_NAME).glob("*.tsv")):
        try:
            part = int(path.stem)
            if not 0 <= part < _INDEX_PARTS:
                continue
            # Only the parts the last release replaced are parsed again (a worker keeps the others).
            entries = read_parsed(path, partial(_parse_index_part, out_dir, part))
            if entries is None:
                continue  # a part of another version: its folders' records are read instead
            found.update(entries)
        except (OSError, ValueError) as error:
            log.warning("%s cannot be used, reading the records it lists instead: %s", path, error)
    return found


def _parse_index_part(out_dir: Path, part: int, data: bytes) -> dict[str, PublishedArticle] | None:
    header, *lines = data.decode("utf-8").splitlines()
    if header != _INDEX_HEADER:
        return None
    entries = {}
    channel_sets: dict[str, frozenset[str]] = {}
    for line in lines:
        name, channels, facts = line.split("\t")
        # A site has a handful of channel combinations: one frozenset each.
        listed = channel_sets.get(channels)
        if listed is None:
            listed = channel_sets[channels] = frozenset(channels.split(",")) - {""}
        entries[name] = PublishedArticle.from_index(out_dir, name, facts, listed, part)
    return entries


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
