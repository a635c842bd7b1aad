"""The page's headings and their levels, as the accessibility tree has them, and the lines that only look
like headings (large and bold by the style sheet)."""

from __future__ import annotations

import re

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.text_style import text_styles

__all__ = ["heading_level", "headings", "styled_heading_lines"]

# A line whose font is this much larger than the page's text, and bold, reads as a heading to the eye.
_HEADING_SCALE = 1.2
_HEADING_MAX_WORDS = 8
_SENTENCE_END = re.compile(r"[.,:;!?…)\"“”»«]$")
_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "small", "abbr", "code", "br", "bdi", "time"})
_CONTENT = frozenset({"p", "ul", "ol", "dl", "table", "div", "address", "blockquote", "section", "figure"})
# Where a big bold line is a brand, a menu, a control or a caption, not a section title.
_NOT_HEADING_CONTEXT = frozenset(
    {"a", "button", "label", "legend", "caption", "th", "summary", "figcaption", "nav", "header", "footer"}
)
_NOT_HEADING_ROLES = frozenset(
    {"banner", "navigation", "contentinfo", "dialog", "alertdialog", "complementary"}
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def heading_level(element: _Element) -> int:
    """The level of a heading: from ``h1``..``h6`` or ``aria-level`` (default 2)."""
    level = element.get("aria-level")
    if level is not None and level.strip().isdigit() and int(level) > 0:
        return int(level)
    if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return int(element.tag[1])
    return 2


def headings(doc: CheckedDocument) -> list[_Element]:
    """The headings in the accessibility tree, in document order."""
    sem = semantics(doc)
    return [element for element in sem.with_roles("heading") if sem.is_exposed(element)]


def _page_text_size(doc: CheckedDocument, sizes: dict[_Element, float]) -> float:
    """The font size of the page's running text: the size most words of its paragraphs are set in."""
    counts: dict[float, int] = {}
    for paragraph in doc.root.iter("p"):
        size = sizes.get(paragraph)
        if size is not None:
            counts[size] = counts.get(size, 0) + len(text_of(paragraph).split())
    body = doc.root.find("body")
    fallback = sizes.get(body, 16.0) if body is not None else 16.0
    return max(counts, key=lambda size: counts[size]) if counts else fallback


def _styled_line(element: _Element, sem: Semantics) -> bool:
    """A paragraph or div of one short phrase (no blocks inside), followed by content it could head."""
    if sem.explicit_role(element) is not None or not sem.is_exposed(element):
        return False
    if any(isinstance(child.tag, str) and child.tag not in _INLINE for child in element):
        return False
    text = squash(text_of(element))
    if not text or len(text.split()) > _HEADING_MAX_WORDS or _SENTENCE_END.search(text):
        return False
    for ancestor in element.iterancestors():
        if ancestor.tag in _NOT_HEADING_CONTEXT or ancestor.tag in _HEADING_TAGS:
            return False
        if sem.explicit_role(ancestor) in _NOT_HEADING_ROLES:
            return False
    following = element.getnext()
    return following is not None and following.tag in _CONTENT and bool(squash(text_of(following)))


def styled_heading_lines(doc: CheckedDocument) -> list[_Element]:
    """Paragraphs and divs of one short phrase that the style sheet draws bold and at least 1.2 times the
    running text's size, each followed by content it could head: headings to the eye only."""
    sem = semantics(doc)
    styles = doc.shared(text_styles)
    base = _page_text_size(doc, {element: style.size for element, style in styles.items()})
    lines = []
    for element in doc.root.iter("p", "div"):
        style = styles.get(element)
        large = style is not None and style.bold and style.size >= base * _HEADING_SCALE
        if large and _styled_line(element, sem):
            lines.append(element)
    return lines
