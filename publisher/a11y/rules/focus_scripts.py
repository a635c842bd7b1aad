"""Rules for what a page's scripts do with the focus and the mouse pointer: focus taken away again, a
context changed when a field gets the focus, content shown on mouse-over only."""

from __future__ import annotations

import re
from collections.abc import Iterator

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.scripts import handlers_of, inline_scripts
from publisher.a11y.registry import Violation, rule

__all__ = ["focus_change_of_context", "focus_not_removed", "hover_script_keyboard"]

_FOCUS_LISTENER = re.compile(r"""addEventListener\s*\(\s*["']focus(?:in)?["']|\.onfocus(?:in)?\s*=""")
_NEXT_LISTENER = re.compile(r"addEventListener\s*\(|\.on[a-z]+\s*=")
_BLUR = re.compile(r"\.blur\s*\(")
_CONTEXT_CHANGE = re.compile(
    r"location(?:\.href)?\s*=|location\.(?:assign|replace)\s*\(|\.submit\s*\(|window\.open\s*\(|"
    r"showModal\s*\(|(?<!this)\.focus\s*\("
)
_SHOWS = re.compile(
    r"""\.hidden\s*=|style\.(?:display|visibility|opacity)\s*=|classList\.(?:add|remove|toggle)\s*\(|removeAttribute\s*\(\s*["']hidden"""
)
_BODY_LIMIT = 400


_BY_ID = re.compile(r"""getElementById\(\s*["']([^"']+)["']\s*\)\s*$""")


def _focus_bodies(doc: CheckedDocument, text: str) -> Iterator[str]:
    """The code after each focus listener, up to the next listener registered (at most a few lines).

    Listeners of a hidden focus sentinel (off screen or aria-hidden, there to pass the focus on to a
    dialog's first field) are left out.
    """
    sem = semantics(doc)
    for found in _FOCUS_LISTENER.finditer(text):
        owner = _BY_ID.search(text[max(0, found.start() - 120) : found.start()].rstrip(". \n\t"))
        element = doc.by_id.get(owner.group(1)) if owner else None
        if element is not None and (sem.is_aria_hidden(element) or sem.is_offscreen(element)):
            continue
        rest = text[found.end() : found.end() + _BODY_LIMIT]
        following = _NEXT_LISTENER.search(rest)
        yield rest[: following.start()] if following else rest


@rule(
    "focus-not-removed",
    description="A script does not take the focus away from an element as soon as it gets it (blur on focus).",
    wcag=["2.4.7"],
)
def focus_not_removed(doc: CheckedDocument) -> Iterator[Violation]:
    """``onfocus="this.blur()"`` hides where the keyboard is, and often stops it there.

    Okay: <a href="/news/" onclick="track()">News</a>
    Error: <a href="/news/" onfocus="this.blur()">News</a>
    Error: <script>link.addEventListener("focus", function () { link.blur(); });</script>
    """
    for element in handlers_of(doc, "focus", "focusin"):
        if _BLUR.search(element.get("onfocus") or element.get("onfocusin") or ""):
            yield Violation(_blur_message(doc, describe(element)), element)
    for script, text in inline_scripts(doc):
        if any(_BLUR.search(body) for body in _focus_bodies(doc, text)):
            yield Violation(_blur_message(doc, describe(script)), script)


def _blur_message(doc: CheckedDocument, element: str) -> str:
    return message(
        doc,
        "%(element)s removes the focus from an element as soon as it gets it (blur on focus): keyboard users no "
        "longer see where they are. Remove the blur() call.",
        element=element,
    )


@rule(
    "focus-change-of-context",
    description="Moving the focus onto an element does not open a page, send a form or move the focus elsewhere.",
    wcag=["3.2.1"],
)
def focus_change_of_context(doc: CheckedDocument) -> Iterator[Violation]:
    """Tabbing through a form must not throw the reader somewhere else on the way.

    Okay: <script>field.addEventListener("focus", function () { hint.hidden = false; });</script>
    Error: <input onfocus="location.href='/search/advanced/'">
    Error: <script>field.addEventListener("focus", function () { panel.hidden = false; other.focus(); });</script>
    """
    for element in handlers_of(doc, "focus", "focusin"):
        if _CONTEXT_CHANGE.search(element.get("onfocus") or element.get("onfocusin") or ""):
            yield Violation(_context_message(doc, describe(element)), element)
    for script, text in inline_scripts(doc):
        if any(_CONTEXT_CHANGE.search(body) for body in _focus_bodies(doc, text)):
            yield Violation(_context_message(doc, describe(script)), script)


def _context_message(doc: CheckedDocument, element: str) -> str:
    return message(
        doc,
        "%(element)s opens another page, sends a form or moves the focus as soon as an element gets the focus: "
        "do this only when the reader asks for it, with a button or link.",
        element=element,
    )


@rule(
    "hover-script-keyboard",
    description="What a script shows on mouse-over (a tooltip, a definition) also shows on keyboard focus.",
    wcag=["2.1.1", "1.4.13"],
)
def hover_script_keyboard(doc: CheckedDocument) -> Iterator[Violation]:
    """A definition that opens only under the mouse pointer is out of reach for keyboard and touch users.

    Okay: <script>term.addEventListener("mouseenter", show); term.addEventListener("focus", show);</script>
    Error: <span onmouseover="tip.hidden = false" onmouseout="tip.hidden = true">Zoning plan</span>
    Error: <script>term.addEventListener("mouseenter", function () { tip.hidden = false; });</script>
    """
    for element in handlers_of(doc, "mouseover", "mouseenter"):
        if element.get("onfocus") is None and element.get("onfocusin") is None:
            yield Violation(_hover_message(doc, describe(element)), element)
    for script, text in inline_scripts(doc):
        hover = re.search(r"""addEventListener\s*\(\s*["'](?:mouseover|mouseenter)["']""", text)
        if hover and _SHOWS.search(text) and not _FOCUS_LISTENER.search(text):
            yield Violation(_hover_message(doc, describe(script)), script)


def _hover_message(doc: CheckedDocument, element: str) -> str:
    return message(
        doc,
        "%(element)s shows content when the mouse pointer is over an element, but not when it gets the keyboard "
        "focus: make the element a button and show the content on focus and click too (closable with Escape).",
        element=element,
    )
