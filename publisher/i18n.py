"""Localised strings: gettext catalogs (``templates/locale/<lang>/LC_MESSAGES/<domain>.po``) via Babel.

The catalogs are read from their ``.po`` source and compiled, so there is no build step. The
compiled catalog is kept in the user cache (``publisher.user_cache``) under a name made from the
sources' contents: an edited ``.po`` file gets a new one, so none is ever stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import struct
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.support import NullTranslations, Translations

from publisher.files import atomic_write
from publisher.paths import templates_dir
from publisher.user_cache import cache_folder

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
    sources = [path.read_bytes() for path in po_paths]
    named = b"\0".join([ui_locale(locale).encode(), domain.encode(), *sources])
    digest = hashlib.sha256(named).hexdigest()[:20]
    kept = cache_folder("catalogs")
    compiled = kept / f"{domain}-{digest}.mo" if kept is not None else None
    if compiled is not None:
        # Missing, or damaged (a crash, a full disk): compiled again below.
        with contextlib.suppress(OSError, ValueError, IndexError, struct.error):
            return Translations(io.BytesIO(compiled.read_bytes()), domain=domain)
    mo = _compile(sources, ui_locale(locale), domain)
    if compiled is not None:
        with contextlib.suppress(OSError):  # a full or read-only disk: compiled again next run
            atomic_write(compiled, mo)
    return Translations(io.BytesIO(mo), domain=domain)


def _compile(sources: list[bytes], locale: str, domain: str) -> bytes:
    """The ``.mo`` form of the ``.po`` files ``sources``, merged in order."""
    # Babel's catalog reading and writing is needed only when the sources changed (a new digest).
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    catalog = Catalog(locale=locale, domain=domain)
    for source in sources:
        for message in read_po(io.BytesIO(source), locale=locale, domain=domain):
            if message.id and message.string:
                catalog[message.id] = message
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def format_when(moment: datetime, language: str, timezone: str) -> str:
    """A date and time as readers of ``language`` write it, in the site's zone."""
    local = moment.astimezone(ZoneInfo(timezone))
    locale = babel_locale(language)
    gettext = translations(ui_locale(language), "web").gettext
    return gettext("%(date)s, %(time)s") % {
        "date": format_date(local, format="long", locale=locale),
        "time": format_time(local, format="short", locale=locale),
    }
