"""Text spacing (WCAG 1.4.12): ``!important`` spacing in ``style`` attributes must leave room to adjust.

Readers override letter, word and line spacing with their own style sheets; an ``!important``
declaration in a ``style`` attribute beats them, so it must already be at least as wide as
WCAG's minimum (letter 0.12, word 0.16, line 1.5 times the font size).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.colors import font_px
from publisher.a11y.dom.css import declarations
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.text_style import text_owners, text_styles
from publisher.a11y.registry import Violation, rule

__all__ = ["letter_spacing", "line_height", "word_spacing"]

# Lower-cases the letters of "important" only (as XPath's translate() would), to find "!IMPORTANT" too.
_IMPORTANT_LETTERS = str.maketrans("IMPORTAN", "importan")
_INHERITED = frozenset({"inherit", "unset", "revert", "revert-layer"})
_NORMAL = frozenset({"normal", "initial"})
# The line height browsers use for "normal", as a multiple of the font size.
_NORMAL_LINE_HEIGHT = 1.2


def _important_inline(element: _Element, name: str) -> str | None:
    """The last ``!important`` value of ``name`` in the element's own ``style`` attribute."""
    found = None
    for declared, value, important in declarations(element.get("style") or ""):
        if declared == name and important:
            found = value.strip().lower()
    return found


def _used(value: str, name: str, own_size: float, declaring_size: float) -> float | None:
    """The spacing in px that ``value`` (declared where the font size is ``declaring_size``) gives."""
    if value in _NORMAL:
        return _NORMAL_LINE_HEIGHT * own_size if name == "line-height" else 0.0
    if name == "line-height":
        try:
            return float(value) * own_size  # a plain number scales with the text's own size
        except ValueError:
            pass
    return font_px(value, declaring_size)


def _inline_important(doc: CheckedDocument) -> list[_Element]:
    """Elements whose ``style`` attribute has an ``!important`` declaration (usually none at all)."""
    found: list[_Element] = []
    for element in doc.having("style"):
        style = element.get("style") or ""
        # Lower-casing everything is a quick test first: it cannot miss what the exact test finds.
        if "important" in style.lower() and "important" in style.translate(_IMPORTANT_LETTERS):
            found.append(element)
    return found


def _too_narrow(doc: CheckedDocument, name: str, factor: float) -> Iterator[tuple[_Element, float, float]]:
    declaring = [element for element in doc.shared(_inline_important) if _important_inline(element, name)]
    if not declaring:
        return
    sem = semantics(doc)
    styles = doc.shared(text_styles)
    owners = set(doc.shared(text_owners))
    for source in declaring:
        value = _important_inline(source, name)
        if value is None or value in _INHERITED:
            continue
        for element in source.iter():
            if element not in owners or styles[element].exempt:
                continue
            nearest = next(node for node in (element, *element.iterancestors()) if sem.style(node, name))
            if nearest is not source or not sem.is_visible(element) or sem.is_offscreen(element):
                continue
            if _scrolls(sem, element):
                continue
            size = styles[element].size
            used = _used(value, name, size, styles[source].size)
            if used is not None and used < factor * size - 0.01:
                yield element, used / size, factor


def _scrolls(sem: Semantics, element: _Element) -> bool:
    # Text in a scrolling container never wraps for lack of room: spacing cannot push it out of view.
    return any(
        sem.style(ancestor, prop) in ("scroll", "auto")
        for ancestor in element.iterancestors()
        for prop in ("overflow", "overflow-x")
    )


def _violations(doc: CheckedDocument, name: str, factor: float) -> Iterator[Violation]:
    for element, ratio, needed in _too_narrow(doc, name, factor):
        yield Violation(
            message(
                doc,
                "Element %(element)s fixes %(property)s at %(ratio).2f times the font size with !important in "
                "its style attribute, below %(needed).2f: readers cannot widen it. Remove !important or use "
                "at least %(needed).2f em.",
                element=describe(element),
                property=name,
                ratio=ratio,
                needed=needed,
            ),
            element,
        )


@rule(
    "letter-spacing",
    description="Important letter spacing in style attributes is at least 0.12 times the font size.",
    wcag=["1.4.12"],
    act=["24afc2"],
)
def letter_spacing(doc: CheckedDocument) -> Iterator[Violation]:
    """``letter-spacing: ... !important`` in a ``style`` attribute is at least 0.12em.

    Okay: <p style="letter-spacing: 0.12em !important">Budget adopted</p>
    Okay: <p style="letter-spacing: 0.05em">Readers can still override this</p>
    Error: <p style="letter-spacing: 0.05em !important">Budget adopted</p>
    """
    yield from _violations(doc, "letter-spacing", 0.12)


@rule(
    "word-spacing",
    description="Important word spacing in style attributes is at least 0.16 times the font size.",
    wcag=["1.4.12"],
    act=["9e45ec"],
)
def word_spacing(doc: CheckedDocument) -> Iterator[Violation]:
    """``word-spacing: ... !important`` in a ``style`` attribute is at least 0.16em.

    Okay: <p style="word-spacing: 0.2em !important">Budget adopted</p>
    Error: <p style="word-spacing: normal !important">Budget adopted</p>
    """
    yield from _violations(doc, "word-spacing", 0.16)


@rule(
    "line-height",
    description="Important line height in style attributes is at least 1.5 times the font size.",
    wcag=["1.4.12"],
    act=["78fd32"],
)
def line_height(doc: CheckedDocument) -> Iterator[Violation]:
    """``line-height: ... !important`` in a ``style`` attribute is at least 1.5.

    Okay: <p style="line-height: 1.5 !important">Budget adopted</p>
    Error: <p style="line-height: 1.2 !important">Budget adopted</p>
    Error: <p style="line-height: normal !important">Budget adopted</p>
    """
    yield from _violations(doc, "line-height", 1.5)
