"""The links every page of the site carries in its footer, and where the accessibility statement lives.

On the ground floor because every page shares them: the article page, the index, the
statement, the audio transcript and the subscription pages.
"""

from __future__ import annotations

from publisher.i18n import translations, ui_locale
from publisher.settings import SiteSettings

__all__ = ["site_links", "statement_path"]

_STATEMENT_PATHS = {"de": "erklaerung-zur-barrierefreiheit/", "en": "accessibility-statement/"}


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
