"""The site's own HTML pages: listing pages, the topic and archive overviews, the accessibility statement."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from babel.dates import format_date

from publisher.channels.web.listings import ListingPage, Teaser, listing_kind
from publisher.i18n import babel_locale, format_when, translations, ui_locale
from publisher.paths import templates_dir
from publisher.rendering import template_environment
from publisher.settings import SiteSettings
from publisher.site_links import site_links, statement_path

__all__ = ["SitePages", "site_links", "statement_path", "template_digest"]


def template_digest(site: SiteSettings) -> str:
    """A digest of templates, catalogs and brand files: when they change, every site page is made again."""
    brand = site.brand
    files = [brand.logo, brand.favicon, *(sorted(brand.templates.rglob("*")) if brand.templates else [])]
    return _built_in_digest() + _digest([path for path in files if path is not None])


@cache
def _built_in_digest() -> str:
    root = templates_dir()
    return _digest(sorted([*(root / "web").rglob("*"), *(root / "locale").rglob("web*.po")]))


def _digest(paths: list[Path]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        if path.is_file():
            digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class SitePages:
    """Renders the site's own pages in the site's language."""

    def __init__(self, site: SiteSettings) -> None:
        self.site = site
        self.locale = ui_locale(site.lang)
        self.environment = template_environment("web", self.locale, site.brand.templates)
        self.gettext = translations(self.locale, "web").gettext

    def today(self) -> str:
        """Today's date (the statement page carries it)."""
        return datetime.now(UTC).date().isoformat()

    def heading(self, path: str, label: str, number: int) -> str:
        """The heading of page ``number`` (0: the front) of the list at ``path`` (a topic's: ``label``)."""
        gettext = self.gettext
        kind = listing_kind(path)
        if kind == "topic":
            name = gettext("Topic: %(topic)s") % {"topic": label}
        elif kind == "month":
            name = gettext("Press releases of %(month)s") % {"month": self._month(path)}
        else:
            name = self.site.title
        if number:
            return gettext("%(name)s, page %(number)d") % {"name": name, "number": number}
        return name

    def listing(self, path: str, label: str, page: ListingPage, teasers: list[Teaser]) -> bytes:
        """One page of a list: its releases newest first, the neighbouring pages and its feed."""
        items = [
            {"article": teaser, "published": format_when(teaser.date, teaser.lang, self.site.timezone)}
            for teaser in teasers
        ]
        return self._render(
            "listing.html.j2",
            page.root,
            heading=self.heading(path, label, page.number),
            listing={"kind": listing_kind(path), "path": path},
            page=page,
            items=items,
        )

    def topics(self, topics: list[tuple[str, str, int]]) -> bytes:
        """The overview of every topic (path, name, number of releases), in alphabetical order.

        The order of their addresses, which spell umlauts out as German sorting does (Ö as Oe).
        """
        groups = [{"label": label, "href": path, "count": count} for path, label, count in topics]
        return self._render("topics.html.j2", "../", groups=groups)

    def archive(self, months: list[tuple[str, int]], year: str | None) -> bytes:
        """The archive: every year with its months (``year`` None), or the months of one year."""
        years: dict[str, list[dict[str, Any]]] = {}
        for path, count in reversed(months):
            entry = {"label": self._month(path), "href": path, "count": count}
            years.setdefault(path.split("/")[1], []).append(entry)
        root = "../../" if year else "../"
        return self._render("archive.html.j2", root, years=years, year=year)

    def _month(self, path: str) -> str:
        """The month of the archive list at ``path`` (``archive/2026/11/``), as readers write it."""
        return _month_name(path, self.site.lang)

    def search(self) -> bytes:
        """The search page: a labelled form, a live region for the number found, results as links."""
        return self._render("search.html.j2", "../", base_path=urlsplit(self.site.base_url).path or "/")

    def search_script(self) -> bytes:
        """The search page's script, which loads the Pagefind index."""
        source, _filename, _uptodate = self.environment.loader.get_source(self.environment, "search.js")  # type: ignore[union-attr]
        return source.encode()

    def brand_files(self) -> dict[str, bytes]:
        """The logo and favicon, published under ``brand/``."""
        brand = self.site.brand
        found = {brand.logo_file: brand.logo, brand.favicon_file: brand.favicon}
        return {path: source.read_bytes() for path, source in found.items() if path and source}

    def statement(self) -> bytes:
        """The shipped accessibility statement in the site's language."""
        return self._render(f"statement.{self.locale}.html.j2", "../", today=self.today())

    def _render(self, template: str, root: str, **values: Any) -> bytes:
        page = self.environment.get_template(template).render(
            site=self.site, locale=self.locale, root=root, links=site_links(self.site, self.locale), **values
        )
        return page.encode()


@cache
def _month_name(path: str, lang: str) -> str:
    # The archive overview names every month of the site on each release: Babel once per month.
    _archive, year, month, _rest = path.split("/")
    return format_date(date(int(year), int(month), 1), "LLLL y", locale=babel_locale(lang))
