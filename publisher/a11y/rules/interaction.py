"""Rules for what forms do and say: no change of page on a mere selection, required marks explained."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import N_, describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["change_on_input", "required_mark_explained", "status_message_live"]

_FIELDS = frozenset({"select", "input", "textarea"})
# A handler that leaves the page or sends the form: a change of context, not a change of value.
_CONTEXT_CHANGE = re.compile(
    r"\blocation\b|\.href\s*=|window\.open\s*\(|\.submit\s*\(|\.requestSubmit\s*\(", re.IGNORECASE
)
# A handler that moves the focus elsewhere while the user types ("auto-tab" between parts of a number).
_FOCUS_MOVE = re.compile(r"\.focus\s*\(", re.IGNORECASE)


@rule(
    "change-on-input",
    description="Choosing an option, ticking a box or typing does not by itself open another page, send the form or move the focus.",
    wcag=["3.2.2"],
)
def change_on_input(doc: CheckedDocument) -> Iterator[Violation]:
    """Keyboard users move through a select list with the arrow keys: each step must not load a page.

    Okay: <form action="/kreis"><select name="k"><option>Nord</option></select><button>Anzeigen</button></form>
    Okay: <select onchange="this.nextElementSibling.hidden = false"><option>Nord</option></select><p hidden>x</p>
    Error: <select onchange="location.href = this.value"><option value="/nord">Nord</option></select>
    Error: <input type="checkbox" name="kids" onchange="this.form.submit()">
    Error: <input id="a" maxlength="4" oninput="if (this.value.length === 4) { document.getElementById('b').focus(); }"><input id="b">
    """
    sem = semantics(doc)
    for attribute in ("onchange", "oninput", "onkeyup"):
        for field in doc.having(attribute):
            handler = field.get(attribute) or ""
            if field.tag not in _FIELDS or not sem.is_exposed(field):
                continue
            if attribute != "onkeyup" and _CONTEXT_CHANGE.search(handler):
                text = N_(
                    "Changing %(element)s opens another page or sends the form at once, so keyboard and "
                    "screen reader users land somewhere else while they are still choosing: let them confirm "
                    "with a button."
                )
            elif _FOCUS_MOVE.search(handler):
                text = N_(
                    "Typing in %(element)s moves the focus to another field by itself, so people who check "
                    "or correct what they typed land somewhere else: let them move on with the Tab key."
                )
            else:
                continue
            yield Violation(message(doc, text, element=describe(field)), field)


# Ends with the asterisk that marks a required field: "E-Mail *", "Name*".
_MARKED = re.compile(r"\*\s*:?\s*$")
# Words that explain the mark (in a sentence somewhere on the page, or in the label itself).
_REQUIRED_WORD = re.compile(
    r"pflicht|erforderlich|notwendig|muss|müssen|required|mandatory|obligatory|must\b", re.IGNORECASE
)


@rule(
    "required-mark-explained",
    description="An asterisk that marks required fields is explained in words on the page.",
    wcag=["3.3.2"],
)
def required_mark_explained(doc: CheckedDocument) -> Iterator[Violation]:
    """A "*" after a label means "required" only to those who know the convention; the page says it once.

    Okay: <p>Fields marked * are required.</p><label for="n">Name *</label><input id="n">
    Okay: <label for="n">Name <abbr title="required">*</abbr></label><input id="n" required>
    Error: <label for="n">Name *</label><input id="n"><label for="m">E-mail *</label><input id="m">
    """
    sem = semantics(doc)
    marked = [
        label
        for label in doc.root.iter("label", "legend")
        if _MARKED.search(squash(text_of(label))) and sem.is_visible(label)
    ]
    if not marked or any(_explained(label) for label in marked):
        return
    body = doc.root.find("body")
    labels = set(marked)
    for element in body.iter() if body is not None else ():
        if element in labels or not isinstance(element.tag, str):
            continue
        if "*" not in f"{element.text or ''}{element.tail or ''}":
            continue
        # The sentence around the asterisk: the element's parent holds its text and its tail.
        parent = element.getparent()
        if _REQUIRED_WORD.search(text_of(parent if parent is not None else element)):
            return
    yield Violation(
        message(
            doc,
            "%(element)s and %(count)s labels in all end with an asterisk that the page never explains: say "
            'once, before the form, "Fields marked * are required".',
            element=describe(marked[0]),
            count=len(marked),
        ),
        marked[0],
    )


def _explained(label: _Element) -> bool:
    # The label says it itself: <abbr title="required">*</abbr>, or hidden words such as "(required)".
    return any(
        _REQUIRED_WORD.search(f"{part.get('title') or ''} {text_of(part)}")
        for part in label.iter()
        if isinstance(part.tag, str)
    )


# A script writes text into an element it finds by id: document.getElementById("x").textContent = ...
_WRITTEN = re.compile(
    r"""(?:getElementById\(\s*['"]([\w:-]+)['"]\s*\)|querySelector\(\s*['"]#([\w:-]+)['"]\s*\))"""
    r"""\s*\.\s*(?:textContent|innerText|innerHTML)\s*\+?=([^;\n]*)"""
)
# What is written reports the outcome of an action, whatever the element is called: "... added to your basket."
_OUTCOME = re.compile(
    r"""["'][^"']*\b(?:added|saved|sent|removed|deleted|copied|updated|booked|reserved|hinzugefügt|gespeichert|"""
    r"""gesendet|verschickt|entfernt|gelöscht|kopiert|aktualisiert|gebucht|reserviert)\b""",
    re.IGNORECASE,
)
# Ids and classes of the places where pages tell the outcome of an action.
_STATUS_NAME = re.compile(
    r"status|message|meldung|nachricht|result-count|count|anzahl|treffer|alert|hinweis|feedback|notice|"
    r"notification|success|erfolg|error|fehler|toast",
    re.IGNORECASE,
)
_LIVE_ROLES = frozenset({"status", "alert", "log", "progressbar", "marquee", "timer"})
_HANDLERS = ("onclick", "onsubmit", "onchange", "oninput", "onkeyup", "onblur")


def _scripts(doc: CheckedDocument) -> str:
    handlers = [element.get(name) or "" for name in _HANDLERS for element in doc.having(name)]
    return "\n".join([*(script.text or "" for script in doc.root.iter("script")), *handlers])


@rule(
    "status-message-live",
    description="A message a script writes into the page (results found, sent, errors) is in a live region.",
    wcag=["4.1.3"],
)
def status_message_live(doc: CheckedDocument) -> Iterator[Violation]:
    """Screen readers announce a status that appears without a focus change only from a live region.

    Okay: <button onclick="document.getElementById('status').textContent = 'Saved'">Save</button><p id="status" role="status"></p>
    Okay: <button onclick="document.getElementById('rows').innerHTML = '<li>A</li>'">Load</button><ul id="rows"></ul>
    Error: <button onclick="document.getElementById('status').textContent = 'Saved'">Save</button><p id="status"></p>
    Error: <button onclick="document.getElementById('added').textContent = name + ' added to your basket.'">Add</button><p id="added"></p>
    """
    if not doc.having("id") or any(
        element.get("aria-live", "off").strip().lower() != "off" for element in doc.having("aria-live")
    ):
        return
    sem = semantics(doc)
    if sem.with_roles(*_LIVE_ROLES):
        return  # the page announces its messages somewhere: which one a script fills is beyond reading
    reported: set[str] = set()
    for found in _WRITTEN.finditer(_scripts(doc)):
        target_id = found.group(1) or found.group(2)
        target = doc.by_id.get(target_id)
        if target is None or target_id in reported or target.tag in _CONTAINERS:
            continue
        label = f"{target_id} {target.get('class') or ''}"
        if text_of(target).strip() or not (_STATUS_NAME.search(label) or _OUTCOME.search(found.group(3))):
            continue
        reported.add(target_id)
        yield Violation(
            message(
                doc,
                "A script writes a message into %(element)s, which screen readers do not announce: make it a "
                'live region (role="status", or role="alert" for errors) before the message appears.',
                element=describe(target),
            ),
            target,
        )


# Elements that hold content a script loads (rows, items), not a message.
_CONTAINERS = frozenset({"ul", "ol", "dl", "table", "tbody", "select", "form", "main", "section", "article"})
