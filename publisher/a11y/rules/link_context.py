"""A link that names only a format ("PDF", "HTML") needs its context to say what it leads to."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element, iterwalk

from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.link_text import CONTEXT_ONLY_LINK_TEXTS, VAGUE_LINK_TEXTS, comparable, exposed_links
from publisher.a11y.dom.messages import message
from publisher.a11y.registry import Violation, rule

__all__ = ["link_context_missing"]

# The parts of a page that give a link its programmatically determined context: its paragraph, the list
# items around it (a nested list's parent item included), its table cell.
_CONTEXT_BLOCKS = frozenset({"p", "li", "td", "th", "dd", "dt", "figcaption", "caption", "label"})
_WORD = re.compile(r"[^\W_]")
_NOT_TEXT = frozenset({"script", "style", "template"})


class _ContextFacts:
    """Which parts of a page hold words besides format-only links (each part read once per page)."""

    def __init__(self, doc: CheckedDocument) -> None:
        self.doc = doc
        # In document order, with their names: the findings come out in page order.
        self.format_links = {
            element: name for element, name in doc.shared(exposed_links) if _format_only(name)
        }
        self._worded: dict[_Element, bool] = {}

    def has_words(self, part: _Element) -> bool:
        known = self._worded.get(part)
        if known is None:
            known = self._worded[part] = self._read(part)
        return known

    def _read(self, part: _Element) -> bool:
        inside = 0  # depth in format-only links and unread elements: their text is not context
        for event, element in iterwalk(part, events=("start", "end")):
            skipped = element in self.format_links or element.tag in _NOT_TEXT
            if event == "start":
                inside += skipped
                if not inside and isinstance(element.tag, str) and _WORD.search(element.text or ""):
                    return True
                continue
            inside -= skipped
            if not inside and element is not part and _WORD.search(element.tail or ""):
                return True
        return False

    def context_parts(self, link: _Element) -> list[_Element]:
        """Its parent, the enclosing paragraph, list items and cell (with the table's header cells), and
        what ``aria-describedby`` points at."""
        parts = [parent] if (parent := link.getparent()) is not None else []
        for ancestor in link.iterancestors():
            if ancestor.tag in _CONTEXT_BLOCKS:
                parts.append(ancestor)
                table = next(ancestor.iterancestors("table"), None) if ancestor.tag in ("td", "th") else None
                if table is not None:
                    parts.extend(header for header in table.iter("th") if header is not ancestor)
        references = (self.doc.by_id.get(name) for name in (link.get("aria-describedby") or "").split())
        return parts + [target for target in references if target is not None]


# Vague texts ("hier", "more") are reported by link-text-vague in any context.
_NEEDS_CONTEXT = CONTEXT_ONLY_LINK_TEXTS - VAGUE_LINK_TEXTS


def _format_only(name: str) -> bool:
    return bool(name) and comparable(name) in _NEEDS_CONTEXT


@rule(
    "link-context-missing",
    description="A link that names only a format (PDF, HTML) has surrounding text that says what it leads to.",
    wcag=["2.4.4"],
    act=["5effbb"],
)
def link_context_missing(doc: CheckedDocument) -> Iterator[Violation]:
    """A link such as "PDF" is clear inside "Annual report 2024: PDF", not alone in its list item.

    Okay: <p>Jahresbericht 2024 als <a href="bericht.pdf">PDF</a></p>
    Okay: <ul><li>Jahresbericht 2024<ul><li><a href="bericht.pdf">PDF</a></li></ul></li></ul>
    Okay: <table><tr><th>Jahresbericht 2024</th></tr><tr><td><a href="bericht.pdf">PDF</a></td></tr></table>
    Okay: <p id="r">Jahresbericht 2024</p><ul><li><a href="b.pdf" aria-describedby="r">PDF</a></li></ul>
    Error: <p>Jahresbericht 2024</p><ul><li><a href="bericht.pdf">PDF</a></li><li><a href="b.odt">ODT</a></li></ul>
    """
    facts = _ContextFacts(doc)
    for element, name in facts.format_links.items():
        if any(facts.has_words(part) for part in facts.context_parts(element)):
            continue
        yield Violation(
            message(
                doc,
                'The link text "%(link)s" names only a format, and no text around it says what it leads to: '
                'name the target in the link, e.g. "Annual report 2024 (PDF)", or put it in a sentence or list '
                "item that does.",
                link=name,
            ),
            element,
        )
