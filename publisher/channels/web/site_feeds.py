"""The site's machine-readable files: an Atom feed per listing, and the sitemap split into parts.

A sitemap part holds at most ``SITEMAP_PART_SIZE`` article addresses, counted from the oldest,
so a new release changes only the last part and the sitemap index that lists the parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from lxml import etree

from publisher.channels.web.listings import Teaser
from publisher.settings import SiteSettings
from publisher.urls import article_url

__all__ = ["FEED_SIZE", "SITEMAP_PART_SIZE", "atom_feed", "sitemap_index", "sitemap_part"]

FEED_SIZE = 20
SITEMAP_PART_SIZE = 1000
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def atom_feed(
    site: SiteSettings, path: str, title: str, newest: Sequence[Teaser], author_email: str
) -> bytes:
    """The Atom feed at ``path`` (relative to the site) of ``newest``, given newest first.

    Its author is the press office (``author_email``), not the accessibility feedback address.
    """
    feed = FeedGenerator()
    page_url = site.base_url + path.removesuffix("feed.xml")
    feed.id(page_url)
    feed.title(title)
    feed.author({"name": site.owner, "email": author_email})
    feed.link(href=page_url, rel="alternate")
    feed.link(href=site.base_url + path, rel="self")
    feed.language(site.lang)
    # A fixed time for an empty feed keeps its bytes the same from one release to the next.
    feed.updated(newest[0].date if newest else datetime(2000, 1, 1, tzinfo=UTC))
    # feedgen prepends entries, so add the oldest first to list the newest first.
    for article in reversed(newest):
        url = article_url(site.base_url, article.slug)
        item = feed.add_entry()
        item.id(url)
        item.title(article.title)
        item.link(href=url, rel="alternate")
        item.summary(article.summary)
        item.published(article.date)
        item.updated(article.date)
        item.author({"name": article.author})
        for tag in article.tags:
            item.category(term=tag)
    atom: bytes = feed.atom_str(pretty=True)
    return atom


def sitemap_part(locations: Sequence[tuple[str, datetime | None]]) -> bytes:
    """A sitemap of ``locations`` (absolute URL and last change, if known)."""
    return _sitemap("urlset", "url", locations)


def sitemap_index(parts: Sequence[tuple[str, datetime | None]]) -> bytes:
    """The sitemap index listing the sitemap parts (absolute URL and newest change in each)."""
    return _sitemap("sitemapindex", "sitemap", parts)


def _sitemap(root_tag: str, entry_tag: str, entries: Sequence[tuple[str, datetime | None]]) -> bytes:
    """A sitemaps.org file: a ``root_tag`` holding one ``entry_tag`` per location and its last change."""
    root = etree.Element(root_tag, nsmap={None: _SITEMAP_NS})  # type: ignore[dict-item]
    for location, modified in entries:
        entry = etree.SubElement(root, entry_tag)
        etree.SubElement(entry, "loc").text = location
        if modified is not None:
            etree.SubElement(entry, "lastmod").text = modified.isoformat()
    return _xml(root)


def _xml(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return data
