"""Rules for what a page's scripts and style sheets do with the focus and the mouse pointer: focus taken
away again, a context changed when a field gets the focus, content shown on mouse-over only, a focus
outline removed with nothing in its place."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.css_parse import style_rules
from publisher.a11y.dom.css_select import ElementIndex, compiled_selector, matching
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.scripts import handlers_of, inline_scripts
from publisher.a11y.dom.stylesheets import media_applies, sheets
from publisher.a11y.registry import Violation, rule

__all__ = ["focus_change_of_context", "focus_not_removed", "focus_outline_removed", "hover_script_keyboard"]

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


# ":focus" itself, not ":focus-visible" or ":focus-within"; a selector naming focus-visible at all
# (":focus:not(:focus-visible)") hides the ring from mouse clicks only.
_FOCUS = re.compile(r":focus(?![\w-])")
_INDICATORS = ("box-shadow", "border", "border-color", "border-bottom", "border-width", "background",
               "background-color", "text-decoration", "text-decoration-line", "color",
               "stroke", "stroke-width", "fill")  # fmt: skip
_FOCUSABLE = frozenset({"a", "button", "input", "select", "textarea", "summary"})
# A focus rule: (order, specificity, selector, declarations).
_FocusRule = tuple[int, tuple[int, ...], str, dict[str, str]]


def _outline_removed(declared: dict[str, str]) -> bool:
    outline = declared.get("outline", "").split()
    return (bool(outline) and (outline[0] in ("none", "0", "0px") or "none" in outline)) or (
        declared.get("outline-style") == "none" or declared.get("outline-width") in ("0", "0px")
    )


def _outline_shown(declared: dict[str, str]) -> bool:
    outline = declared.get("outline", "").split()
    return bool(outline) and not _outline_removed(declared)


def _focus_rules(doc: CheckedDocument) -> list[_FocusRule]:
    """Every rule of the page's style sheets whose selector holds a focus pseudo-class, in order."""
    found: list[_FocusRule] = []
    order = 0
    for _, sheet in sheets(doc):
        for media, prelude, props in style_rules(sheet):
            order += 1
            if "focus" not in prelude or (media and not media_applies(media, doc.scheme)):
                continue
            declared = {name: value.strip().lower() for name, value, _ in props}
            for selector in prelude.split(","):
                compiled = compiled_selector(selector.strip())
                specificity = compiled[1] if compiled is not None else (0, 0, 1, 0)
                found.append((order, specificity, selector.strip(), declared))
    return found


def _replaced(removal: _FocusRule, rules: list[_FocusRule]) -> bool:
    """Another focus rule shows the focus instead: any indicator, or an outline that wins the cascade."""
    order, specificity, _, _ = removal
    for other_order, other_specificity, _, declared in rules:
        if any(name in declared and declared[name] not in ("none", "0") for name in _INDICATORS):
            return True
        if _outline_shown(declared) and (other_specificity, other_order) > (specificity, order):
            return True
    return False


@rule(
    "focus-outline-removed",
    description="The style sheet does not remove the focus outline without showing the focus another way.",
    wcag=["2.4.7"],
    channels=["web"],
)
def focus_outline_removed(doc: CheckedDocument) -> Iterator[Violation]:
    """``*:focus { outline: none }`` in a theme leaves keyboard users guessing where they are.

    Okay: <style>a:focus { outline: none; box-shadow: 0 0 0 3px #036; }</style><a href="/a">A</a>
    Okay: <style>:focus:not(:focus-visible) { outline: none; }</style><a href="/a">A</a>
    Okay: <style>main:focus { outline: none; }</style><a href="#main">Skip</a><main id="main" tabindex="-1">Text</main>
    Okay: <style>a:focus { outline: 0; } a:focus-visible { outline: 3px solid #036; }</style><a href="/a">A</a>
    Okay: <style>svg a:focus { outline: none; } svg a:focus-visible path { stroke: #b3261e; stroke-width: 8; }</style><svg><a href="/north"><path d="M0 0h9v9z"/></a></svg>
    Error: <style>*:focus { outline: none; }</style><a href="/a">A</a>
    Error: <style>:focus-visible { outline: 3px solid #036; } a:focus, button:focus { outline: 0; }</style><a href="/a">A</a>
    """
    rules = _focus_rules(doc)
    index: ElementIndex | None = None
    for removal in rules:
        _, _, selector, declared = removal
        if not _FOCUS.search(selector) or "focus-visible" in selector or not _outline_removed(declared):
            continue
        if any(name in declared for name in _INDICATORS) or _replaced(removal, rules):
            continue
        subject = compiled_selector(_FOCUS.sub("", selector).strip() or "*")
        if subject is None:
            continue
        index = index or ElementIndex(doc)
        targets = [element for element in matching(index, doc.root, subject) if _focusable(element)]
        if targets:
            yield Violation(
                message(
                    doc,
                    'The style rule "%(selector)s" removes the focus outline (outline: none) and nothing else '
                    "shows where the keyboard focus is, on %(element)s and others: keep the outline, or style "
                    ":focus-visible with an outline or a box-shadow of at least 2 px.",
                    selector=selector[:60],
                    element=describe(targets[0]),
                ),
                targets[0],
            )
            return  # one finding says it: the same rule applies to every matched element


def _focusable(element: _Element) -> bool:
    """In the Tab order: a skip link's target (``main tabindex="-1"``) takes the focus from a script only."""
    tabindex = (element.get("tabindex") or "").strip()
    if tabindex.lstrip("-").isdigit():
        return not tabindex.startswith("-")
    if element.tag == "a":
        return element.get("href") is not None
    return element.tag in _FOCUSABLE and element.get("type") != "hidden"
