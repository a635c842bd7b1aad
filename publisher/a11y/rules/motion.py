"""Rules for content that moves on its own: endless CSS animations of text without a way to stop them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

from cssselect import GenericTranslator, SelectorError
from lxml.etree import XPathError, _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.css_parse import declarations, style_rules
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.stylesheets import media_applies, sheets
from publisher.a11y.registry import Violation, rule

__all__ = ["moving_text"]

_ANIMATION = frozenset({"animation", "animation-iteration-count"})
# A button that stops it: "Pause", "Stop", "Anhalten", "Laufschrift anhalten".
_STOP_WORDS = re.compile(r"\b(pause|stop|anhalten|stopp|pausieren)", re.IGNORECASE)
# Reading a moving line takes a while: a label such as "Loading" (a spinner) is not held to it.
_MIN_WORDS = 4


def _endless(declared: tuple[tuple[str, str, bool], ...]) -> bool:
    return any(name in _ANIMATION and "infinite" in value.lower() for name, value, _ in declared)


def _animated(doc: CheckedDocument) -> list[_Element]:
    """Elements with an endless animation from a style rule (outside media conditions) or a style attribute."""
    found = [element for element in doc.having("style") if _endless(declarations(element.get("style") or ""))]
    for sheet_media, text in sheets(doc):
        if "infinite" not in text or (sheet_media and not media_applies(sheet_media)):
            continue
        if "prefers-reduced-motion" in text:
            return []  # the site stops its motion for those who ask: left to the browser stage's reading
        for media, prelude, declared in style_rules(text):
            if media or not _endless(declared):
                continue
            try:
                matched = doc.root.xpath(GenericTranslator().css_to_xpath(prelude))
            except (SelectorError, XPathError):
                continue
            found.extend(
                element for element in cast(list[_Element], matched) if isinstance(element, _Element)
            )
    return found


@rule(
    "moving-text",
    description="Text that moves on its own without end (a ticker, a crawling line) has a button to stop it.",
    wcag=["2.2.2"],
)
def moving_text(doc: CheckedDocument) -> Iterator[Violation]:
    """A line that keeps scrolling cannot be read by many, and distracts from the rest of the page.

    Okay: <p style="animation: crawl 20s linear infinite">Road closed until Friday.</p><button>Pause</button>
    Okay: <span style="animation: spin 1s linear infinite">Loading</span>
    Error: <p style="animation: crawl 20s linear infinite">Quay Street closed until Friday for resurfacing.</p>
    """
    if not doc.having("style") and not any("infinite" in text for _, text in sheets(doc)):
        return
    sem = semantics(doc)
    if any(
        sem.is_exposed(button) and _STOP_WORDS.search(sem.name(button)) for button in sem.with_roles("button")
    ):
        return
    seen: set[_Element] = set()
    for element in _animated(doc):
        if element in seen or not isinstance(element.tag, str) or not sem.is_visible(element):
            continue
        seen.add(element)
        text = squash(text_of(element))
        if len(text.split()) >= _MIN_WORDS:
            yield Violation(
                message(
                    doc,
                    "%(element)s moves on its own without end, and nothing stops it: show the text still, or add "
                    'a button "Pause" that stops the motion.',
                    element=describe(element),
                ),
                element,
            )
