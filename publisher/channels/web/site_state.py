"""What the web channel keeps beside the site between releases: its lists and a fingerprint per site file.

With the lists of the last release, a new release only moves its own article: it takes it out of
the lists it was in and puts it into the lists it is in now, at its place by date. The fingerprints
say which site files are still what their inputs would make them.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from publisher.channels.web.listings import HOME, listing_kind, listings_of, sort_key
from publisher.files import read_parsed
from publisher.published import WEB_STATE_NAME, internal_dir

__all__ = ["STATE_NAME", "SiteState", "read_state"]

# Kept in the internal tree beside the site (the release step puts it there), never served.
STATE_NAME = WEB_STATE_NAME
_FORMAT = 2


@dataclass
class SiteState:
    """The lists (path -> slugs, oldest first), the topics' names and the site files' fingerprints."""

    # The settings and templates the files were made with: when they change, everything is made again.
    made_with: str
    lists: dict[str, list[str]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> bytes:
        """The state as written beside the site."""
        document = {
            "format": _FORMAT,
            "made_with": self.made_with,
            "lists": self.lists,
            "labels": self.labels,
            "files": self.files,
        }
        return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()

    def place(
        self, facts_of: Mapping[str, dict[str, Any]], moved: Collection[str], timezone: str
    ) -> dict[str, int]:
        """Take ``moved`` out of every list, put those still published in their lists again.

        ``facts_of`` holds every published release's indexed fields by slug. Returns the lists that
        changed, each with the first position in it that changed (the pages before it are as they were).
        """
        zone = ZoneInfo(timezone)
        moved = set(moved)
        changed: dict[str, int] = {}
        for path, slugs in self.lists.items():
            if not moved.isdisjoint(slugs):
                first = next(index for index, slug in enumerate(slugs) if slug in moved)
                slugs[:] = [slug for slug in slugs if slug not in moved]
                changed[path] = first

        def key(member: str) -> tuple[datetime, str]:
            return sort_key(facts_of[member])

        # Oldest first, so that building every list from nothing appends rather than inserts.
        for slug in sorted(moved & facts_of.keys(), key=key):
            facts = facts_of[slug]
            for path, label in listings_of(facts, zone).items():
                slugs = self.lists.setdefault(path, [])
                if not slugs or key(slugs[-1]) <= key(slug):
                    position = len(slugs)
                    slugs.append(slug)
                else:
                    position = bisect.bisect_right(slugs, key(slug), key=key)
                    slugs.insert(position, slug)
                if label:
                    self.labels[path] = label  # the newest spelling names the topic
                changed[path] = min(changed.get(path, position), position)
        return changed

    def listed(self, kind: str) -> list[str]:
        """The paths of the lists of ``kind`` that hold a release, in the order of their addresses."""
        return sorted(path for path, slugs in self.lists.items() if slugs and listing_kind(path) == kind)

    def published(self) -> list[str]:
        """Every release with a web page, oldest first."""
        return self.lists.get(HOME, [])


def read_state(out_dir: Path, made_with: str) -> SiteState | None:
    """The state the last release left, if it was made with the same settings and templates."""
    try:
        # A worker keeps the state it wrote last time parsed: only a state replaced since is read.
        document = read_parsed(internal_dir(out_dir) / STATE_NAME, _parse)
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("format") != _FORMAT:
        return None
    if document.get("made_with") != made_with:
        return None
    lists, labels, files = (document.get(name) for name in ("lists", "labels", "files"))
    if not (isinstance(lists, dict) and isinstance(labels, dict) and isinstance(files, dict)):
        return None
    # Written by a release of this version (same "made_with"): the values are not checked one by one.
    # The parsed document is shared: the release changes copies of its lists.
    return SiteState(
        made_with, {path: list(slugs) for path, slugs in lists.items()}, dict(labels), dict(files)
    )


def _parse(data: bytes) -> Any:
    return json.loads(data)
