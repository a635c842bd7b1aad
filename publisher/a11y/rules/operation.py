"""Rules for what scripts make operable: trees tell which branch is open, frames keep their controls in
reach of the keyboard, drawing surfaces take keys too, and sound a script starts can be stopped."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.scripts import handlers_of, inline_scripts, listens, named_button
from publisher.a11y.registry import Violation, rule

__all__ = ["canvas_keyboard", "script_audio_stoppable"]


_POINTER = ("mousedown", "mousemove", "pointerdown", "pointermove", "touchstart", "touchmove")
_KEYS = ("keydown", "keyup", "keypress")


def _drawn_by_pointer(doc: CheckedDocument, canvas: _Element) -> bool:
    """A script listens for pointer moves on this canvas (by its id) and for no key."""
    if canvas in handlers_of(doc, *_POINTER):
        return not any(canvas.get(f"on{key}") for key in _KEYS)
    canvas_id = canvas.get("id")
    return any(
        canvas_id and canvas_id in text and listens(text, *_POINTER) and not listens(text, *_KEYS)
        for _, text in inline_scripts(doc)
    )


# A field to type what the drawing would give: "Type your name as your signature".
_SIGNATURE_FIELD = re.compile(r"unterschrift|signatur|signature|unterzeichn", re.IGNORECASE)


@rule(
    "canvas-keyboard",
    description="A surface one draws on with the mouse (a signature pad) has a keyboard way to give the same.",
    wcag=["2.1.1"],
    channels=["web"],
)
def canvas_keyboard(doc: CheckedDocument) -> Iterator[Violation]:
    """A signature drawn with the mouse on a ``canvas`` cannot be given from the keyboard at all.

    Okay: <canvas id="pad" width="300" height="100"></canvas><label for="typed">Or type your name as your signature</label><input id="typed"><script>pad.addEventListener("mousedown", start)</script>
    Error: <canvas id="pad" width="300" height="100"></canvas><script>document.getElementById("pad").addEventListener("mousedown", start)</script>
    """
    sem = semantics(doc)
    typed = any(
        sem.is_exposed(field)
        and (field.get("type") or "text").strip().lower() == "text"
        and _SIGNATURE_FIELD.search(sem.name(field))
        for field in doc.root.iter("input")
    )
    for canvas in doc.root.iter("canvas"):
        if not sem.is_visible(canvas) or typed or not _drawn_by_pointer(doc, canvas):
            continue
        yield Violation(
            message(
                doc,
                "%(element)s is drawn on with the mouse or a finger only: offer a keyboard way to give the same "
                "(e.g. a field to type one's name as signature).",
                element=describe(canvas),
            ),
            canvas,
        )


_PLAYS = re.compile(r"new\s+Audio\s*\([^)]*\)[\s\S]{0,200}?\.play\s*\(|\.play\s*\(\s*\)")
_STOP_WORDS = re.compile(
    r"\b(?:pause|stop|stopp|anhalten|beenden|mute|stumm|ton aus|sound off)", re.IGNORECASE
)


@rule(
    "script-audio-stoppable",
    description="Sound that a script starts on its own can be paused or stopped with a control on the page.",
    wcag=["1.4.2"],
    channels=["web"],
)
def script_audio_stoppable(doc: CheckedDocument) -> Iterator[Violation]:
    """``new Audio(...).play()`` on page load plays sound with no player on screen to stop it.

    Okay: <button type="button" id="stop">Stop reading</button><script>window.addEventListener("load", () => new Audio("a.mp3").play())</script>
    Okay: <button type="button" id="go">Listen</button><script>go.addEventListener("click", () => new Audio("a.mp3").play())</script>
    Error: <script>window.addEventListener("load", function () { new Audio("a.mp3").play(); });</script>
    """
    if named_button(doc, _STOP_WORDS):
        return
    for script, text in inline_scripts(doc):
        if _PLAYS.search(text) and not listens(text, "click", "keydown", "pointerup", "touchend", "change"):
            yield Violation(
                message(
                    doc,
                    "A script starts playing sound when the page opens, with nothing on the page to stop it: "
                    "let the user start it (a button or an audio element with controls), or add a Stop button.",
                ),
                script,
            )
