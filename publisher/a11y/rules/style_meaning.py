"""Rules for meaning that lives only in the style sheet: words added by CSS, struck-through text, a state
shown only by a class's colour."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.rule_matches import rule_matches
from publisher.a11y.registry import Violation, rule

__all__ = ["css_content_meaning", "line_through_meaning", "state_by_style", "text_truncated"]

_STRING = re.compile(r"\"((?:[^\"\\]|\\.)*)\"|'((?:[^'\\]|\\.)*)'")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _added_words(value: str) -> str:
    """The words a ``content`` value adds (its strings; quotes, counters and symbols are not words)."""
    text = " ".join(first or second for first, second in _STRING.findall(value))
    return squash(text) if _WORD.search(text) else ""


@rule(
    "css-content-meaning",
    description="Words that carry meaning are in the page, not added by the style sheet (::before, ::after).",
    wcag=["1.3.1"],
)
def css_content_meaning(doc: CheckedDocument) -> Iterator[Violation]:
    """Text from CSS ``content`` is lost when styles are off or replaced, and is not found or copied.

    Okay: <style>.crumbs li + li::before { content: "/ "; }</style><ol class="crumbs"><li>Home</li><li>News</li></ol>
    Okay: <style>.req::after { content: "*"; }</style><label class="req">Name</label>
    Error: <style>.urgent::before { content: "Breaking: "; }</style><h2 class="urgent">Water main burst</h2>
    Error: <style>.req::after { content: " (required)"; }</style><label class="req">Name</label>
    """
    sem = semantics(doc)
    seen: set[tuple[_Element, str]] = set()
    for match in rule_matches(doc):
        if match.pseudo not in ("before", "after") or match.states or (match.element, match.pseudo) in seen:
            continue
        value = next((value for name, value, _ in reversed(match.declared) if name == "content"), "")
        words = _added_words(value)
        if not words or not sem.is_visible(match.element) or sem.is_aria_hidden(match.element):
            continue
        seen.add((match.element, match.pseudo))
        yield Violation(
            message(
                doc,
                '%(element)s gets the words "%(words)s" from the style sheet (%(selector)s): write them into the '
                "page itself, so that they are there without styles, for translation and for every screen reader.",
                element=describe(match.element),
                words=words,
                selector=match.selector,
            ),
            match.element,
        )


_STRIKE_ELEMENTS = frozenset({"del", "s", "strike"})


@rule(
    "line-through-meaning",
    description="Text struck through to say something (cancelled, sold out) says it in words or with del.",
    wcag=["1.3.1"],
)
def line_through_meaning(doc: CheckedDocument) -> Iterator[Violation]:
    """A line through a date means "cancelled" to the eye, and nothing at all to a screen reader.

    Okay: <p><del>Guided tour, 9 December</del> Cancelled</p>
    Okay: <style>.off { text-decoration: line-through; }</style><p><del class="off">Guided tour, 9 December</del> Cancelled</p>
    Error: <style>.off { text-decoration: line-through; }</style><p class="off">Guided tour, 9 December</p>
    """
    sem = semantics(doc)
    reported: set[_Element] = set()
    for match in rule_matches(doc):
        element = match.element
        if match.pseudo or match.states or element in reported or element.tag in _STRIKE_ELEMENTS:
            continue
        if not any(
            name in ("text-decoration", "text-decoration-line") and "line-through" in value.lower()
            for name, value, _ in match.declared
        ):
            continue
        if (
            not _WORD.search(text_of(element))
            or not sem.is_visible(element)
            or any(ancestor in reported for ancestor in element.iterancestors())
        ):
            continue
        if any(inner.tag in _STRIKE_ELEMENTS for inner in element.iter()) or any(
            ancestor.tag in _STRIKE_ELEMENTS for ancestor in element.iterancestors()
        ):
            continue
        reported.add(element)
        yield Violation(
            message(
                doc,
                "%(element)s is struck through by the style sheet, which only the eye sees: say what the line "
                'means in words ("cancelled", "sold out"), or mark the old text with <del>.',
                element=describe(element),
            ),
            element,
        )


# Class names that show a state: the chosen filter, the current day.
_STATE_CLASSES = frozenset(
    {
        "active",
        "is-active",
        "selected",
        "is-selected",
        "current",
        "is-current",
        "on",
        "is-on",
        "checked",
        "is-checked",
        "pressed",
        "is-pressed",
        "aktiv",
        "ausgewaehlt",
        "today",
        "is-today",
        "heute",
        "current-day",
    }
)
_STATE_ATTRIBUTES = ("aria-pressed", "aria-selected", "aria-current", "aria-checked", "aria-expanded")
_TODAY = re.compile(r"\b(today|heute)\b", re.IGNORECASE)


def _state_class(element: _Element) -> bool:
    return bool(_STATE_CLASSES & set((element.get("class") or "").lower().split()))


def _states_said(group: list[_Element]) -> bool:
    return any(any(member.get(name) is not None for name in _STATE_ATTRIBUTES) for member in group)


@rule(
    "state-by-style",
    description="A state shown by a class's look (the chosen filter, today's date) is also in the code or text.",
    wcag=["4.1.2", "1.4.1"],
)
def state_by_style(doc: CheckedDocument) -> Iterator[Violation]:
    """A filter button drawn dark when chosen, or today's date on yellow, is only seen, never announced.

    Okay: <div><button aria-pressed="true">All</button><button aria-pressed="false">Culture</button></div>
    Okay: <table><tr><td class="today" aria-current="date">2 December</td><td>3 December</td></tr></table>
    Error: <div><button class="is-active">All</button><button>Culture</button></div>
    Error: <table><tr><td class="today">2 December</td><td>3 December</td></tr></table>
    """
    sem = semantics(doc)
    for element in doc.having("class"):
        if not _state_class(element) or not sem.is_exposed(element) or _states_said([element]):
            continue
        role = sem.role(element)
        if role == "button":
            item = element.getparent()
            holder = item.getparent() if item is not None and item.tag == "li" else item
            if holder is None:
                continue
            group = [button for button in holder.iter("button") if button is not element]
            if not group or _states_said(group) or all(_state_class(button) for button in group):
                continue
        elif role in ("cell", "gridcell", "listitem") and _TODAY.search(element.get("class") or ""):
            if _TODAY.search(text_of(element)):
                continue
        else:
            continue
        yield Violation(
            message(
                doc,
                '%(element)s shows its state only by its look (the class "%(class)s"): say it in the code too, '
                'with aria-pressed="true" on a chosen button or aria-current="date" on today\'s date.',
                element=describe(element),
                **{"class": element.get("class") or ""},
            ),
            element,
        )


_MIN_TRUNCATED_WORDS = 4


def _truncates(declared: tuple[tuple[str, str, bool], ...]) -> bool:
    values = {name.lower(): value.strip().lower() for name, value, _ in declared}
    clipped = values.get("overflow", values.get("overflow-x", "")) in ("hidden", "clip")
    return (
        values.get("text-overflow") == "ellipsis" and clipped and values.get("white-space") == "nowrap"
    ) or any(
        values.get(name, "none") not in ("none", "unset", "initial")
        for name in ("-webkit-line-clamp", "line-clamp")
    )


@rule(
    "text-truncated",
    description="Text is not cut off with an ellipsis or a line clamp where the rest cannot be read.",
    wcag=["1.4.10", "1.4.4"],
)
def text_truncated(doc: CheckedDocument) -> Iterator[Violation]:
    """A headline cut to one line loses more of its words the narrower or larger the text gets.

    Okay: <style>h2 { overflow-wrap: break-word; }</style><h2>Dredging of the inner basin starts in April</h2>
    Okay: <style>p { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }</style><div><p>Once upon a midnight dreary, while I pondered</p><a href="/poem">Full text of the poem</a></div>
    Error: <style>h2 { white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }</style><h2>Dredging of the inner basin starts in April</h2>
    Error: <style>.teaser p { -webkit-line-clamp: 2; overflow: hidden; }</style><div class="teaser"><p>The berths of the inner basin will be deepened to 9.5 metres over eight weeks.</p></div>
    """
    sem = semantics(doc)
    reported: set[_Element] = set()
    for match in rule_matches(doc):
        element = match.element
        if match.pseudo or match.states or element in reported or not _truncates(match.declared):
            continue
        if len(squash(text_of(element)).split()) < _MIN_TRUNCATED_WORDS or not sem.is_exposed(element):
            continue
        parent = element.getparent()
        if parent is not None and any(
            sibling is not element and any(True for _ in sibling.iter("a")) for sibling in parent
        ):
            continue  # a link beside it leads to the whole text
        reported.add(element)
        yield Violation(
            message(
                doc,
                "%(element)s cuts its text off (an ellipsis or a line clamp, %(selector)s): at 400 %% zoom or on a "
                "narrow screen most of it is lost. Let the text wrap onto as many lines as it needs.",
                element=describe(element),
                selector=match.selector,
            ),
            element,
        )
