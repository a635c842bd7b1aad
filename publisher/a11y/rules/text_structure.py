"""Rules for structure drawn with formatting only: bold lines as headings, line breaks and bullets as lists."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.headings import styled_heading_lines
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.text_style import TextStyle, text_styles
from publisher.a11y.registry import Violation, rule

__all__ = ["bold_heading", "text_list"]

_BOLD = frozenset({"b", "strong"})
# A heading has no sentence punctuation at its end; a lead-in such as "Note:" is not a heading.
_SENTENCE_END = re.compile(r"[.,:;!?…)\"“”»«]$")
_HEADING_MAX_WORDS = 8
# Sections drawn with bold lines come in numbers; one bold line alone may be emphasis.
_MIN_BOLD_HEADINGS = 2
_ITEM_MARK = re.compile(r"^\s*(?:[•·▪‣◦●○■□➢►✓✔*–—-]\s|\d{1,2}[.)]\s)")
_MIN_ITEMS = 3
# A paragraph of its own per item: only bullet characters, as numbered paragraphs are often clauses.
_BULLET = re.compile(r"^\s*[•·▪‣◦●○■□➢►✓✔*–—-]\s")
_DIALOGUE_DASH = re.compile(r"^\s*[–—]\s")
_BLOCKS = frozenset({"p", "div", "td", "dd", "li", "section", "article", "blockquote"})
_CONTENT = frozenset({"p", "ul", "ol", "dl", "table", "div", "address", "blockquote"})
# A line the style sheet sets bold and this much larger than the text after it reads as a heading.
_HEADING_SIZE_RATIO = 1.15
_INLINE = frozenset({"span", "em", "i", "b", "strong", "abbr", "small", "br"})


def _bold_line(element: _Element, sem: Semantics) -> bool:
    """A paragraph made of one short bold phrase, followed by content it could head."""
    children = [child for child in element if isinstance(child.tag, str)]
    if len(children) != 1 or children[0].tag not in _BOLD or (element.text or "").strip():
        return False
    if (children[0].tail or "").strip():
        return False
    text = squash(text_of(children[0]))
    if not text or len(text.split()) > _HEADING_MAX_WORDS or _SENTENCE_END.search(text):
        return False
    following = element.getnext()
    return following is not None and following.tag in _CONTENT and bool(squash(text_of(following)))


def _styled_line(element: _Element, styles: dict[_Element, TextStyle]) -> bool:
    """A paragraph or div of one short phrase that the style sheet sets bold and larger than what follows."""
    if any(isinstance(child.tag, str) and child.tag not in _INLINE for child in element):
        return False
    text = squash(text_of(element))
    # A question is a heading here (a FAQ's): set apart by size, it is not a lead-in to its paragraph.
    if not text or len(text.split()) > _HEADING_MAX_WORDS or _SENTENCE_END.search(text.rstrip("?")):
        return False
    following = element.getnext()
    if following is None or following.tag not in _CONTENT or not squash(text_of(following)):
        return False
    style, after = styles.get(element), styles.get(following)
    return (
        style is not None
        and after is not None
        and style.bold
        and not after.bold
        and style.size >= after.size * _HEADING_SIZE_RATIO
    )


@rule(
    "bold-heading",
    description="Section titles are marked as headings, not only set in bold.",
    wcag=["1.3.1"],
)
def bold_heading(doc: CheckedDocument) -> Iterator[Violation]:
    """Short bold paragraphs that each open a section are headings that screen readers cannot find.

    Bold by markup (``strong``, ``b``) or by the style sheet, when a div or paragraph is also set larger than
    the text after it (a CMS's "faq-question" class) or than the page's running text (a "rubrik" class).

    Okay: <h2>Öffnungszeiten</h2><p>Montag bis Freitag</p><h2>Anfahrt</h2><p>Bus 41</p>
    Okay: <p><strong>Wichtig:</strong></p><p>Bitte Ausweis mitbringen.</p>
    Error: <p><strong>Öffnungszeiten</strong></p><p>Montag bis Freitag</p><p><strong>Anfahrt</strong></p><p>Bus 41</p>
    Error: <p><b>Opening hours</b></p><p>Monday to Friday</p><p><b>Getting here</b></p><ul><li>Bus 41</li></ul>
    Error: <style>.q { font-size: 1.3rem; font-weight: 700 }</style><div class="q">Who pays?</div><p>We do.</p><div class="q">Where is it?</div><p>Here.</p>
    Okay: <style>.lead { font-size: 1.4rem; }</style><p class="lead">Kurse im Frühjahr</p><p>Ab Januar</p><p class="lead">Anmeldung</p><p>Online</p>
    Error: <style>.rubrik { font-size: 1.5rem; font-weight: 700; }</style><p class="rubrik">Englisch</p><p>Montags, 18 Uhr</p><p class="rubrik">Spanisch</p><p>Dienstags, 10 Uhr</p>
    Error: <style>.title { font-weight: bold; font-size: 24px; }</style><div class="title">Opening hours</div><p>Monday to Friday</p><div class="title">Getting here</div><ul><li>Bus 41</li></ul>
    """
    sem = semantics(doc)
    styles = doc.shared(text_styles)
    drawn = set(styled_heading_lines(doc))
    lines = [
        element
        for element in doc.root.iter("p", "div")
        if element in drawn
        or (
            sem.is_exposed(element)
            and sem.explicit_role(element) is None
            and ((element.tag == "p" and _bold_line(element, sem)) or _styled_line(element, styles))
        )
    ]
    if len(lines) < _MIN_BOLD_HEADINGS:
        return
    for element in lines:
        yield Violation(
            message(
                doc,
                "The bold line %(element)s (“%(text)s”) looks like a section heading but is a paragraph: "
                "make it a heading (h2, h3, ...) so that screen reader users can find and skip sections.",
                element=describe(element),
                text=squash(text_of(element)),
            ),
            element,
        )


def _paragraph_runs(doc: CheckedDocument, sem: Semantics) -> Iterator[Violation]:
    """Runs of sibling paragraphs that each start with a bullet character: one finding per run."""
    seen: set[_Element] = set()
    for first in doc.root.iter("p"):
        if first in seen or not _BULLET.match(first.text or ""):
            continue
        run = [first]
        following = first.getnext()
        while following is not None and following.tag == "p" and _BULLET.match(following.text or ""):
            run.append(following)
            following = following.getnext()
        seen.update(run)
        if len(run) >= _MIN_ITEMS and sem.is_exposed(first):
            yield Violation(
                message(
                    doc,
                    "%(count)s paragraphs from %(element)s on each start with a bullet character: make them one "
                    "list (ul with li), so that screen readers announce it as a list and its length.",
                    element=describe(first),
                    count=len(run),
                ),
                first,
            )


def _lines(element: _Element) -> list[str]:
    """The text of ``element`` cut at its line breaks (``br``), inline markup kept as text."""
    lines = [element.text or ""]
    for child in element:
        if child.tag == "br":
            lines.append(child.tail or "")
        elif isinstance(child.tag, str) and child.tag in _BLOCKS:
            return []  # a block inside: its own lines are judged where they are
        else:
            lines[-1] += text_of(child) + (child.tail or "")
    return [line for line in lines if line.strip()]


def _quoted_dialogue(element: _Element, items: list[str]) -> bool:
    """Lines opened by a dash in a quotation: turns of a dialogue, as French or Spanish print speech."""
    quoted = element.tag == "blockquote" or any(a.tag in ("blockquote", "q") for a in element.iterancestors())
    return quoted and all(_DIALOGUE_DASH.match(line) for line in items)


@rule(
    "text-list",
    description="Lists are marked up as lists, not drawn with line breaks and bullet characters.",
    wcag=["1.3.1"],
)
def text_list(doc: CheckedDocument) -> Iterator[Violation]:
    """Lines starting with a bullet or a number, kept apart by ``br``, are a list only to the eye.

    Okay: <p>Bitte mitbringen:</p><ul><li>Ausweis</li><li>Geburtsurkunde</li><li>Meldebescheinigung</li></ul>
    Okay: <p>Kreishaus<br>Marktstraße 1<br>12345 Nordfeld</p>
    Okay: <blockquote lang="fr"><p>— Tu viens ?<br>— Oui, j’arrive.<br>— Alors, on y va !</p></blockquote>
    Error: <p>Bitte mitbringen:<br>• Ausweis<br>• Geburtsurkunde<br>• Meldebescheinigung</p>
    Error: <p>1. Apply online<br>2. Wait for the letter<br>3. Collect your card</p>
    Error: <p>Please bring:</p><p>• your passport</p><p>• a photo</p><p>• the fee</p>
    """
    sem = semantics(doc)
    yield from _paragraph_runs(doc, sem)
    for element in doc.root.iter(*_BLOCKS):
        if element.find("br") is None or not sem.is_exposed(element):
            continue
        items = [line for line in _lines(element) if _ITEM_MARK.match(line)]
        if len(items) >= _MIN_ITEMS and not _quoted_dialogue(element, items):
            yield Violation(
                message(
                    doc,
                    "%(element)s draws a list of %(count)s items with line breaks and bullet characters: "
                    "use a list (ul or ol with li), so that screen readers announce it as a list and its length.",
                    element=describe(element),
                    count=len(items),
                ),
                element,
            )
