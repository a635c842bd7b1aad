"""The site index: what site-wide files need of every published article, kept in the internal tree.

Reading ten thousand records on every release would make each release slower than the last, so
every release also writes the site index (``DIR.internal/.site-index/``): compact files with what site
files need of each article (no body), split into parts by a hash of the folder name. A release
rewrites only the part its article is in; a process parses again only the parts replaced since it
last read them (``files.read_parsed``).
"""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from publisher.files import read_parsed
from publisher.model import Article

__all__ = [
    "SITE_INDEX_NAME",
    "PublishedArticle",
    "indexed_entry",
    "internal_dir",
    "read_site_index",
    "site_index_changes",
    "site_index_files",
]

log = logging.getLogger(__name__)

SITE_INDEX_NAME = ".site-index"
# What the site index keeps of each article: everything site-wide files show, never the body.
_INDEXED_FIELDS = ("title", "slug", "id", "lang", "date", "embargo", "kicker", "summary", "author", "tags")
_INDEX_HEADER = "publisher site index 1"
# A release rewrites only the part of the index its article is in (about 150 articles in 10,000).
_INDEX_PARTS = 64


def internal_dir(out_dir: Path) -> Path:
    """The internal tree of the site in ``out_dir``: ``DIR.internal`` beside it, never served."""
    out_dir = out_dir.resolve()
    return out_dir.with_name(out_dir.name + ".internal")


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


def read_site_index(internal: Path, out_dir: Path) -> dict[str, PublishedArticle]:
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
