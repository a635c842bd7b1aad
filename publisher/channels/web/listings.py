"""The lists of press releases a site is made of: the front, one per topic and one per month.

Every list has a front page with its newest releases and numbered pages counted from its oldest
release, so that a new release changes only the front and the last numbered page: page 1 always
holds the first ``PAGE_SIZE`` releases ever published in the list, page 2 the next, and so on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from publisher.model import Article
from publisher.urls import topic_path

__all__ = [
    "PAGE_SIZE",
    "Listing",
    "ListingPage",
    "Teaser",
    "listing_pages",
    "month_listings",
    "teasers",
    "topic_listings",
]

PAGE_SIZE = 20
# Sites repeat a few dozen topics across thousands of releases: derive each address once.
_topic_path = cache(topic_path)


@dataclass(frozen=True)
class Teaser:
    """One release as lists show it, with ``key``: all it shows, to tell whether a page changed."""

    article: Article
    key: str

    @property
    def topics(self) -> list[str]:
        """The article's topics: its kicker and its tags."""
        named = [self.article.kicker] if self.article.kicker else []
        return [*named, *self.article.tags]


@dataclass(frozen=True)
class Listing:
    """A list of releases with its own pages and feed, at ``path`` (``""`` is the site's front)."""

    path: str
    kind: str  # "home", "topic" or "month"
    label: str  # the topic's name or the month's first day (ISO), empty for the front
    entries: tuple[Teaser, ...]  # oldest first


@dataclass(frozen=True)
class ListingPage:
    """One page of a listing: which releases it shows (newest first) and where its neighbours are."""

    path: str  # relative to the site root, ending in index.html
    number: int  # 0 for the front page
    entries: tuple[Teaser, ...]
    newer: str | None  # the neighbour pages, relative to this page
    older: str | None

    @property
    def root(self) -> str:
        """The way from this page up to the site root."""
        return "../" * self.path.count("/")


def teasers(articles: Iterable[Article]) -> list[Teaser]:
    """Teasers of ``articles``, oldest first (ties broken by address, so the order is stable)."""
    ordered = sorted(articles, key=lambda article: (article.date, article.slug))
    return [Teaser(article, _key(article)) for article in ordered]


def _key(article: Article) -> str:
    fields = (
        article.slug,
        article.date.isoformat(),
        article.lang,
        article.title,
        article.kicker or "",
        article.summary,
        article.author,
        *article.tags,
    )
    return "\x1f".join(fields)


def topic_listings(entries: list[Teaser]) -> list[Listing]:
    """One listing per topic (tags and kickers whose addresses are the same are one topic)."""
    members: dict[str, list[Teaser]] = {}
    names: dict[str, str] = {}
    for entry in entries:
        paths: dict[str, str] = {}
        for topic in entry.topics:
            paths.setdefault(_topic_path(topic), topic)
        for path, topic in paths.items():
            members.setdefault(path, []).append(entry)
            names[path] = topic  # the newest spelling names the topic
    return [Listing(path, "topic", names[path], tuple(members[path])) for path in sorted(members)]


def month_listings(entries: list[Teaser], timezone: str) -> list[Listing]:
    """One listing per month with releases, in the site's time zone, oldest month first."""
    zone = ZoneInfo(timezone)
    months: dict[tuple[int, int], list[Teaser]] = {}
    for entry in entries:
        local = entry.article.date.astimezone(zone)
        months.setdefault((local.year, local.month), []).append(entry)
    return [
        Listing(
            f"archive/{year}/{month:02d}/", "month", datetime(year, month, 1).date().isoformat(), tuple(items)
        )
        for (year, month), items in sorted(months.items())
    ]


def listing_pages(listing: Listing, size: int = PAGE_SIZE) -> list[ListingPage]:
    """The front page and the numbered pages of ``listing``."""
    entries = listing.entries
    count = len(entries)
    numbered = -(-count // size)
    front_older = -(-(count - size) // size) if count > size else None
    pages = [
        ListingPage(
            path=f"{listing.path}index.html",
            number=0,
            entries=tuple(reversed(entries[-size:])),
            newer=None,
            older=f"page/{front_older}/" if front_older else None,
        )
    ]
    for number in range(1, numbered + 1):
        newer = f"../{number + 1}/" if number < numbered else "../../"
        pages.append(
            ListingPage(
                path=f"{listing.path}page/{number}/index.html",
                number=number,
                entries=tuple(reversed(entries[(number - 1) * size : number * size])),
                newer=newer,
                older=f"../{number - 1}/" if number > 1 else None,
            )
        )
    return pages
