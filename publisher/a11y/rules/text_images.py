"""Rules for text drawn into pictures: a background picture's words said in text, no paragraphs as images.

Only local SVG files can be read for the text they draw (their ``<text>`` elements); other formats are
pixels the static stage cannot read.
"""

from __future__ import annotations

import re
from base64 import b64decode
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.caches import register_cache
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.stylesheets import local_file
from publisher.a11y.registry import Violation, rule

__all__ = ["background_text_alternative", "decorative_image_text", "image_of_text"]

_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.IGNORECASE)
_WORD = re.compile(r"\w+")
# Text worth reading as text: a sentence or more, not a logo's name or a chart's axis labels.
_MIN_LINE_WORDS = 4
_MIN_TEXT_WORDS = 12
_MAX_SVG_BYTES = 2_000_000


@register_cache
@lru_cache(maxsize=128)
def _svg_lines(svg: bytes) -> tuple[str, ...]:
    """The lines of text an SVG picture draws (each ``<text>`` element), empty when it cannot be read."""
    try:
        root = etree.fromstring(svg, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return ()
    lines = []
    for element in root.iter("{http://www.w3.org/2000/svg}text", "text"):
        line = " ".join("".join(str(part) for part in element.itertext()).split())
        if line:
            lines.append(line)
    return tuple(lines)


def _svg_source(doc: CheckedDocument, source: str) -> bytes | None:
    """The SVG a URL points at: a ``data:`` URL, or a local file beside the checked page."""
    source = source.strip()
    if source.lower().startswith("data:image/svg+xml"):
        meta, _, data = source.partition(",")
        try:
            return b64decode(data) if meta.lower().endswith(";base64") else unquote(data).encode()
        except ValueError:
            return None
    if doc.base_dir is None or not urlsplit(source).path.lower().endswith(".svg"):
        return None
    path = local_file(source, doc.base_dir)
    try:
        return path.read_bytes() if path is not None and path.stat().st_size <= _MAX_SVG_BYTES else None
    except OSError:
        return None


@register_cache
@lru_cache(maxsize=256)
def _file_lines(path: str, changed: int, size: int) -> tuple[str, ...]:
    """The lines of a local SVG file, read again only when its time or size change."""
    del changed, size  # the cache key
    try:
        return _svg_lines(Path(path).read_bytes())
    except OSError:
        return ()


def _drawn_text(doc: CheckedDocument, source: str) -> tuple[str, ...]:
    if doc.base_dir is not None and not source.strip().lower().startswith("data:"):
        if not urlsplit(source).path.lower().endswith(".svg"):
            return ()
        path = local_file(source, doc.base_dir)
        if path is None:
            return ()
        stat = path.stat()
        return (
            _file_lines(str(path), stat.st_mtime_ns, stat.st_size) if stat.st_size <= _MAX_SVG_BYTES else ()
        )
    svg = _svg_source(doc, source)
    return _svg_lines(svg) if svg else ()


@rule(
    "background-text-alternative",
    description="Words drawn into a background picture are also there as text (or the element's name).",
    wcag=["1.1.1"],
)
def background_text_alternative(doc: CheckedDocument) -> Iterator[Violation]:
    """A banner whose message is painted into its CSS background says nothing to a screen reader.

    Checked for SVG backgrounds set in a ``style`` attribute (local files, data URLs): their words can be read.

    Okay: <a href="/register/" style="background: url('data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Ctext%3ERegister by 15 December%3C/text%3E%3C/svg%3E')">Register by 15 December</a>
    Error: <a href="/register/" style="background: url('data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Ctext%3ERegister by 15 December%3C/text%3E%3C/svg%3E')"></a>
    """
    sem = semantics(doc)
    for element in doc.having("style"):
        found = _URL.search(element.get("style") or "")
        if (
            found is None
            or "background" not in (element.get("style") or "").lower()
            or not sem.is_visible(element)
        ):
            continue
        lines = _drawn_text(doc, found.group(1))
        if not _WORD.search(" ".join(lines)):
            continue
        # Any words at all may be a translation or a summary of the picture's: only silence is judged.
        if not (squash(text_of(element)) or sem.name(element) or (element.get("title") or "").strip()):
            yield Violation(
                message(
                    doc,
                    "%(element)s shows the words \u201c%(text)s\u201d in its background picture only: put them "
                    "in the element as text (they may be visually hidden), so that they can be read out.",
                    element=describe(element),
                    text=" ".join(lines)[:100],
                ),
                element,
            )


@rule(
    "image-of-text",
    description="Paragraphs of text are written as text, not shown as a picture of text.",
    wcag=["1.4.5"],
)
def image_of_text(doc: CheckedDocument) -> Iterator[Violation]:
    """A flyer shown as a picture cannot be enlarged, re-spaced or recoloured by those who need to.

    Checked for SVG pictures (local files, data URLs), whose drawn words can be counted; a logo's name or a
    chart's labels are short.

    Okay: <img alt="Lindenfeld" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Ctext%3ELindenfeld%3C/text%3E%3C/svg%3E">
    Error: <img alt="You may vote at 16. You get a letter. Take the letter to the polling station." src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Ctext%3EYou may vote at 16.%3C/text%3E%3Ctext%3EYou get a letter.%3C/text%3E%3Ctext%3ETake the letter to the polling station.%3C/text%3E%3C/svg%3E">
    """
    sem = semantics(doc)
    for image in doc.root.iter("img"):
        if not sem.is_visible(image):
            continue
        lines = _drawn_text(doc, image.get("src") or "")
        total = sum(len(line.split()) for line in lines)
        if total >= _MIN_TEXT_WORDS and any(len(line.split()) >= _MIN_LINE_WORDS for line in lines):
            yield Violation(
                message(
                    doc,
                    "%(element)s is a picture of %(count)s words of text: write the text on the page, styled "
                    "with CSS, so that readers can enlarge it and change its spacing and colours.",
                    element=describe(image),
                    count=total,
                ),
                image,
            )


_LETTERS = re.compile(r"[^\W\d_]{2,}")
# The text a reader meets together with a picture: its paragraph, list item, table row, caption, label.
_BESIDE = frozenset(
    {"p", "li", "tr", "dd", "dt", "figure", "label", "caption", "button", "h1", "h2", "h3", "h4", "h5", "h6"}
)


def _said_beside(image: _Element, words: str) -> bool:
    """Every drawn word is also written in the text around the picture (a "PDF" badge beside "PDF, 2 MB")."""
    block = next((ancestor for ancestor in image.iterancestors() if ancestor.tag in _BESIDE), None)
    if block is None:
        return False
    # Cells of a row are apart on screen though their text runs on in the source.
    written = {word.casefold() for part in block.itertext() for word in _WORD.findall(str(part))}
    return all(word.casefold() in written for word in _LETTERS.findall(words))


@rule(
    "decorative-image-text",
    description="A picture marked as decoration (empty alt) draws no words: words in a picture need an alt text.",
    wcag=["1.1.1"],
)
def decorative_image_text(doc: CheckedDocument) -> Iterator[Violation]:
    """An email address or a phone number drawn into a picture with ``alt=""`` is lost to screen readers.

    Checked for SVG pictures (local files, data URLs), whose drawn words can be read. A picture whose words
    its paragraph, list item or table row says in text too (a "PDF" badge beside "PDF, 2 MB") repeats them.

    Okay: <img alt="" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Ccircle r=%224%22/%3E%3C/svg%3E">
    Okay: <ul><li><a href="/plan.pdf"><img alt="" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Ctext%3EPDF%3C/text%3E%3C/svg%3E"> Site plan (PDF, 1 MB)</a></li></ul>
    Error: <img alt="" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Ctext%3Epress@port.example%3C/text%3E%3C/svg%3E">
    Error: <ul><li><a href="/plan.pdf"><img alt="" src="data:image/svg+xml,%3Csvg xmlns=%22http://www.w3.org/2000/svg%22%3E%3Ctext%3EPDF%3C/text%3E%3C/svg%3E"> Site plan</a></li></ul>
    """
    sem = semantics(doc)
    for image in doc.root.iter("img"):
        decorative = image.get("alt") == "" or (image.get("role") or "").strip() in ("presentation", "none")
        if not decorative or not sem.is_visible(image):
            continue
        words = squash(" ".join(_drawn_text(doc, image.get("src") or "")))
        # Words the text beside it already says make the picture a repetition: empty alt is right then.
        if _LETTERS.search(words) and not _said_beside(image, words):
            yield Violation(
                message(
                    doc,
                    '%(element)s is marked as decoration (alt="") but shows the words "%(words)s": give it '
                    "those words as its alt text, or better, write them on the page.",
                    element=describe(image),
                    words=words[:80],
                ),
                image,
            )
