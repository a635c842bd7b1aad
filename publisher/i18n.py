"""Localised strings: gettext catalogs (``templates/locale/<lang>/LC_MESSAGES/<domain>.po``) via Babel.

The catalogs are read from their ``.po`` source and compiled in memory, so there is no
build step and no stale ``.mo`` file.
"""

from __future__ import annotations

import io
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from publisher.paths import templates_dir

__all__ = ["DEFAULT_LOCALE", "SUPPORTED_LOCALES", "babel_locale", "format_when", "translations", "ui_locale"]

SUPPORTED_LOCALES = ("de", "en")
DEFAULT_LOCALE = "en"


def ui_locale(language_tag: str) -> str:
    """The UI locale for an article language: its primary subtag if supported, else English."""
    primary = language_tag.split("-")[0].lower()
    return primary if primary in SUPPORTED_LOCALES else DEFAULT_LOCALE


def babel_locale(language_tag: str) -> Locale:
    """A Babel locale for formatting dates and numbers in the article's own language."""
    try:
        return Locale.parse(language_tag.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(ui_locale(language_tag))


@cache
def translations(locale: str, domain: str) -> NullTranslations:
    """Translations for ``domain`` in ``locale``; English source strings when no catalog exists."""
    folder = templates_dir() / "locale" / ui_locale(locale) / "LC_MESSAGES"
    # A domain may be split over several files (a11y.po, a11y-email.po, ...), merged here.
    po_paths = sorted([*folder.glob(f"{domain}.po"), *folder.glob(f"{domain}-*.po")])
    if not po_paths:
        return NullTranslations()
    catalog = Catalog(locale=ui_locale(locale), domain=domain)
    for po_path in po_paths:
        with po_path.open("rb") as po_file:
            for message in read_po(po_file, locale=ui_locale(locale), domain=domain):
                if message.id and message.string:
                    catalog[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain=domain)


def format_when(moment: datetime, language: str, timezone: str) -> str:
    """A date and time as readers of ``language`` write it, in the site's zone."""
    local = moment.astimezone(ZoneInfo(timezone))
    locale = babel_locale(language)
    gettext = translations(ui_locale(language), "web").gettext
    return gettext("%(date)s, %(time)s") % {
        "date": format_date(local, format="long", locale=locale),
        "time": format_time(local, format="short", locale=locale),
    }
