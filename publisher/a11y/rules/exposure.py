"""Rules for what is shown but not told, or told but not shown: hidden text, unmarked current items,
links inside collapsed boxes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, visible_text
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.prose import text_blocks
from publisher.a11y.dom.stylesheets import sheets
from publisher.a11y.registry import Violation, rule

__all__ = ["collapsed_focusable", "current_item_marked", "hidden_text_shown"]

_MIN_HIDDEN_WORDS = 4
# Lists that show where the reader is: pagers and the steps of a form.
_SEQUENCE = re.compile(
    r"pag(?:er|ination|ing)|steps?\b|stepper|progress|schritt|seiten\b|pages\b", re.IGNORECASE
)
_CURRENT_CLASS = frozenset({"active", "current", "is-active", "is-current", "selected", "aktiv", "aktuell"})
_COLLAPSED = frozenset({"0", "0px", "0em", "0rem", "0%"})


def _exposed_text(doc: CheckedDocument, sem: Semantics) -> str:
    body = doc.root.find("body")
    blocks = text_blocks(body if body is not None else doc.root, lambda element: not sem.is_exposed(element))
    return " ".join(" ".join(text.split()) for _, text in blocks).lower()


@rule(
    "hidden-text-shown",
    description="Text shown on the page is not hidden from screen readers (aria-hidden) unless said elsewhere.",
    wcag=["1.3.1"],
)
def hidden_text_shown(doc: CheckedDocument) -> Iterator[Violation]:
    """``aria-hidden`` on visible text (key figures, a ticker) keeps it from everyone who listens.

    Okay: <p><span aria-hidden="true">31,630 residents in 2026</span><span class="sr-only">31,630 residents in 2026</span></p>
    Okay: <a href="/x" aria-label="Opening hours of the town hall"><span aria-hidden="true">Opening hours of the town hall</span></a>
    Error: <ul aria-hidden="true"><li>31,630 residents</li><li>48.2 km² area</li></ul>
    """
    sem = semantics(doc)
    exposed: str | None = None
    for element in doc.having("aria-hidden"):
        if (element.get("aria-hidden") or "").strip().lower() != "true" or not sem.is_visible(element):
            continue
        if sem.is_offscreen(element):
            continue  # moved out of view (a focus sentinel): not shown either
        parent = element.getparent()
        if parent is not None and sem.is_aria_hidden(parent):
            continue  # reported at the top of the hidden part
        text = squash(visible_text(sem, element))
        if len(text.split()) < _MIN_HIDDEN_WORDS or any(
            ancestor.get("aria-label") or ancestor.get("aria-labelledby")
            for ancestor in element.iterancestors()
        ):
            continue
        if exposed is None:
            exposed = _exposed_text(doc, sem)
        if " ".join(text.split()).lower() not in exposed:
            yield Violation(
                message(
                    doc,
                    '%(element)s shows text that aria-hidden="true" hides from screen readers: remove '
                    "aria-hidden, or give the same information in text they can read.",
                    element=describe(element),
                ),
                element,
            )


def _is_current(item: _Element) -> bool:
    return any(
        token.lower() in _CURRENT_CLASS
        for node in (item, *item.iter("a"))
        for token in (node.get("class") or "").split()
    )


def _marked(item: _Element, sem: Semantics) -> bool:
    """The item or its link tells its state (aria-current, aria-selected), or says it in hidden text."""
    for node in (item, *item.iterdescendants()):
        if node.get("aria-current") not in (None, "false") or node.get("aria-selected") == "true":
            return True
    return any(sem.is_offscreen(node) for node in item.iterdescendants())


@rule(
    "current-item-marked",
    description="The current page of a pager or step of a form is marked with aria-current, not by colour only.",
    wcag=["1.3.1"],
)
def current_item_marked(doc: CheckedDocument) -> Iterator[Violation]:
    """A pager or step list shows "you are here" by colour: the same must be in the code (aria-current).

    Okay: <ul class="pager"><li><a href="?p=1">1</a></li><li><a class="active" href="?p=2" aria-current="page">2</a></li></ul>
    Error: <ol class="steps"><li>Person</li><li class="active">Household</li><li>Income</li></ol>
    Error: <nav aria-label="Pages"><ul><li><a href="?p=1">1</a></li><li><a class="current" href="?p=2">2</a></li></ul></nav>
    """
    sem = semantics(doc)
    for listing in doc.root.iter("ul", "ol"):
        labels = [listing.get("class") or "", listing.get("aria-label") or ""]
        nav = next(listing.iterancestors("nav"), None)
        if nav is not None:
            labels += [nav.get("aria-label") or "", nav.get("class") or ""]
        if not _SEQUENCE.search(" ".join(labels)) or not sem.is_exposed(listing):
            continue
        for item in listing.iterchildren("li"):
            if _is_current(item) and not _marked(item, sem):
                link = item.find(".//a")
                yield Violation(
                    message(
                        doc,
                        "%(element)s is shown as the current one by its look only: mark it with "
                        'aria-current="page" (a pager) or aria-current="step" (the steps of a form).',
                        element=describe(link if link is not None else item),
                    ),
                    item,
                )


def _collapsed(element: _Element, sem: Semantics) -> bool:
    clipped = (sem.style(element, "overflow") or sem.style(element, "overflow-y") or "") in ("hidden", "clip")
    return clipped and (
        (sem.style(element, "height") or "") in _COLLAPSED
        or (sem.style(element, "max-height") or "") in _COLLAPSED
    )


@rule(
    "collapsed-focusable",
    description="A box collapsed to no height (a closed accordion) holds no links or controls the Tab key reaches.",
    wcag=["2.4.7", "2.4.3"],
)
def collapsed_focusable(doc: CheckedDocument) -> Iterator[Violation]:
    """Links in a panel closed by ``height: 0`` still take the focus, which then cannot be seen.

    Okay: <div id="a" hidden><a href="/dates/">Payment dates</a></div>
    Error: <div id="a" style="height: 0; overflow: hidden"><a href="/dates/">Payment dates</a></div>
    """
    if any(":focus-within" in text for _, text in sheets(doc)):
        return  # a box that opens when the focus enters it (a skip-link bar) is left to the browser stage
    sem = semantics(doc)
    for element in sem.in_order([element for element in sem.styles if _collapsed(element, sem)]):
        if not sem.is_visible(element):
            continue
        inner = next((node for node in element.iterdescendants() if sem.in_tab_order(node)), None)
        if inner is not None:
            yield Violation(
                message(
                    doc,
                    "%(element)s is collapsed to no height, yet %(inner)s inside it still takes the focus, "
                    "which then cannot be seen: hide the closed panel with the hidden attribute or display: none.",
                    element=describe(element),
                    inner=describe(inner),
                ),
                inner,
            )
