"""The lists of press releases a site is made of: the front, one per topic and one per month.

A list is kept as the addresses (slugs) of its releases, oldest first. It has a front page with its
newest releases and numbered pages counted from its oldest release, so that a new release changes
only the front and the last numbered page: page 1 always holds the first ``PAGE_SIZE`` releases ever
published in the list, page 2 the next, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from publisher.urls import topic_path

__all__ = [
    "HOME",
    "PAGE_SIZE",
    "ListingPage",
    "Teaser",
    "listing_kind",
    "listing_pages",
    "listings_of",
    "sort_key",
]

HOME = ""
PAGE_SIZE = 20
# Sites repeat a few dozen topics across thousands of releases: derive each address once.
_topic_path = cache(topic_path)


@dataclass(frozen=True)
class Teaser:
    """One release as lists and feeds show it."""

    slug: str
    title: str
    lang: str
    date: datetime
    kicker: str | None
    summary: str
    author: str
    tags: tuple[str, ...]

    @classmethod
    def from_facts(cls, facts: dict[str, Any]) -> Teaser:
        """The teaser of a release from its indexed fields (``PublishedArticle.facts``)."""
        return cls(
            slug=facts["slug"],
            title=facts["title"],
            lang=facts["lang"],
            date=datetime.fromisoformat(facts["date"]),
            kicker=facts.get("kicker"),
            summary=facts["summary"],
            author=facts["author"],
            tags=tuple(facts.get("tags") or ()),
        )


def sort_key(facts: dict[str, Any]) -> tuple[datetime, str]:
    """Where a release stands in every list: by publication time, ties broken by address."""
    return datetime.fromisoformat(facts["date"]), facts["slug"]


def listings_of(facts: dict[str, Any], timezone: ZoneInfo) -> dict[str, str]:
    """Every list a release is in (path -> the topic's name as this release spells it, or "")."""
    local = datetime.fromisoformat(facts["date"]).astimezone(timezone)
    found = {HOME: "", f"archive/{local.year}/{local.month:02d}/": ""}
    named = [facts["kicker"]] if facts.get("kicker") else []
    for topic in [*named, *(facts.get("tags") or ())]:
        found.setdefault(_topic_path(topic), topic)
    return found


def listing_kind(path: str) -> str:
    """``home``, ``topic`` or ``month``: what the list at ``path`` gathers."""
    if path == HOME:
        return "home"
    return "topic" if path.startswith("topics/") else "month"


@dataclass(frozen=True)
class ListingPage:
    """One page of a list: which releases it shows (newest first) and where its neighbours are."""

    path: str  # relative to the site root, ending in index.html
    number: int  # 0 for the front page
    slugs: tuple[str, ...]
    newer: str | None  # the neighbour pages, relative to this page
    older: str | None

    @property
    def root(self) -> str:
        """The way from this page up to the site root."""
        return "../" * self.path.count("/")


def listing_pages(
    path: str, slugs: list[str], size: int = PAGE_SIZE, changed_from: int = 0
) -> list[ListingPage]:
    """The front page and the numbered pages of the list at ``path`` holding ``slugs`` (oldest first).

    With ``changed_from``, the first position in the list that changed since the last release, the
    numbered pages before it are left out, except the one just before (its "newer" link may change):
    a release at the end of a list of ten thousand makes two or three pages, not five hundred.
    """
    count = len(slugs)
    numbered = -(-count // size)
    front_older = -(-(count - size) // size) if count > size else None
    pages = [
        ListingPage(
            path=f"{path}index.html",
            number=0,
            slugs=tuple(reversed(slugs[-size:])),
            newer=None,
            older=f"page/{front_older}/" if front_older else None,
        )
    ]
    for number in range(max(1, changed_from // size), numbered + 1):
        pages.append(
            ListingPage(
                path=f"{path}page/{number}/index.html",
                number=number,
                slugs=tuple(reversed(slugs[(number - 1) * size : number * size])),
                newer=f"../{number + 1}/" if number < numbered else "../../",
                older=f"../{number - 1}/" if number > 1 else None,
            )
        )
    return pages
