"""Rules for the names of dialogs, buttons and links: words, not symbols or file names; one control each."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import cast

from lxml.etree import XPath, _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["control_in_link", "dialog_name", "link_text_file_name", "overlay_is_dialog", "symbol_name"]

# A file name as link text: "bp-112_begr_v4_2026-11.pdf", "Antrag_final2.docx".
_FILE_NAME = re.compile(
    r"^[\w.\-~]+\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|odp|rtf|csv|zip|txt|epub|mp3|mp4)$", re.IGNORECASE
)
_INTERACTIVE = ("a", "button", "input", "select", "textarea")
# Compiled once: an XPath given as text is compiled again on every call.
_LINK_WITH_CONTROL = XPath(".//a[@href][.//a[@href] or .//button or .//input or .//select or .//textarea]")
_ZERO = frozenset({"0", "0px"})
_LANDMARKS = frozenset({"banner", "navigation", "contentinfo", "complementary", "search", "main"})
_FULL = frozenset({"100%", "100vw", "100vh", "100dvh"})


def _wordless(name: str) -> bool:
    """True for a name of symbols only: no letter or digit ("×", "▶", "❚❚", "🔇")."""
    return bool(name.strip()) and not any(unicodedata.category(char)[0] in "LN" for char in name)


def _dialog_named(dialog: _Element, doc: CheckedDocument, sem: Semantics) -> bool:
    # A closed dialog's heading is hidden with it, yet names it once it opens.
    labels = [doc.by_id.get(ref) for ref in (dialog.get("aria-labelledby") or "").split()]
    return bool(
        sem.name(dialog)
        or (dialog.get("aria-label") or "").strip()
        or any(label is not None and squash(text_of(label)) for label in labels)
    )


@rule(
    "dialog-name",
    description="A dialog has a name (aria-labelledby its heading, or aria-label).",
    wcag=["4.1.2"],
)
def dialog_name(doc: CheckedDocument) -> Iterator[Violation]:
    """When a dialog opens, its name is what a screen reader announces first.

    Okay: <div role="dialog" aria-labelledby="h"><h2 id="h">Cookies</h2><button>OK</button></div>
    Okay: <dialog aria-label="Share this page" open><button>Close</button></dialog>
    Error: <div role="dialog" aria-modal="true"><h2>How to collect an item</h2><button>Close</button></div>
    """
    sem = semantics(doc)
    # Closed dialogs too: they open on a click, with the name they have now.
    for dialog in sem.in_order({*sem.with_roles("dialog", "alertdialog"), *doc.root.iter("dialog")}):
        if next(dialog.iterancestors("template"), None) is None and not _dialog_named(dialog, doc, sem):
            yield Violation(
                message(
                    doc,
                    "The dialog %(element)s has no name: point aria-labelledby at its heading, so that the "
                    "heading is announced when the dialog opens.",
                    element=describe(dialog),
                ),
                dialog,
            )


def _covers_viewport(element: _Element, sem: Semantics) -> bool:
    """A fixed layer over the whole window: ``inset: 0``, four zero offsets, or 100 % by 100 %."""
    if sem.style(element, "position") != "fixed":
        return False
    if sem.style(element, "inset") in _ZERO:
        return True
    if all(sem.style(element, side) in _ZERO for side in ("top", "right", "bottom", "left")):
        return True
    return sem.style(element, "width") in _FULL and sem.style(element, "height") in _FULL


def _is_backdrop(element: _Element, sem: Semantics) -> bool:
    """An empty, painted layer over the whole window (not a background layer behind the page)."""
    painted = bool(sem.style(element, "background") or sem.style(element, "background-color"))
    return painted and _covers_viewport(element, sem) and not squash(text_of(element)) and len(element) == 0


@rule(
    "overlay-is-dialog",
    description="A box shown over a dimmed page (a consent or sign-up overlay) is marked as a dialog.",
    wcag=["4.1.2", "1.3.1"],
)
def overlay_is_dialog(doc: CheckedDocument) -> Iterator[Violation]:
    """Over a backdrop, a box of buttons is a modal dialog: without the role, readers do not know they are in one.

    Okay: <div style="position: fixed; inset: 0; background: #0003"></div><div role="dialog" aria-label="Cookies" style="position: fixed"><button>OK</button></div>
    Okay: <div style="position: fixed; inset: 0; background: #eee"></div><header style="position: fixed"><a href="/">Home</a></header>
    Error: <div style="position: fixed; inset: 0; background: rgba(0, 0, 0, 0.2)"></div><div style="position: fixed; bottom: 0"><p>Cookies?</p><button>OK</button></div>
    """
    sem = semantics(doc)
    fixed = [
        element
        for element in doc.root.iter()
        if isinstance(element.tag, str)
        and sem.style(element, "position") == "fixed"
        and sem.is_visible(element)
    ]
    if not any(_is_backdrop(element, sem) for element in fixed):
        return
    for box in fixed:
        if sem.role(box) in _LANDMARKS or any(sem.role(node) in _LANDMARKS for node in box.iterdescendants()):
            continue  # a fixed header or footer, not an overlay
        controls = [node for node in box.iter(*_INTERACTIVE) if sem.in_tab_order(node)]
        if not controls or any(
            sem.role(node) in ("dialog", "alertdialog") for node in (box, *box.iterancestors())
        ):
            continue
        if any(sem.role(node) in ("dialog", "alertdialog") for node in box.iterdescendants()):
            continue
        yield Violation(
            message(
                doc,
                "%(element)s is shown over a dimmed page, but is not marked as a dialog: give it "
                'role="dialog", aria-modal="true" and aria-labelledby its heading, and move the focus into it.',
                element=describe(box),
            ),
            box,
        )


@rule(
    "symbol-name",
    description="A button's name is made of words, not of symbols only (\u25b6, \u00d7, \u2630).",
    wcag=["4.1.2"],
)
def symbol_name(doc: CheckedDocument) -> Iterator[Violation]:
    """Screen readers read "black right-pointing triangle", or nothing, for a symbol used as a name.

    Okay: <button><span aria-hidden="true">\u25b6</span> Play</button>
    Okay: <button aria-label="Close">\u00d7</button>
    Error: <button type="button">\u25b6</button>
    Error: <button type="button">\u275a\u275a</button>
    """
    sem = semantics(doc)
    # Links are left to link-text-vague, which knows arrows and quotation marks.
    for control in sem.with_roles("button", "menuitem", "tab"):
        if sem.is_exposed(control) and _wordless(sem.name(control)):
            yield Violation(
                message(
                    doc,
                    "%(element)s is named only by the symbol \u201c%(name)s\u201d: give it a name in words "
                    "(\u201cPlay\u201d, \u201cClose\u201d), visible or as aria-label.",
                    element=describe(control),
                    name=sem.name(control),
                ),
                control,
            )


@rule(
    "control-in-link",
    description="A link holds no button, field or other link: each control stands on its own.",
    wcag=["4.1.2"],
)
def control_in_link(doc: CheckedDocument) -> Iterator[Violation]:
    """A button inside a link is two controls in one: readers cannot tell which one they activate.

    Okay: <h2>Passport</h2><a class="button" href="/passport/">Book: passport</a>
    Error: <a href="/passport/"><h2>Passport</h2><button type="button">Book now</button></a>
    """
    sem = semantics(doc)
    # Controls inside a button are nested-interactive's.
    links = cast(list[_Element], _LINK_WITH_CONTROL(doc.root))
    for link in links:
        if not sem.is_exposed(link):
            continue
        for inner in link.iterdescendants(*_INTERACTIVE):
            if inner.tag == "a" and inner.get("href") is None:
                continue
            if sem.is_exposed(inner):
                yield Violation(
                    message(
                        doc,
                        "%(inner)s sits inside %(element)s: one control inside another cannot be used on its "
                        "own. Take it out, or make the whole card one link.",
                        inner=describe(inner),
                        element=describe(link),
                    ),
                    inner,
                )
                break


@rule(
    "link-text-file-name",
    description="A link's text says what the document is, not its file name.",
    wcag=["2.4.4"],
)
def link_text_file_name(doc: CheckedDocument) -> Iterator[Violation]:
    """ "bp-112_begr_v4.pdf" says nothing about the document behind it.

    Okay: <a href="/files/bp-112.pdf">Explanatory statement (PDF, 1.2 MB)</a>
    Error: <a href="/files/bp-112_begr_v4.pdf">bp-112_begr_v4.pdf</a>
    """
    sem = semantics(doc)
    for link in sem.with_roles("link"):
        name = sem.name(link).strip()
        if (
            sem.is_exposed(link)
            and _FILE_NAME.match(name)
            and ("_" in name or any(c.isdigit() for c in name))
        ):
            yield Violation(
                message(
                    doc,
                    "The link %(element)s is named by a file name, \u201c%(name)s\u201d: say what the document "
                    "is, with its format and size (\u201cDevelopment plan, explanatory statement (PDF, 1 MB)\u201d).",
                    element=describe(link),
                    name=name,
                ),
                link,
            )
