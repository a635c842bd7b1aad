"""Rules for what a web application's scripts do as the reader works in it: views changed without a new
title, dialogs and replaced content that leave the focus behind, pictures added without a text, and
timers that end a session or take a message with a button away."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.scripts import inline_scripts
from publisher.a11y.registry import Violation, rule

__all__ = [
    "dialog_focus_moved",
    "removed_control_focus",
    "script_image_alt",
    "timer_takes_away",
    "view_title",
]

_PUSH_STATE = re.compile(r"history\.pushState\s*\(")
_TITLE_SET = re.compile(r"document\.title\s*=(?!=)")
_FOCUS_CALL = re.compile(r"\.focus\s*\(|showModal\s*\(")
_IMG_CREATED = re.compile(r"""createElement\s*\(\s*["']img["']\s*\)""")
_INSERTS = re.compile(
    r"\.(?:appendChild|append|prepend|insertBefore|replaceChildren|replaceWith|before|after)\s*\("
)
_ALT_SET = re.compile(r"""\.alt\s*=(?!=)|setAttribute\s*\(\s*["']alt["']""")
_IMG_IN_STRING = re.compile(r"""<img\b(?![^>]*\balt=)[^>]*>""", re.IGNORECASE)
_BY_ID_CALL = r"""getElementById\(\s*["']([^"']+)["']\s*\)"""
_LISTENER_ON = re.compile(_BY_ID_CALL + r"""\s*\.addEventListener\(\s*["']click["']""")
_REMOVES = re.compile(
    _BY_ID_CALL
    + r"""\s*(?:\.remove\s*\(\s*\)|\.innerHTML\s*=(?!=)|\.replaceChildren\s*\(|\.outerHTML\s*=(?!=))"""
)
_TIMER = re.compile(r"setTimeout\s*\(")
_CLEAR_TIMER = re.compile(r"clear(?:Timeout|Interval)\s*\(")
_LEAVES = re.compile(r"location(?:\.href)?\s*=(?!=)|location\.(?:assign|replace)\s*\(|\.submit\s*\(")
_EMPTIES = re.compile(
    r"""(?:textContent|innerHTML)\s*=\s*["']{2}|\.remove\s*\(\s*\)|\.hidden\s*=\s*true|style\.display\s*=\s*["']none"""
)
_ADDS_CONTROL = re.compile(r"""<button\b|<a\s[^>]*href|createElement\s*\(\s*["'](?:button|a)["']\s*\)""")
_TIMER_BODY = 200


def _all_script_text(doc: CheckedDocument) -> str:
    return "\n".join(text for _, text in inline_scripts(doc))


@rule(
    "view-title",
    description="A script that shows another view under a new address also gives the page a new title.",
    wcag=["2.4.2"],
)
def view_title(doc: CheckedDocument) -> Iterator[Violation]:
    """A single-page application changes the address with ``history.pushState`` but not ``document.title``.

    Okay: <script>function show(v) { history.pushState({}, "", "/" + v); document.title = v + " – Amt"; }</script>
    Error: <script>function show(v) { history.pushState({}, "", "/" + v); render(v); }</script>
    """
    scripts = inline_scripts(doc)
    if any(_TITLE_SET.search(text) for _, text in scripts):
        return
    for script, text in scripts:
        if _PUSH_STATE.search(text):
            yield Violation(
                message(
                    doc,
                    "%(element)s shows another view under a new address (history.pushState) but leaves the page "
                    "title as it was: set document.title to the new view's subject, so that screen readers and "
                    "the browser's history name it.",
                    element=describe(script),
                ),
                script,
            )
            return


@rule(
    "dialog-focus-moved",
    description="A dialog that a script opens receives the keyboard focus.",
    wcag=["2.4.3"],
)
def dialog_focus_moved(doc: CheckedDocument) -> Iterator[Violation]:
    """A hidden ``role="dialog"`` shown by a script while no script moves the focus (focus(), showModal()).

    Keyboard and screen reader users stay behind the dialog, on the button that opened it.

    Okay: <div role="dialog" aria-label="Absagen" id="d" hidden><button>Ja</button></div><script>open = () => { d.hidden = false; d.querySelector("button").focus(); };</script>
    Okay: <dialog id="d" aria-label="Absagen"><button>Ja</button></dialog><script>open = () => d.showModal();</script>
    Error: <div role="dialog" aria-label="Absagen" id="d" hidden><button>Ja</button></div><script>open = () => { d.hidden = false; };</script>
    """
    text = _all_script_text(doc)
    if not text or _FOCUS_CALL.search(text):
        return
    sem = semantics(doc)
    for element in sem.with_roles("dialog", "alertdialog"):
        if element.tag == "dialog" or sem.is_visible(element):
            continue
        if any(inner.get("autofocus") is not None for inner in element.iter()):
            continue
        yield Violation(
            message(
                doc,
                "Dialog %(element)s is opened by a script, but no script moves the keyboard focus into it: "
                "keyboard and screen reader users stay behind it. Focus its first control or heading when it "
                "opens (or use a dialog element with showModal()).",
                element=describe(element),
            ),
            element,
        )


@rule(
    "removed-control-focus",
    description="A click handler that removes or replaces its own control moves the focus somewhere useful.",
    wcag=["2.4.3"],
)
def removed_control_focus(doc: CheckedDocument) -> Iterator[Violation]:
    """A "Load more" button or a routed link whose handler removes it (or the box around it) from the page.

    The focus falls back to the start of the page, and keyboard users must find their place again.

    Okay: <p id="z"><button id="m">Mehr</button></p><ul id="l"></ul><script>document.getElementById("m").addEventListener("click", () => { document.getElementById("z").remove(); document.getElementById("l").focus(); });</script>
    Error: <p id="z"><button id="m">Mehr</button></p><script>document.getElementById("m").addEventListener("click", () => { document.getElementById("z").remove(); });</script>
    """
    for script, text in inline_scripts(doc):
        if _FOCUS_CALL.search(text):
            continue
        controls = [doc.by_id.get(found.group(1)) for found in _LISTENER_ON.finditer(text)]
        removed = [doc.by_id.get(found.group(1)) for found in _REMOVES.finditer(text)]
        hit = _removes_own_control(
            [c for c in controls if c is not None], [r for r in removed if r is not None]
        )
        if hit is not None:
            yield Violation(
                message(
                    doc,
                    "%(element)s removes or replaces %(control)s, the element whose click it handles, without "
                    "moving the focus: keyboard users are sent back to the start of the page. Focus the new "
                    "content (or its heading) after the change.",
                    element=describe(script),
                    control=describe(hit),
                ),
                script,
            )


def _removes_own_control(controls: list[_Element], removed: list[_Element]) -> _Element | None:
    for control in controls:
        for gone in removed:
            if gone is control or any(ancestor is gone for ancestor in control.iterancestors()):
                return control
    return None


@rule(
    "script-image-alt",
    description="Pictures that a script adds to the page get a text alternative.",
    wcag=["1.1.1"],
)
def script_image_alt(doc: CheckedDocument) -> Iterator[Violation]:
    """A script creates ``img`` elements (a preview, a gallery) but never sets their ``alt``.

    Okay: <script>const img = document.createElement("img"); img.src = url; img.alt = "Vorschau: " + name; box.append(img);</script>
    Okay: <script>const img = new Image(); img.onload = () => canvas.getContext("2d").drawImage(img, 0, 0);</script>
    Error: <script>const img = document.createElement("img"); img.src = url; box.appendChild(img);</script>
    Error: <script>box.innerHTML = '<img src="' + url + '">';</script>
    """
    for script, text in inline_scripts(doc):
        created = _IMG_CREATED.search(text) is not None and _INSERTS.search(text) is not None
        created = created and _ALT_SET.search(text) is None
        if created or _IMG_IN_STRING.search(text):
            yield Violation(
                message(
                    doc,
                    "%(element)s adds pictures to the page without a text alternative: set alt on each "
                    '(a short description, or alt="" if the picture only decorates).',
                    element=describe(script),
                ),
                script,
            )


@rule(
    "timer-takes-away",
    description="No timer ends the session or takes away a message with a button before the reader is done.",
    wcag=["2.2.1"],
)
def timer_takes_away(doc: CheckedDocument) -> Iterator[Violation]:
    """A timer that leaves the page (a session's end) with no way to extend it, or one that removes a
    message holding a button (an "Undo" toast) after a few seconds.

    Okay: <script>let t; function start() { clearTimeout(t); t = setTimeout(warn, 780000); } start();</script>
    Error: <script>setTimeout(function () { location.href = "/logged-out/"; }, 900000);</script>
    Error: <script>box.innerHTML = 'Deleted. <button>Undo</button>'; setTimeout(function () { box.textContent = ""; }, 4000);</script>
    """
    for script, text in inline_scripts(doc):
        bodies = [text[found.end() : found.end() + _TIMER_BODY] for found in _TIMER.finditer(text)]
        leaves = any(_LEAVES.search(body) for body in bodies) and not _CLEAR_TIMER.search(text)
        hides_action = _ADDS_CONTROL.search(text) is not None and any(
            _EMPTIES.search(body) for body in bodies
        )
        if not (leaves or hides_action):
            continue
        if leaves:
            text_shown = (
                "%(element)s ends the session (or leaves the page) after a fixed time, with no way to extend it: "
                "warn at least 20 seconds before and let the reader ask for more time."
            )
        else:
            text_shown = (
                "%(element)s removes a message with a button (such as Undo) after a few seconds: keep it until "
                "the reader closes it, so that there is time to read and use it."
            )
        yield Violation(message(doc, text_shown, element=describe(script)), script)
