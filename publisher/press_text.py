"""The press fields of an article worded in its language: release number, contacts, downloads.

The web page, the newsletter and the audio intro all show the same words; they are made here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date

from publisher.i18n import babel_locale, format_when, translations
from publisher.model import Article
from publisher.press import Download, PressContact
from publisher.typography import format_count, format_file_size

__all__ = [
    "DownloadEntry",
    "PressBlock",
    "VersionLink",
    "download_details",
    "embargo_notice",
    "pdf_name",
    "photo_terms",
    "press_block",
    "release_label",
    "version_links",
]


def download_details(download: Download, language: str) -> str:
    """What a reader learns before downloading: format, a photo's pixels, size ("PDF, 1,2 MB")."""
    gettext = translations(language, "press").gettext
    parts = [download.format_name]
    if download.width and download.height:
        pixels = gettext("%(width)s × %(height)s pixels")
        parts.append(
            pixels
            % {
                "width": format_count(download.width, language),
                "height": format_count(download.height, language),
            }
        )
    parts.append(format_file_size(download.size, language))
    return ", ".join(parts)


def photo_terms(download: Download, language: str) -> str | None:
    """The credit and the rights of a press photo as one line, None for a document."""
    if download.kind != "photo":
        return None
    gettext = translations(language, "press").gettext
    return gettext("Credit: %(credit)s. Use: %(rights)s") % {
        "credit": download.credit,
        "rights": download.rights,
    }


def release_label(number: str, language: str) -> str:
    """The release's number as the press writes it: "Pressemitteilung Nr. 123/2026"."""
    return translations(language, "press").gettext("Press release no. %(number)s") % {"number": number}


@dataclass(frozen=True)
class DownloadEntry:
    """One download as a channel lists it: where it is, its title, and what the reader learns first."""

    href: str
    title: str
    media_type: str
    details: str
    terms: str | None


@dataclass(frozen=True)
class PressBlock:
    """The press fields of one article, worded in its language for any channel to lay out."""

    number: str | None
    # Place and day of issue ("Talbach, 20. November 2026"), None without a dateline.
    dateline: str | None
    contacts: tuple[PressContact, ...]
    downloads: tuple[DownloadEntry, ...]
    labels: dict[str, str]


def press_block(article: Article, timezone: str, files_base: str = "") -> PressBlock:
    """The press fields of ``article``; downloads link ``files_base`` + file name (empty: beside the page)."""
    language = article.lang
    day = format_date(
        article.date.astimezone(ZoneInfo(timezone)), format="long", locale=babel_locale(language)
    )
    gettext = translations(language, "press").gettext
    downloads = tuple(
        DownloadEntry(
            href=files_base + download.src,
            title=download.title,
            media_type=download.media_type,
            details=download_details(download, language),
            terms=photo_terms(download, language),
        )
        for download in article.downloads
    )
    labels = {
        "contact": gettext("Press contact"),
        "phone": gettext("Phone"),
        "email": gettext("Email"),
        "downloads": gettext("Downloads"),
        "embargo": gettext("Embargo"),
        "versions": gettext("This press release in other versions"),
        "pdf": gettext("This press release as PDF"),
    }
    return PressBlock(
        number=release_label(article.number, language) if article.number else None,
        dateline=f"{article.dateline}, {day}" if article.dateline else None,
        contacts=tuple(article.contacts),
        downloads=downloads,
        labels=labels,
    )


def embargo_notice(article: Article, timezone: str, now: datetime) -> str | None:
    """The embargo line of a preview rendered before the embargo ends, else None."""
    if article.embargo is None or not article.is_embargoed(now):
        return None
    gettext = translations(article.lang, "press").gettext
    when = format_when(article.embargo, article.lang, timezone)
    return gettext("Not to be published before %(when)s.") % {"when": when}


@dataclass(frozen=True)
class VersionLink:
    """A link to another version of the release, labelled in that version's own language."""

    href: str
    lang: str
    label: str
    kind: str


def version_links(article: Article, site_root: str) -> list[VersionLink]:
    """Links to the article's other versions (``site_root`` + slug), each named as its readers name it."""
    gettext = translations(article.lang, "press").gettext
    links = []
    for version in article.versions:
        if version.kind == "easy_language":
            label = "Diese Meldung in Leichter Sprache"  # in German: its readers read German
        elif version.kind == "original" and version.lang.split("-")[0] == article.primary_language:
            label = gettext("Original version")
        else:
            label = babel_locale(version.lang).get_display_name(babel_locale(version.lang)) or version.lang
            label = label[:1].upper() + label[1:]
        links.append(VersionLink(f"{site_root}{version.slug}/", version.lang, label, version.kind))
    return links


def pdf_name(slug: str) -> str:
    """The file name of the release's PDF in its folder: ``<slug>.pdf``, a name that says what it is."""
    return f"{slug}.pdf"
