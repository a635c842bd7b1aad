"""Site-wide files after each web release: listings, topic and month archives, feeds, sitemap, statement.

A site of ten thousand releases has a few thousand such files; a release changes a handful. The
lists are kept beside the site in pieces (``site_state``). A release told what changed (the release
step passes its article when no one has touched the trees since the last release) reads the old
indexed fields of that article from the site index, takes it out of the lists it was in and puts it
into the lists it is in now, and makes the pages from its place on, the fronts and feeds of those
lists, the sitemap part it is in and the overviews whose inputs changed: the work does not grow with
the site. Told nothing (a tree changed by hand or by an older version), the changes are found by
comparing every published release with the kept lists; without a usable state, or with settings or
templates that changed, every file is made again.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from publisher.channels.web.listings import HOME, PAGE_SIZE, ListingPage, Teaser, listings_of
from publisher.channels.web.site_feeds import (
    FEED_SIZE,
    SITEMAP_PART_SIZE,
    atom_feed,
    sitemap_index,
    sitemap_part,
)
from publisher.channels.web.site_pages import SitePages, site_links, statement_path, template_digest
from publisher.channels.web.site_state import META, STATE_NAME, Chunked, SiteState, StaleState, read_state
from publisher.published import indexed_entry
from publisher.urls import article_url

if TYPE_CHECKING:
    from publisher.published import PublishedArticle, SiteContext

__all__ = ["STATE_NAME", "build_site_files", "site_links", "statement_path"]

log = logging.getLogger(__name__)

Changes = Mapping[str, "PublishedArticle | None"]


def build_site_files(context: SiteContext) -> dict[str, bytes]:
    """The site-wide files that changed with this change of the site, and the state for the next one."""
    site = context.settings.site
    press_contact = context.settings.press_contact()  # the feeds' author: journalists write to it
    made_with = hashlib.blake2b(
        (site.model_dump_json() + template_digest(site) + press_contact).encode()
    ).hexdigest()
    pages = SitePages(site)
    state = read_state(context.out_dir, made_with)
    if state is not None:
        try:
            if context.changes is not None:
                return _SiteFiles(pages, state, press_contact).make(context.changes, None)
            changes, listed = _compare(context, state)
            return _SiteFiles(pages, state, press_contact).make(changes, listed)
        except StaleState as error:
            log.warning("%s: the site files are made again whole: %s", context.out_dir, error)
    fresh = SiteState(made_with, context.out_dir)
    web = {entry.name: entry for entry in context.articles if "web" in entry.channels}
    return _SiteFiles(pages, fresh, press_contact, whole=True).make(web, set())


def _compare(context: SiteContext, state: SiteState) -> tuple[dict[str, PublishedArticle | None], set[str]]:
    """What changed since the kept lists, told apart from every published release (reads them all)."""
    sitemap = state.sitemap_chunks(SITEMAP_PART_SIZE, state.count(HOME))
    listed = {pair[0] for pair in sitemap.entries(0, sitemap.count)}
    web = {entry.name: entry for entry in context.articles if "web" in entry.channels}
    changes: dict[str, PublishedArticle | None] = {
        name: entry for name, entry in web.items() if not entry.indexed or name not in listed
    }
    changes.update(dict.fromkeys(listed - web.keys()))  # gone: withdrawn, or its folder removed
    return changes, listed


class _SiteFiles:
    """Changes the kept lists and makes the files that show what changed."""

    def __init__(
        self, pages: SitePages, state: SiteState, press_contact: str, *, whole: bool = False
    ) -> None:
        self.pages, self.state, self.press_contact, self.whole = pages, state, press_contact, whole
        self.site = pages.site
        self.files: dict[str, bytes] = {}
        self.labels: dict[str, tuple[tuple[datetime, str], str]] = {}

    def make(self, changes: Changes, listed: set[str] | None) -> dict[str, bytes]:
        """Move the changed releases in the lists (``listed``: every listed one, when known); the files."""
        removed, added = self._moves(changes, listed)
        published = self.state.count(HOME)
        for path in sorted(removed.keys() | added.keys()):
            self._list(path, removed.get(path, []), added.get(path, []))
        if HOME in removed or HOME in added:
            self._sitemap_parts(published, removed.get(HOME, []), added.get(HOME, []))
        self._overviews()
        self._fixed_files()
        self.files[META] = self.state.to_json()
        return self.files

    def _moves(
        self, changes: Changes, listed: set[str] | None
    ) -> tuple[dict[str, list[tuple[datetime, str]]], dict[str, list[dict[str, Any]]]]:
        zone = ZoneInfo(self.site.timezone)
        removed: dict[str, list[tuple[datetime, str]]] = {}
        added: dict[str, list[dict[str, Any]]] = {}
        out_dir = self.state.out_dir
        for name, entry in changes.items():
            old = None if self.whole else indexed_entry(out_dir, name)
            if old is not None and "web" in old.channels:
                for path in listings_of(old.facts, zone):
                    removed.setdefault(path, []).append(_key(old.facts))
            elif listed is not None and name in listed:
                raise StaleState(f"{name} is listed, but the site index does not say where")
            if entry is not None and "web" in entry.channels:
                for path, label in listings_of(entry.facts, zone).items():
                    added.setdefault(path, []).append(entry.facts)
                    newest = self.labels.get(path)
                    if label and (newest is None or newest[0] <= _key(entry.facts)):
                        self.labels[path] = (_key(entry.facts), label)  # the newest spelling names the topic
        return removed, added

    def _list(self, path: str, removed: list[tuple[datetime, str]], added: list[dict[str, Any]]) -> None:
        chunks = self.state.chunks(path, PAGE_SIZE)
        old_numbered = chunks.numbered
        first = chunks.change(removed, added)
        label = self.labels[path][1] if path in self.labels else self.state.label(path)
        self.state.lists[path] = [chunks.count, label]
        self.files.update(chunks.files())
        for page, shown in self._pages(path, chunks, first, old_numbered):
            teasers = [Teaser.from_facts(facts) for facts in shown]
            self.files[page.path] = self.pages.listing(path, label, page, teasers)
        newest = chunks.entries(max(0, chunks.count - FEED_SIZE), chunks.count)
        feed = [Teaser.from_facts(facts) for facts in reversed(newest)]
        title = self.pages.heading(path, label, 0)
        self.files[f"{path}feed.xml"] = atom_feed(
            self.site, f"{path}feed.xml", title, feed, self.press_contact
        )

    def _pages(
        self, path: str, chunks: Chunked, first: int, old_numbered: int
    ) -> Iterator[tuple[ListingPage, list[dict[str, Any]]]]:
        """The front, the numbered pages from ``first`` on, and a page whose "newer" link changes.

        Each with the indexed fields of the releases it shows, newest first.
        """
        count, numbered = chunks.count, chunks.numbered
        front_older = -(-(count - PAGE_SIZE) // PAGE_SIZE) if count > PAGE_SIZE else None
        shown = list(reversed(chunks.entries(max(0, count - PAGE_SIZE), count)))
        older = f"page/{front_older}/" if front_older else None
        yield ListingPage(f"{path}index.html", 0, _slugs(shown), None, older), shown
        changed = set(range(first // PAGE_SIZE + 1, numbered + 1)) | {old_numbered, numbered}
        for number in sorted(number for number in changed if 1 <= number <= numbered):
            shown = list(reversed(chunks.chunk(number - 1)))
            page = ListingPage(
                path=f"{path}page/{number}/index.html",
                number=number,
                slugs=_slugs(shown),
                newer=f"../{number + 1}/" if number < numbered else "../../",
                older=f"../{number - 1}/" if number > 1 else None,
            )
            yield page, shown

    def _sitemap_parts(
        self, published: int, removed: list[tuple[datetime, str]], added: list[dict[str, Any]]
    ) -> None:
        chunks = self.state.sitemap_chunks(SITEMAP_PART_SIZE, published)
        first = chunks.change(removed, [[facts["slug"], facts["date"]] for facts in added])
        self.files.update(chunks.files())
        del self.state.sitemap[chunks.numbered :]
        base = self.site.base_url
        for number in range(first // SITEMAP_PART_SIZE, chunks.numbered):
            pairs = chunks.chunk(number)
            urls = [(article_url(base, slug), datetime.fromisoformat(date)) for slug, date in pairs]
            self.files[f"sitemaps/articles-{number + 1}.xml"] = sitemap_part(urls)
            newest = pairs[-1][1]
            if number < len(self.state.sitemap):
                self.state.sitemap[number] = newest
            else:
                self.state.sitemap.append(newest)

    def _overviews(self) -> None:
        state = self.state
        topics = [(path, state.label(path) or path, state.count(path)) for path in state.listed("topic")]
        months = [(path, state.count(path)) for path in state.listed("month")]
        self._made("topics/index.html", repr(topics), self.pages.topics, topics)
        self._made("archive/index.html", repr(months), self.pages.archive, months, None)
        for year in sorted({path.split("/")[1] for path, _count in months}):
            of_year = [(path, count) for path, count in months if path.startswith(f"archive/{year}/")]
            self._made(f"archive/{year}/index.html", repr(of_year), self.pages.archive, of_year, year)
        base = self.site.base_url
        parts: list[tuple[str, datetime | None]] = [
            (f"{base}sitemaps/articles-{number + 1}.xml", datetime.fromisoformat(newest))
            for number, newest in enumerate(state.sitemap)
        ]
        pages = [(path, -(-state.count(path) // PAGE_SIZE)) for path in sorted(state.lists)]
        self._made("sitemaps/pages.xml", repr(pages), self._pages_sitemap)
        parts.append((f"{base}sitemaps/pages.xml", None))
        self._made("sitemap.xml", repr(parts), sitemap_index, parts)

    def _pages_sitemap(self) -> bytes:
        paths = []
        for path in sorted(self.state.lists):
            count = self.state.count(path)
            if count or path == HOME:
                paths.append(f"{path}index.html")
                paths += [
                    f"{path}page/{number}/index.html" for number in range(1, -(-count // PAGE_SIZE) + 1)
                ]
        paths += ["topics/index.html", "archive/index.html", "search/index.html"]
        paths += sorted({f"archive/{path.split('/')[1]}/index.html" for path in self.state.listed("month")})
        if not self.site.accessibility_statement_url:
            paths.append(statement_path(self.site) + "index.html")
        base = self.site.base_url
        return sitemap_part([(base + path.removesuffix("index.html"), None) for path in paths])

    def _fixed_files(self) -> None:
        for path, data in self.pages.brand_files().items():
            self._made(path, hashlib.blake2b(data).hexdigest(), bytes, data)
        self._made("search/index.html", "search", self.pages.search)
        self._made("search/search.js", "script", self.pages.search_script)
        if not self.site.accessibility_statement_url:
            path = statement_path(self.site) + "index.html"
            self._made(path, self.pages.today(), self.pages.statement)

    def _made(self, path: str, inputs: str, render: Any, *arguments: Any) -> None:
        """Make the file at ``path`` when its inputs changed since it was last made, or it is missing."""
        fingerprint = hashlib.blake2b(inputs.encode(), digest_size=16).hexdigest()
        missing = not (self.state.out_dir / path).is_file()
        if missing or self.state.files.get(path) != fingerprint:
            self.files[path] = render(*arguments)
        self.state.files[path] = fingerprint


def _key(facts: dict[str, Any]) -> tuple[datetime, str]:
    return datetime.fromisoformat(facts["date"]), facts["slug"]


def _slugs(shown: list[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(facts["slug"] for facts in shown)
