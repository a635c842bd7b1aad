"""What the web channel keeps beside the site between releases, in pieces a release reads only as needed.

The state is a folder in the internal tree (``DIR.internal/.web-site/``): ``meta.json`` names every
list with its length and topic name, the last inputs of the overviews and fixed pages, and the
newest date of each sitemap part; each list is kept in files of ``PAGE_SIZE`` releases' indexed
fields, exactly as its numbered pages show them (oldest first), and the sitemap in files of
``SITEMAP_PART_SIZE`` addresses. A release finds its article's place by binary search over the
files of a list and rewrites the files from that place on: at the end of a list (a new release)
that is one or two files, whatever the size of the site.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from publisher.channels.web.listings import listing_kind
from publisher.files import read_parsed
from publisher.published import WEB_STATE_NAME, internal_dir

__all__ = ["STATE_NAME", "Chunked", "SiteState", "StaleState", "read_state"]

# Kept in the internal tree beside the site (the release step puts it there), never served.
STATE_NAME = WEB_STATE_NAME
META = f"{STATE_NAME}/meta.json"
_FORMAT = 3

Key = tuple[datetime, str]


class StaleState(Exception):
    """The kept state does not hold what it should (a file missing, an entry not where its date says)."""


@dataclass
class SiteState:
    """The small part of the state: lists (path -> [length, topic name]), inputs of files, sitemap dates."""

    # The settings and templates the files were made with: when they change, everything is made again.
    made_with: str
    out_dir: Path
    lists: dict[str, list[Any]] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    sitemap: list[str] = field(default_factory=list)

    def to_json(self) -> bytes:
        """``meta.json`` as written beside the site."""
        document = {
            "format": _FORMAT,
            "made_with": self.made_with,
            "lists": self.lists,
            "files": self.files,
            "sitemap": self.sitemap,
        }
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    def count(self, path: str) -> int:
        """How many releases the list at ``path`` holds."""
        return int(self.lists[path][0]) if path in self.lists else 0

    def label(self, path: str) -> str:
        """The topic's name of the list at ``path`` ("" for the front and the months)."""
        return str(self.lists[path][1]) if path in self.lists else ""

    def listed(self, kind: str) -> list[str]:
        """The paths of the lists of ``kind`` that hold a release, in the order of their addresses."""
        return sorted(
            path for path, (count, _l) in self.lists.items() if count and listing_kind(path) == kind
        )

    def chunks(self, path: str, size: int) -> Chunked:
        """The list at ``path`` in its files of ``size`` entries."""
        return Chunked(internal_dir(self.out_dir), list_folder(path), size, self.count(path), _list_key)

    def sitemap_chunks(self, size: int, count: int) -> Chunked:
        """Every release's address and date, oldest first, in the files of the sitemap's parts.

        ``count``: how many releases the front list held when the sitemap was last written.
        """
        folder = f"{STATE_NAME}/sitemap/"
        return Chunked(internal_dir(self.out_dir), folder, size, count, _pair_key)


def list_folder(path: str) -> str:
    """The folder of the state that keeps the list at ``path`` (relative to the internal tree)."""
    return f"{STATE_NAME}/lists/{path or 'front/'}"


def _list_key(facts: dict[str, Any]) -> Key:
    return datetime.fromisoformat(facts["date"]), facts["slug"]


def _pair_key(pair: list[str]) -> Key:
    return datetime.fromisoformat(pair[1]), pair[0]


class Chunked:
    """A list sorted by date (oldest first) kept in files of ``size`` entries; read and changed in place."""

    def __init__(self, root: Path, folder: str, size: int, count: int, key: Callable[[Any], Key]) -> None:
        self.root, self.folder, self.size, self.count, self.key = root, folder, size, count, key
        self._chunks: dict[int, list[Any]] = {}
        self._dirty: set[int] = set()

    @property
    def numbered(self) -> int:
        """How many files the list fills."""
        return -(-self.count // self.size)

    def chunk(self, number: int) -> list[Any]:
        """The entries of file ``number`` (from 0)."""
        if number not in self._chunks:
            path = self.root / f"{self.folder}{number}.json"
            try:
                entries = read_parsed(path, json.loads)
            except (OSError, ValueError) as error:
                raise StaleState(f"{path}: {error}") from error
            expected = min(self.size, self.count - number * self.size)
            if not isinstance(entries, list) or len(entries) != expected:
                raise StaleState(f"{path}: not the {expected} entries the list says")
            self._chunks[number] = entries  # shared with the parse cache: replaced, never changed
        return self._chunks[number]

    def entries(self, start: int, stop: int) -> list[Any]:
        """The entries from position ``start`` to ``stop`` (oldest first)."""
        found: list[Any] = []
        for number in range(start // self.size, -(-stop // self.size)):
            first = number * self.size
            found += self.chunk(number)[max(0, start - first) : stop - first]
        return found

    def position(self, key: Key) -> int:
        """Where an entry with ``key`` stands or would stand (before any later one)."""
        low, high = 0, self.numbered  # find the last file whose first entry is not after ``key``
        while high - low > 1:
            middle = (low + high) // 2
            if self.key(self.chunk(middle)[0]) <= key:
                low = middle
            else:
                high = middle
        if not self.numbered:
            return 0
        return low * self.size + bisect.bisect_left(self.chunk(low), key, key=self.key)

    def change(self, removed: Iterable[Key], added: Iterable[Any]) -> int:
        """Take the entries with ``removed`` keys out, put ``added`` in; the first position that changed."""
        removed, added = set(removed), list(added)
        places = [self.position(key) for key in removed]
        for key, place in zip(removed, places, strict=True):
            if place >= self.count or self.key(self.entries(place, place + 1)[0]) != key:
                raise StaleState(f"{self.folder}: an entry is not where its date puts it")
        places += [self.position(self.key(entry)) for entry in added]
        if not places:
            return self.count
        first = min(places) // self.size * self.size
        tail = [entry for entry in self.entries(first, self.count) if self.key(entry) not in removed]
        for entry in added:
            bisect.insort(tail, entry, key=self.key)
        self.replace_from(first, tail)
        return min(places)

    def replace_from(self, first: int, tail: list[Any]) -> None:
        """Put ``tail`` in place of every entry from ``first`` (a multiple of ``size``) on."""
        self.count = first + len(tail)
        for start in range(0, len(tail), self.size):
            number = (first + start) // self.size
            self._chunks[number] = tail[start : start + self.size]
            self._dirty.add(number)

    def files(self) -> dict[str, bytes]:
        """The files that changed (relative to the internal tree)."""
        return {
            f"{self.folder}{number}.json": json.dumps(self._chunks[number], separators=(",", ":")).encode()
            for number in sorted(self._dirty)
            if number < self.numbered
        }


def read_state(out_dir: Path, made_with: str) -> SiteState | None:
    """The state the last release left, if it was made with the same settings and templates."""
    try:
        document = json.loads((internal_dir(out_dir) / META).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        return None
    if document.get("made_with") != made_with:
        return None
    lists, files, sitemap = (document.get(name) for name in ("lists", "files", "sitemap"))
    if not (isinstance(lists, dict) and isinstance(files, dict) and isinstance(sitemap, list)):
        return None
    # Written by a release of this version (same "made_with"): the values are not checked one by one.
    return SiteState(made_with, out_dir, lists, files, sitemap)
