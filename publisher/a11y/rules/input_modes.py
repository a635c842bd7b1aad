"""Rules for ways of operating a page besides a plain click: dragging, swiping, shaking the device, single
keys, pinching to zoom, and controls whose native field is hidden."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.rule_matches import rule_matches
from publisher.a11y.dom.scripts import inline_scripts, listens
from publisher.a11y.registry import Violation, rule

__all__ = [
    "character_key_shortcuts",
    "drag_alternative",
    "hidden_native_input",
    "motion_actuation",
    "pinch_zoom_allowed",
    "swipe_alternative",
]

_CONTROL_ROLES = ("button", "link", "spinbutton", "combobox", "listbox", "menuitem", "slider")


@rule(
    "drag-alternative",
    description="What can be done by dragging (sorting a list) can also be done with a single click or tap.",
    wcag=["2.5.7"],
)
def drag_alternative(doc: CheckedDocument) -> Iterator[Violation]:
    """Dragging needs a steady hand on a mouse or finger; buttons ("Move up") do the same in one click.

    Okay: <ol><li draggable="true">Traffic <button>Move up</button></li><li draggable="true">Culture <button>Move up</button></li></ol>
    Error: <ol><li draggable="true">Traffic</li><li draggable="true">Culture</li></ol>
    """
    sem = semantics(doc)
    reported: set[_Element] = set()
    for item in doc.having("draggable"):
        container = item.getparent()
        if (item.get("draggable") or "").lower() != "true" or container is None or container in reported:
            continue
        if not sem.is_visible(item):
            continue
        controls = [
            element
            for element in container.iter()
            if element is not container and sem.role(element) in _CONTROL_ROLES
        ]
        if any(sem.is_exposed(control) for control in controls):
            continue
        reported.add(container)
        yield Violation(
            message(
                doc,
                'The items of %(element)s can only be moved by dragging: add buttons ("Move up", "Move down") '
                "or another way to move them with a single click or the keyboard.",
                element=describe(container),
            ),
            container,
        )


@rule(
    "swipe-alternative",
    description="What a swipe or other touch gesture does can also be done with a button or a single tap.",
    wcag=["2.5.1", "2.1.1"],
)
def swipe_alternative(doc: CheckedDocument) -> Iterator[Violation]:
    """A gallery that only turns by swiping cannot be used with a mouse, a keyboard or one finger held still.

    Okay: <script>el.addEventListener("touchend", next); nextButton.addEventListener("click", next);</script>
    Error: <script>el.addEventListener("touchstart", start); el.addEventListener("touchend", function (e) { swipe(e); });</script>
    """
    for script, text in inline_scripts(doc):
        if listens(text, "touchstart", "touchend", "touchmove") and not listens(
            text, "click", "keydown", "keyup"
        ):
            yield Violation(
                message(
                    doc,
                    "A script reacts to swiping or other touch gestures and to nothing else: give every gesture "
                    'a button too ("Next photo", "Previous photo") that works with a click, a tap and the keyboard.',
                ),
                script,
            )


@rule(
    "motion-actuation",
    description="What shaking or tilting the device does can also be done with a button, and can be switched off.",
    wcag=["2.5.4"],
)
def motion_actuation(doc: CheckedDocument) -> Iterator[Violation]:
    """Not everyone can shake a phone, and some shake it without meaning to (a tremor, a bus).

    Okay: <script>button.addEventListener("click", refresh); box.addEventListener("change", function () { if (box.checked) { addEventListener("devicemotion", shake); } else { removeEventListener("devicemotion", shake); } });</script>
    Error: <script>window.addEventListener("devicemotion", function (e) { if (e.acceleration.x > 15) { location.reload(); } });</script>
    """
    for script, text in inline_scripts(doc):
        if not listens(text, "devicemotion", "deviceorientation"):
            continue
        off = re.search(r"""removeEventListener\s*\(\s*["']device(?:motion|orientation)["']""", text)
        if off and listens(text, "click", "change"):
            continue
        yield Violation(
            message(
                doc,
                "A script acts when the device is shaken or tilted: offer the same with a button, and a setting "
                "that switches the motion off, so that nothing happens by accident.",
            ),
            script,
        )


# A comparison with one printable character: key === "j", e.key == 'K', keyCode === 74, code === "KeyJ".
_SINGLE_KEY = re.compile(
    r"""\.key\s*===?\s*["'](?:[^"'\\\s]|\\.)["']|\.(?:keyCode|which)\s*===?\s*(?:4[89]|5[0-7]|6[5-9]|[78]\d|90|19[0-2]|22[0-2])\b|\.code\s*===?\s*["'](?:Key[A-Z]|Digit\d)["']"""
)
_MODIFIERS = re.compile(r"\.(?:altKey|ctrlKey|metaKey)\b")


@rule(
    "character-key-shortcuts",
    description="Shortcuts of a single letter or digit need a modifier key, or work only where the focus is.",
    wcag=["2.1.4"],
)
def character_key_shortcuts(doc: CheckedDocument) -> Iterator[Violation]:
    """Speech input types letters; a page that jumps on "j" and "k" acts on every dictated word.

    Okay: <script>document.addEventListener("keydown", function (e) { if (e.altKey && e.key === "j") { next(); } });</script>
    Okay: <script>field.addEventListener("keydown", function (e) { if (e.key === "Enter") { send(); } });</script>
    Error: <script>document.addEventListener("keydown", function (e) { if (e.key === "j") { next(); } });</script>
    """
    for script, text in inline_scripts(doc):
        if (
            listens(text, "keydown", "keypress", "keyup")
            and _SINGLE_KEY.search(text)
            and not _MODIFIERS.search(text)
        ):
            yield Violation(
                message(
                    doc,
                    "A script acts on single letter or digit keys: require a modifier (Alt, Ctrl), let users turn the "
                    "shortcuts off or change them, or let them work only while their control has the focus.",
                ),
                script,
            )


_ZOOM_ALLOWED = frozenset({"auto", "manipulation", "pinch-zoom", "inherit", "initial", "unset", "revert"})


@rule(
    "pinch-zoom-allowed",
    description="The page does not switch off zooming with two fingers (touch-action on html or body).",
    wcag=["1.4.4"],
)
def pinch_zoom_allowed(doc: CheckedDocument) -> Iterator[Violation]:
    """``touch-action: pan-x pan-y`` on the whole page stops the pinch that enlarges it on a phone.

    Okay: <style>html { touch-action: manipulation; }</style><p>Text</p>
    Error: <style>html, body { touch-action: pan-x pan-y; }</style><p>Text</p>
    """
    for match in rule_matches(doc):
        if match.element.tag not in ("html", "body") or match.pseudo or match.states:
            continue
        for name, value, _ in match.declared:
            tokens = set(value.lower().split())
            if name == "touch-action" and tokens and not tokens & _ZOOM_ALLOWED:
                yield Violation(
                    message(
                        doc,
                        '%(element)s has "touch-action: %(value)s", which stops readers from zooming the page with '
                        'two fingers: remove it, or use "manipulation".',
                        element=describe(match.element),
                        value=value,
                    ),
                    match.element,
                )
                return


@rule(
    "hidden-native-input",
    description="A radio button or checkbox styled by its label is not hidden with display: none (the keyboard skips it).",
    wcag=["2.1.1"],
)
def hidden_native_input(doc: CheckedDocument) -> Iterator[Violation]:
    """Tiles that replace radio buttons are only reachable by Tab if the real field stays in the page.

    Okay: <input type="radio" id="a" name="f" class="sr-only"><label for="a">Daily</label>
    Error: <input type="radio" id="a" name="f" style="display: none"><label for="a">Daily</label>
    """
    sem = semantics(doc)
    labels: dict[str, list[_Element]] = {}
    for label in doc.root.iter("label"):
        if label.get("for"):
            labels.setdefault(label.get("for") or "", []).append(label)
    for field in doc.root.iter("input"):
        if (field.get("type") or "").lower() not in ("radio", "checkbox") or sem.is_rendered(field):
            continue
        own = labels.get(field.get("id") or "", []) + [label for label in field.iterancestors("label")]
        if any(sem.is_visible(label) for label in own):
            yield Violation(
                message(
                    doc,
                    "%(element)s is hidden with display: none while its label is shown as the control: the keyboard "
                    "never reaches it. Hide the field visually only (the class sr-only), and show its focus on the label.",
                    element=describe(field),
                ),
                field,
            )
