"""Site-wide files after each web release: listings, topic and month archives, feeds, sitemap, statement.

A site of ten thousand releases has a few thousand such files; a release changes a handful. Each
file is planned with everything it is made from (``inputs``); the fingerprints of the last release
are kept beside the site (``STATE_NAME``), and only files whose inputs changed, or that are
missing, are rendered and written again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.channels.web.listings import Listing, listing_pages, month_listings, teasers, topic_listings
from publisher.channels.web.site_feeds import (
    FEED_SIZE,
    SITEMAP_PART_SIZE,
    atom_feed,
    sitemap_index,
    sitemap_part,
)
from publisher.channels.web.site_pages import (
    SitePages,
    site_links,
    statement_path,
    template_digest,
)
from publisher.urls import article_url

if TYPE_CHECKING:
    from publisher.channels.web.listings import Teaser
    from publisher.published import SiteContext
    from publisher.settings import SiteSettings

__all__ = ["STATE_NAME", "build_site_files", "site_links", "statement_path"]

STATE_NAME = ".web-site-state.json"
_STATE_FORMAT = 1


@dataclass(frozen=True)
class PlannedFile:
    """A site file: its path, what it is made from, and how to make it."""

    path: str
    inputs: str
    render: Callable[[], bytes]


def build_site_files(context: SiteContext) -> dict[str, bytes]:
    """The site-wide files that changed with this release, and the fingerprints of all of them."""
    site = context.settings.site
    common = site.model_dump_json() + template_digest()
    previous = _previous_fingerprints(context.out_dir)
    files: dict[str, bytes] = {}
    fingerprints: dict[str, str] = {}
    for planned in plan_site(site, teasers(entry.article for entry in context.with_channel("web"))):
        fingerprint = hashlib.blake2b((common + planned.inputs).encode(), digest_size=16).hexdigest()
        fingerprints[planned.path] = fingerprint
        if previous.get(planned.path) != fingerprint or not (context.out_dir / planned.path).is_file():
            files[planned.path] = planned.render()
    files[STATE_NAME] = json.dumps({"format": _STATE_FORMAT, "files": fingerprints}).encode()
    return files


def plan_site(site: SiteSettings, entries: list[Teaser]) -> list[PlannedFile]:
    """Every site-wide file of a site whose released web pages are ``entries`` (oldest first)."""
    pages = SitePages(site)
    home = Listing("", "home", "", tuple(entries))
    topics = topic_listings(entries)
    months = month_listings(entries, site.timezone)
    planned: list[PlannedFile] = []
    for listing in (home, *topics, *months):
        planned += _listing_files(pages, listing)
    planned.append(PlannedFile("topics/index.html", _counts(topics), lambda: pages.topics(topics)))
    years = sorted({listing.label[:4] for listing in months})
    planned.append(PlannedFile("archive/index.html", _counts(months), lambda: pages.archive(months, None)))
    for year in years:
        of_year = [listing for listing in months if listing.label.startswith(year)]
        planned.append(
            PlannedFile(f"archive/{year}/index.html", _counts(of_year), _bind(pages.archive, of_year, year))
        )
    planned.append(PlannedFile("search/index.html", "", pages.search))
    planned.append(PlannedFile("search/search.js", "", pages.search_script))
    if not site.accessibility_statement_url:
        today = pages.today()
        planned.append(PlannedFile(statement_path(site) + "index.html", today, pages.statement))
    planned += _sitemaps(site, entries, [file.path for file in planned if file.path.endswith(".html")])
    return planned


def _listing_files(pages: SitePages, listing: Listing) -> list[PlannedFile]:
    files = []
    for page in listing_pages(listing):
        nav = f"{page.newer}|{page.older}|"
        keys = "\n".join(entry.key for entry in page.entries)
        files.append(PlannedFile(page.path, nav + keys, _bind(pages.listing, listing, page)))
    newest = tuple(reversed(listing.entries[-FEED_SIZE:]))
    feed_path = f"{listing.path}feed.xml"
    title = pages.heading(listing, 0)
    files.append(
        PlannedFile(
            feed_path,
            "\n".join(entry.key for entry in newest),
            _bind(atom_feed, pages.site, feed_path, title, newest),
        )
    )
    return files


def _sitemaps(site: SiteSettings, entries: list[Teaser], html_paths: list[str]) -> list[PlannedFile]:
    files = []
    parts: list[tuple[str, datetime | None]] = []
    for start in range(0, len(entries), SITEMAP_PART_SIZE):
        chunk = entries[start : start + SITEMAP_PART_SIZE]
        path = f"sitemaps/articles-{start // SITEMAP_PART_SIZE + 1}.xml"
        inputs = "\n".join(entry.key for entry in chunk)
        files.append(PlannedFile(path, inputs, _bind(_article_sitemap, site, chunk)))
        parts.append((site.base_url + path, chunk[-1].article.date))
    page_urls = [site.base_url + path.removesuffix("index.html") for path in html_paths]
    pages = [(url, None) for url in page_urls]
    files.append(PlannedFile("sitemaps/pages.xml", "\n".join(page_urls), _bind(sitemap_part, pages)))
    parts.append((site.base_url + "sitemaps/pages.xml", None))
    listed = "\n".join(f"{location} {modified}" for location, modified in parts)
    files.append(PlannedFile("sitemap.xml", listed, _bind(sitemap_index, parts)))
    return files


def _article_sitemap(site: SiteSettings, chunk: list[Teaser]) -> bytes:
    return sitemap_part(
        [(article_url(site.base_url, entry.article.slug), entry.article.date) for entry in chunk]
    )


def _counts(listings: list[Listing]) -> str:
    return "\n".join(f"{listing.path} {listing.label} {len(listing.entries)}" for listing in listings)


def _bind(function: Callable[..., bytes], *arguments: object) -> Callable[[], bytes]:
    """``function`` with its arguments fixed now (a lambda in a loop would see the last ones)."""
    return lambda: function(*arguments)


def _previous_fingerprints(out_dir: Path) -> dict[str, str]:
    try:
        document = json.loads((out_dir / STATE_NAME).read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != _STATE_FORMAT:
        return {}
    files = document.get("files")
    return files if isinstance(files, dict) else {}
