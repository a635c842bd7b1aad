"""Rules for boxes a style sheet sizes and shows: a page frame wider than a phone, text boxes of fixed
height, and cards shown on mouse hover alone.

Culture and event sites are often built for a desktop: the page body gets a minimum width of a large
screen, teaser or opening-hours boxes a fixed height with the overflow hidden (only rules outside any
media query count, and a box that a ``max-width`` media query resets is left alone), and a cast list
shows each actor's card over the page while the mouse rests on the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.css_parse import style_rules
from publisher.a11y.dom.css_select import ElementIndex, compiled_selector, matching
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.rule_matches import CONTROLS, ESCAPE_KEY, hover_only_selectors, revealed_by
from publisher.a11y.dom.scripts import inline_scripts
from publisher.a11y.dom.stylesheets import media_applies, sheets
from publisher.a11y.registry import Violation, rule

__all__ = ["hover_card_dismissible", "page_fixed_width", "text_box_fixed_height"]


_LENGTH = re.compile(r"^\s*(\d+(?:\.\d+)?)(px|rem|em)\s*$")
_NARROW = 320  # CSS pixels of the narrowest screen a page must fit without sideways scrolling
_MIN_CLIPPED_WORDS = 10
_MIN_BOX_PX = 24  # smaller boxes with overflow hidden are text for screen readers only


def _pixels(value: str) -> float:
    found = _LENGTH.match(value.lower())
    if found is None:
        return 0.0
    number = float(found.group(1))
    return number if found.group(2) == "px" else number * 16


_SIZING = frozenset({"width", "min-width", "max-width", "height", "overflow", "overflow-y"})


def _unconditional(doc: CheckedDocument) -> dict[_Element, dict[str, str]]:
    """Per element, the sizes and overflow set by style rules outside any media query, in sheet order.

    An element that a rule inside a ``max-width`` media query resets is left out: the page adapts.
    """
    index = ElementIndex(doc)
    found: dict[_Element, dict[str, str]] = {}
    adapted: set[_Element] = set()
    for sheet_media, text in sheets(doc):
        if sheet_media and not media_applies(sheet_media):
            continue
        for media, prelude, declared in style_rules(text):
            values = {
                name.lower(): value.strip().lower() for name, value, _ in declared if name.lower() in _SIZING
            }
            if not values:
                continue
            for selector in (part.strip() for part in prelude.split(",")):
                if re.search(
                    r":(?:hover|focus|active|focus-visible|focus-within)\b|::?(?:before|after)", selector
                ):
                    continue
                compiled = compiled_selector(selector)
                elements = matching(index, doc.root, compiled) if compiled is not None else []
                if media:
                    if "max-width" in media:
                        adapted.update(elements)
                    continue
                for element in elements:
                    found.setdefault(element, {}).update(values)
    return {element: values for element, values in found.items() if element not in adapted}


def _frame(doc: CheckedDocument) -> set[_Element]:
    """The page itself and the boxes that hold its main content."""
    main = next(iter(doc.root.iter("main")), None)
    if main is None:
        main = next(iter(doc.root.iter("h1")), None)
    frame = {element for element in doc.root.iter("html", "body")}
    if main is not None:
        frame.update(ancestor for ancestor in main.iterancestors())
        frame.add(main)
    return frame


@rule(
    "page-fixed-width",
    description="The page and the boxes around its content have no fixed width wider than a narrow screen.",
    wcag=["1.4.10"],
    channels=["web"],
)
def page_fixed_width(doc: CheckedDocument) -> Iterator[Violation]:
    """``body { min-width: 1180px }`` makes a phone, or a page zoomed to 400 %, scroll sideways for every line.

    Okay: <style>.wrap { max-width: 70rem; } body { min-width: 0; }</style><div class="wrap"><main><p>Text</p></main></div>
    Okay: <style>.wrap { width: 960px; } @media (max-width: 60rem) { .wrap { width: auto; } }</style><div class="wrap"><main><p>Text</p></main></div>
    Error: <style>body { min-width: 1180px; }</style><main><p>Text</p></main>
    Error: <style>.wrap { width: 980px; }</style><div class="wrap"><main><p>Text</p></main></div>
    """
    frame = _frame(doc)
    for element, values in doc.shared(_unconditional).items():
        if element not in frame:
            continue
        width = max(_pixels(values.get("width", "")), _pixels(values.get("min-width", "")))
        limit = values.get("max-width", "none")
        if width <= _NARROW or (limit != "none" and (not _LENGTH.match(limit) or _pixels(limit) <= _NARROW)):
            continue
        yield Violation(
            message(
                doc,
                "%(element)s holds the page's content and is %(width)d px wide whatever the screen: on a phone or "
                "at 400 %% zoom every line needs sideways scrolling. Use max-width instead of width or min-width.",
                element=describe(element),
                width=int(width),
            ),
            element,
        )
        return


@rule(
    "text-box-fixed-height",
    description="A box of text has no fixed height that cuts it off when readers widen its spacing.",
    wcag=["1.4.12"],
    channels=["web"],
)
def text_box_fixed_height(doc: CheckedDocument) -> Iterator[Violation]:
    """A teaser or sidebar of fixed height with ``overflow: hidden`` loses its last lines to wider text spacing.

    Okay: <style>.box { min-height: 9rem; }</style><div class="box"><p>Open today from 10 am to 6 pm, last entry at 5.30 pm, the glass exhibition closes at 4 pm.</p></div>
    Okay: <style>.sr { height: 1px; overflow: hidden; }</style><span class="sr">Open today from 10 am to 6 pm, last entry at 5.30 pm, the glass exhibition closes at 4 pm.</span>
    Error: <style>.box { height: 9rem; overflow: hidden; }</style><div class="box"><p>Open today from 10 am to 6 pm, last entry at 5.30 pm, the glass exhibition closes at 4 pm.</p></div>
    """
    sem = semantics(doc)
    for element, values in doc.shared(_unconditional).items():
        height = _pixels(values.get("height", ""))
        clipped = values.get("overflow", values.get("overflow-y", "")).split()[:1] in (["hidden"], ["clip"])
        if height < _MIN_BOX_PX or not clipped or not sem.is_visible(element) or sem.is_offscreen(element):
            continue
        if len(squash(text_of(element)).split()) < _MIN_CLIPPED_WORDS:
            continue
        yield Violation(
            message(
                doc,
                "%(element)s is %(height)d px high with overflow hidden: when readers widen line, word or letter "
                "spacing, its last lines are cut off. Use min-height instead of height.",
                element=describe(element),
                height=int(height),
            ),
            element,
        )


# A card holding controls is a menu: hover-only-content judges those (rule_matches.CONTROLS).


@rule(
    "hover-card-dismissible",
    description="A card shown on mouse hover over a name or term can be closed without moving the pointer.",
    wcag=["1.4.13"],
)
def hover_card_dismissible(doc: CheckedDocument) -> Iterator[Violation]:
    """A style sheet that lays a card over the page on :hover alone gives no key to close it, nor to open it.

    Okay: <style>.bio{display:none;position:absolute} .who:hover .bio{display:block}</style><span class="who">Lina<span class="bio">Actor</span></span><script>document.addEventListener("keydown", e => { if (e.key === "Escape") hide(); });</script>
    Okay: <details><summary>Lina Brandt</summary><p>Actor since 2021</p></details>
    Error: <style>.bio{display:none;position:absolute} .who:hover .bio{display:block}</style><span class="who">Lina<span class="bio">Actor</span></span>
    """
    if any(ESCAPE_KEY.search(text) for _, text in inline_scripts(doc)):
        return
    sem = semantics(doc)
    reported: set[_Element] = set()
    for selector in hover_only_selectors(doc):
        for card in revealed_by(doc, selector):
            if card in reported or sem.is_rendered(card) or card.cssselect(CONTROLS):
                continue
            if (sem.style(card, "position") or "") not in ("absolute", "fixed") or not squash(text_of(card)):
                continue
            reported.add(card)
            yield Violation(
                message(
                    doc,
                    "%(element)s is laid over the page on mouse hover only (%(selector)s): it cannot be closed "
                    "without moving the pointer, and keyboards never open it. Show it on focus of a button too, "
                    "and let the Escape key close it (or use a details element).",
                    element=describe(card),
                    selector=selector,
                ),
                card,
            )
