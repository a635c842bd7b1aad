"""Site-wide files rebuilt after each web release: index, Atom feed, sitemap, accessibility statement."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator
from lxml import etree

from publisher.i18n import format_when, translations, ui_locale
from publisher.rendering import template_environment
from publisher.settings import SiteSettings
from publisher.urls import article_url

if TYPE_CHECKING:
    from publisher.published import PublishedArticle, SiteContext

__all__ = ["build_site_files", "site_links", "statement_path"]

_STATEMENT_PATHS = {"de": "erklaerung-zur-barrierefreiheit/", "en": "accessibility-statement/"}
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def statement_path(site: SiteSettings) -> str:
    """Where the shipped accessibility statement page lives, relative to the site root."""
    return _STATEMENT_PATHS[ui_locale(site.lang)]


def site_links(site: SiteSettings, locale: str) -> list[dict[str, str | None]]:
    """Footer links every page carries (BITV 2.0: statement, feedback, Leichte Sprache, sign language).

    Relative hrefs start from the site root; templates prefix them with the page's ``root``.
    """
    gettext = translations(locale, "web").gettext
    statement = site.accessibility_statement_url or statement_path(site)
    links: list[dict[str, str | None]] = [
        {"label": gettext("Accessibility statement"), "href": statement, "lang": None},
        {
            "label": gettext("Report an accessibility barrier"),
            "href": f"mailto:{site.contact_email}",
            "lang": None,
        },
    ]
    if site.easy_language_url:
        links.append({"label": "Leichte Sprache", "href": site.easy_language_url, "lang": "de"})
    if site.sign_language_url:
        links.append({"label": gettext("German Sign Language"), "href": site.sign_language_url, "lang": None})
    if site.imprint_url:
        links.append({"label": gettext("Imprint"), "href": site.imprint_url, "lang": None})
    if site.privacy_url:
        links.append({"label": gettext("Privacy"), "href": site.privacy_url, "lang": None})
    return links


def build_site_files(context: SiteContext) -> dict[str, bytes]:
    """Every site-wide file, from the articles whose web page is released."""
    site = context.settings.site
    entries = sorted(context.with_channel("web"), key=lambda entry: entry.article.date, reverse=True)
    files = {
        "index.html": _index_page(site, entries).encode(),
        "feed.xml": _atom_feed(site, entries, context.settings.press_contact()),
        "sitemap.xml": _sitemap(site, entries),
    }
    if not site.accessibility_statement_url:
        files[statement_path(site) + "index.html"] = _statement_page(site).encode()
    return files


def _index_page(site: SiteSettings, entries: list[PublishedArticle]) -> str:
    locale = ui_locale(site.lang)
    items = [
        {
            "article": entry.article,
            "published": format_when(entry.article.date, entry.article.lang, site.timezone),
            "other_language": ui_locale(entry.article.lang) != locale or entry.article.lang != site.lang,
        }
        for entry in entries
    ]
    return (
        template_environment("web", locale)
        .get_template("index.html.j2")
        .render(site=site, items=items, locale=locale, root="", links=site_links(site, locale))
    )


def _statement_page(site: SiteSettings) -> str:
    locale = ui_locale(site.lang)
    return (
        template_environment("web", locale)
        .get_template(f"statement.{locale}.html.j2")
        .render(
            site=site,
            locale=locale,
            root="../",
            links=site_links(site, locale),
            today=datetime.now(UTC).date().isoformat(),
        )
    )


def _atom_feed(site: SiteSettings, entries: list[PublishedArticle], press_contact: str) -> bytes:
    feed = FeedGenerator()
    feed.id(site.base_url)
    feed.title(site.title)
    feed.author({"name": site.owner, "email": press_contact})
    feed.link(href=site.base_url, rel="alternate")
    feed.link(href=site.base_url + "feed.xml", rel="self")
    feed.language(site.lang)
    feed.updated(entries[0].article.date if entries else datetime.now(UTC))
    # feedgen prepends entries, so add the oldest first to list the newest first.
    for entry in reversed(entries):
        article = entry.article
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


def _sitemap(site: SiteSettings, entries: list[PublishedArticle]) -> bytes:
    urlset = etree.Element("urlset", nsmap={None: _SITEMAP_NS})  # type: ignore[dict-item]
    pages = [(site.base_url, entries[0].article.date if entries else None)]
    pages += [(article_url(site.base_url, entry.article.slug), entry.article.date) for entry in entries]
    if not site.accessibility_statement_url:
        pages.append((site.base_url + statement_path(site), None))
    for location, modified in pages:
        url = etree.SubElement(urlset, "url")
        etree.SubElement(url, "loc").text = location
        if modified is not None:
            etree.SubElement(url, "lastmod").text = modified.isoformat()
    sitemap: bytes = etree.tostring(urlset, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return sitemap
