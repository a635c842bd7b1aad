"""Site-wide files after each web release: listings, topic and month archives, feeds, sitemap, statement.

A site of ten thousand releases has a few thousand such files; a release changes a handful. The
lists of the last release are kept beside the site (``site_state``); a release moves only the
articles that are new or changed since (those not read from the site index), plans only the files
of the lists that changed, and renders only those whose inputs' fingerprint differs from the kept
one, or that are missing. Settings or templates that changed make every file again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, KeysView, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from publisher.channels.web.listings import HOME, PAGE_SIZE, ListingPage, Teaser, listing_pages
from publisher.channels.web.site_feeds import (
    FEED_SIZE,
    SITEMAP_PART_SIZE,
    atom_feed,
    sitemap_index,
    sitemap_part,
)
from publisher.channels.web.site_pages import SitePages, site_links, statement_path, template_digest
from publisher.channels.web.site_state import STATE_NAME, SiteState, read_state
from publisher.urls import article_url

if TYPE_CHECKING:
    from publisher.published import PublishedArticle, SiteContext
    from publisher.settings import SiteSettings

__all__ = ["STATE_NAME", "PlannedFile", "build_site_files", "site_links", "statement_path"]


@dataclass(frozen=True)
class PlannedFile:
    """A site file: its path, what it is made from, and how to make it."""

    path: str
    inputs: str
    render: Callable[[], bytes]
    # Whether an article shown in it is new or changed (its inputs name only the articles' addresses).
    touched: bool = False


def build_site_files(context: SiteContext) -> dict[str, bytes]:
    """The site-wide files that changed with this release, and the state for the next one."""
    site = context.settings.site
    web = [entry for entry in context.articles if "web" in entry.channels]
    facts = _Facts({entry.name: entry for entry in web})
    moved = {entry.name for entry in web if not entry.indexed}
    press_contact = context.settings.press_contact()  # the feeds' author: journalists write to it
    made_with = hashlib.blake2b(
        (site.model_dump_json() + template_digest(site) + press_contact).encode()
    ).hexdigest()
    state = read_state(context.out_dir, made_with)
    if state is None:
        state = SiteState(made_with)
        moved = set(facts)
    else:
        listed = set(state.published())
        moved |= (listed - facts.keys()) | (facts.keys() - listed)  # gone, or never listed (copied by hand)
    changed = state.place(facts, moved, site.timezone)
    site_files = _SiteFiles(SitePages(site), facts, moved, press_contact)
    files: dict[str, bytes] = {}
    for planned in site_files.plan(state, changed):
        fingerprint = hashlib.blake2b(planned.inputs.encode(), digest_size=16).hexdigest()
        missing = not (context.out_dir / planned.path).is_file()
        if planned.touched or missing or state.files.get(planned.path) != fingerprint:
            files[planned.path] = planned.render()
        state.files[planned.path] = fingerprint
    files[STATE_NAME] = state.to_json()
    return files


class _Facts(Mapping[str, dict[str, Any]]):
    """The indexed fields of each published web page by slug, each parsed when first asked for."""

    def __init__(self, entries: dict[str, PublishedArticle]) -> None:
        self._entries = entries

    def __getitem__(self, slug: str) -> dict[str, Any]:
        return self._entries[slug].facts

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> KeysView[str]:
        return self._entries.keys()


class _SiteFiles:
    """Plans the site files of one release."""

    def __init__(
        self, pages: SitePages, facts: Mapping[str, dict[str, Any]], moved: set[str], press_contact: str
    ) -> None:
        self.pages = pages
        self.press_contact = press_contact
        self.site: SiteSettings = pages.site
        self.facts = facts
        self.moved = moved

    def plan(self, state: SiteState, changed: dict[str, int]) -> Iterator[PlannedFile]:
        """The files of the lists that changed, the overviews, the sitemap and the fixed pages."""
        for path in sorted(changed):
            yield from self._listing(state, path, changed[path])
        yield from self._overviews(state)
        yield from self._sitemaps(state)
        for path, data in self.pages.brand_files().items():
            yield PlannedFile(path, "brand", _bind(bytes, data))
        yield PlannedFile("search/index.html", "search", self.pages.search)
        yield PlannedFile("search/search.js", "script", self.pages.search_script)
        if not self.site.accessibility_statement_url:
            path = statement_path(self.site) + "index.html"
            yield PlannedFile(path, self.pages.today(), self.pages.statement)

    def _listing(self, state: SiteState, path: str, changed_from: int) -> Iterator[PlannedFile]:
        slugs = state.lists[path]
        label = state.labels.get(path, "")
        for page in listing_pages(path, slugs, changed_from=changed_from):
            yield PlannedFile(
                page.path,
                f"{page.newer}|{page.older}|{' '.join(page.slugs)}",
                _bind(self._listing_page, path, label, page),
                touched=not self.moved.isdisjoint(page.slugs),
            )
        newest = list(reversed(slugs[-FEED_SIZE:]))
        yield PlannedFile(
            f"{path}feed.xml",
            " ".join(newest),
            _bind(self._feed, path, label, newest),
            touched=not self.moved.isdisjoint(newest),
        )

    def _listing_page(self, path: str, label: str, page: ListingPage) -> bytes:
        return self.pages.listing(path, label, page, self._teasers(page.slugs))

    def _feed(self, path: str, label: str, newest: list[str]) -> bytes:
        title = self.pages.heading(path, label, 0)
        return atom_feed(self.site, f"{path}feed.xml", title, self._teasers(newest), self.press_contact)

    def _teasers(self, slugs: tuple[str, ...] | list[str]) -> list[Teaser]:
        return [Teaser.from_facts(self.facts[slug]) for slug in slugs]

    def _overviews(self, state: SiteState) -> Iterator[PlannedFile]:
        topics = [
            (path, state.labels.get(path, path), len(state.lists[path])) for path in state.listed("topic")
        ]
        months = [(path, len(state.lists[path])) for path in state.listed("month")]
        yield PlannedFile("topics/index.html", repr(topics), _bind(self.pages.topics, topics))
        yield PlannedFile("archive/index.html", repr(months), _bind(self.pages.archive, months, None))
        for year in sorted({path.split("/")[1] for path, _count in months}):
            of_year = [(path, count) for path, count in months if path.startswith(f"archive/{year}/")]
            yield PlannedFile(
                f"archive/{year}/index.html", repr(of_year), _bind(self.pages.archive, of_year, year)
            )

    def _sitemaps(self, state: SiteState) -> Iterator[PlannedFile]:
        published = state.published()
        parts: list[tuple[str, datetime | None]] = []
        for start in range(0, len(published), SITEMAP_PART_SIZE):
            chunk = published[start : start + SITEMAP_PART_SIZE]
            path = f"sitemaps/articles-{start // SITEMAP_PART_SIZE + 1}.xml"
            touched = not self.moved.isdisjoint(chunk)
            yield PlannedFile(path, " ".join(chunk), _bind(self._article_sitemap, chunk), touched=touched)
            parts.append((self.site.base_url + path, datetime.fromisoformat(self.facts[chunk[-1]]["date"])))
        page_urls = [self.site.base_url + path.removesuffix("index.html") for path in self._html_paths(state)]
        pages = [(url, None) for url in page_urls]
        yield PlannedFile("sitemaps/pages.xml", " ".join(page_urls), _bind(sitemap_part, pages))
        parts.append((self.site.base_url + "sitemaps/pages.xml", None))
        listed = " ".join(f"{location}|{modified}" for location, modified in parts)
        yield PlannedFile("sitemap.xml", listed, _bind(sitemap_index, parts))

    def _article_sitemap(self, chunk: list[str]) -> bytes:
        base = self.site.base_url
        return sitemap_part(
            [(article_url(base, slug), datetime.fromisoformat(self.facts[slug]["date"])) for slug in chunk]
        )

    def _html_paths(self, state: SiteState) -> list[str]:
        paths = []
        for path, slugs in sorted(state.lists.items()):
            if slugs or path == HOME:
                paths.append(f"{path}index.html")
                paths += [
                    f"{path}page/{number}/index.html" for number in range(1, -(-len(slugs) // PAGE_SIZE) + 1)
                ]
        paths += ["topics/index.html", "archive/index.html", "search/index.html"]
        paths += sorted({f"archive/{path.split('/')[1]}/index.html" for path in state.listed("month")})
        if not self.site.accessibility_statement_url:
            paths.append(statement_path(self.site) + "index.html")
        return paths


def _bind(function: Callable[..., bytes], *arguments: object) -> Callable[[], bytes]:
    """``function`` with its arguments fixed now (a lambda in a loop would see the last ones)."""
    return lambda: function(*arguments)
