"""A link to a file that does not open as a web page (a PDF, a spreadsheet, an archive) says its format."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["link_file_format"]

# File endings readers must know before they follow a link (files a browser does not show as a page, or
# shows in a viewer of its own), and the words that tell it. Audio and video are left out: a browser plays
# them in its own player, as it shows a picture.
_FORMATS = {
    "pdf": ("pdf",),
    "doc": ("word", "doc"),
    "docx": ("word", "docx", "doc"),
    "odt": ("odt", "opendocument", "libreoffice"),
    "rtf": ("rtf",),
    "xls": ("excel", "xls"),
    "xlsx": ("excel", "xlsx", "xls"),
    "ods": ("ods", "opendocument", "libreoffice"),
    "csv": ("csv",),
    "ppt": ("powerpoint", "ppt"),
    "pptx": ("powerpoint", "pptx", "ppt"),
    "odp": ("odp", "opendocument", "libreoffice"),
    "zip": ("zip",),
    "rar": ("rar",),
    "7z": ("7z", "7-zip"),
    "gz": ("gz", "gzip", "tar"),
    "epub": ("epub", "e-book", "ebook"),
    "tif": ("tif", "tiff"),
    "tiff": ("tiff", "tif"),
    "ics": ("ics", "ical", "icalendar"),
    "vcf": ("vcf", "vcard"),
    "gpx": ("gpx",),
    "kml": ("kml",),
    "eps": ("eps",),
    "psd": ("psd",),
}
# Blocks whose text gives the link its context (its list item, paragraph, cell, caption).
_CONTEXT = frozenset({"p", "li", "td", "th", "dd", "dt", "figcaption", "caption", "label"})
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)?")


def _words(text: str) -> set[str]:
    """The words of ``text``, case-folded, each hyphenated compound also as its parts ("ics-datei", "ics")."""
    words = {word.casefold() for word in _WORD.findall(text)}
    return words | {part for word in words if "-" in word for part in word.split("-")}


def _ending(href: str) -> str:
    """The file ending of a link's path, lower case ("pdf"), without query or fragment."""
    path = href.split("#", 1)[0].split("?", 1)[0].strip()
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _context_block(link: _Element) -> _Element | None:
    return next((ancestor for ancestor in link.iterancestors() if ancestor.tag in _CONTEXT), None)


@rule(
    "link-file-format",
    description="A link to a document or file (PDF, Word, spreadsheet, archive) says its format.",
    wcag=["2.4.4"],
)
def link_file_format(doc: CheckedDocument) -> Iterator[Violation]:
    """A link that opens a 40-page PDF or downloads an archive should say so before it is followed.

    Okay: <ul><li><a href="/files/budget-2027.pdf">Draft budget 2027 (PDF, 2.4 MB)</a></li></ul>
    Okay: <p>The draft budget as PDF: <a href="/files/budget-2027.pdf">Draft budget 2027</a></p>
    Okay: <a href="/news/budget.html">Draft budget 2027</a>
    Okay: <p><a href="/plaene/informatik-3.ics">Stundenplan für Ihren Kalender (ICS-Datei)</a></p>
    Error: <ul><li><a href="/files/budget-2027.pdf">Draft budget 2027</a></li></ul>
    Error: <p><a href="/press/photos.zip">All photos of the works</a></p>
    """
    context_words: dict[_Element, set[str]] = {}  # each paragraph or list item read once
    sem = semantics(doc)
    for link in doc.having("href"):
        ending = _ending(link.get("href") or "")
        words = _FORMATS.get(ending)
        if not words or sem.role(link) != "link" or not sem.is_exposed(link):
            continue  # only links to files are named (not every link of the page)
        name = sem.name(link)
        # A format icon in the link ("pdf-icon.png") shows it to the eye; its file name says which.
        icons = " ".join(
            f"{image.get('src') or ''} {image.get('class') or ''}".replace("-", " ").replace("_", " ")
            for image in link.iter("img", "svg", "span", "i")
        )
        said = _words(f"{name} {icons}")
        if not said & set(words):
            block = _context_block(link)
            if block is not None and block not in context_words:
                context_words[block] = _words(text_of(block))
            said |= context_words.get(block, set()) if block is not None else set()
        described = " ".join(
            text_of(doc.by_id[ref])
            for ref in (link.get("aria-describedby") or "").split()
            if ref in doc.by_id
        )
        said |= _words(described)
        if said & set(words):
            continue
        yield Violation(
            message(
                doc,
                "%(element)s leads to a %(format)s file, but neither the link nor its text around says so: add "
                'the format (and the size) to the link text, e.g. "%(name)s (%(format)s, 2 MB)".',
                element=describe(link),
                format=ending.upper(),
                name=squash(name)[:60],
            ),
            link,
        )
