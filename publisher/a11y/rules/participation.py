"""Rules for the forms of petitions, surveys and consultations: radio buttons that form a group, formats said
before they are demanded, nothing asked twice, and a binding submission that can be checked first."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["binding_submit_review", "pattern_format_hint", "radio_names_grouped", "redundant_entry"]


def _radios(container: _Element) -> list[_Element]:
    return [
        field
        for field in container.iter("input")
        if (field.get("type") or "").strip().lower() == "radio" and not field.get("disabled")
    ]


@rule(
    "radio-names-grouped",
    description="The radio buttons of one question share a name, so that one answer excludes the others.",
    wcag=["1.3.1", "4.1.2"],
    channels=["web"],
)
def radio_names_grouped(doc: CheckedDocument) -> Iterator[Violation]:
    """Radios that each have a name of their own are separate groups of one: all can be ticked at once.

    Okay: <fieldset><legend>Rating</legend><input type="radio" id="a" name="q1"><label for="a">Good</label><input type="radio" id="b" name="q1"><label for="b">Poor</label></fieldset>
    Error: <fieldset><legend>Rating</legend><input type="radio" id="a" name="q1_good"><label for="a">Good</label><input type="radio" id="b" name="q1_poor"><label for="b">Poor</label></fieldset>
    """
    sem = semantics(doc)
    for container in [*doc.root.iter("fieldset"), *sem.with_roles("radiogroup")]:
        radios = [radio for radio in _radios(container) if sem.is_exposed(radio)]
        names = [(radio.get("name") or "").strip() for radio in radios]
        if len(radios) >= 2 and len(set(names)) == len(names):
            yield Violation(
                message(
                    doc,
                    "The %(count)d radio buttons in %(element)s each have their own name, so they do not form "
                    'a group: one can tick all of them, and screen readers do not say "1 of %(count)d". Give '
                    "the radio buttons of one question the same name.",
                    count=len(radios),
                    element=describe(container),
                ),
                container,
            )


# Words and signs that tell the expected format: "TT.MM.JJJJ", "e.g. 07.04.1985", "5 digits".
_FORMAT_CUE = re.compile(
    r"\d|\b(?:tt|mm|jjjj|jj|dd|yyyy|yy|hh)\b|format|z\.\s?b\.|e\.\s?g\.|beispiel|example|for instance|"
    r"ziffer|digit|zeichen|character|buchstabe|letter",
    re.IGNORECASE,
)


def _described(doc: CheckedDocument, sem: Semantics, field: _Element) -> str:
    """All text that tells about a field: its name, description, placeholder and title."""
    parts = [sem.name(field), field.get("placeholder") or "", field.get("title") or ""]
    parts += [
        text_of(doc.by_id[ref]) for ref in (field.get("aria-describedby") or "").split() if ref in doc.by_id
    ]
    return squash(" ".join(parts))


@rule(
    "pattern-format-hint",
    description="A field that demands a format (pattern) says which format, in its label or a hint.",
    severity="warning",
    wcag=["3.3.2"],
    channels=["web"],
)
def pattern_format_hint(doc: CheckedDocument) -> Iterator[Violation]:
    """``pattern`` rejects what does not match, but nobody sees the pattern: the label or a hint must say it.

    Okay: <label for="d">Date of birth (DD.MM.YYYY)</label><input id="d" pattern="\\d{2}\\.\\d{2}\\.\\d{4}">
    Okay: <label for="d">Date of birth</label><input id="d" pattern="\\d{2}\\.\\d{2}\\.\\d{4}" aria-describedby="h"><p id="h">For example 07.04.1985</p>
    Error: <label for="d">Date of birth</label><input id="d" pattern="\\d{2}\\.\\d{2}\\.\\d{4}">
    """
    sem = semantics(doc)
    for field in doc.having("pattern"):
        if field.tag != "input" or not (field.get("pattern") or "").strip() or not sem.is_exposed(field):
            continue
        if (field.get("type") or "text").strip().lower() in ("hidden", "password"):
            continue
        if not _FORMAT_CUE.search(_described(doc, sem, field)):
            yield Violation(
                message(
                    doc,
                    "%(element)s accepts only one format (pattern), but its label and hints do not say which: "
                    'add the format with an example to the label or a hint ("DD.MM.YYYY, e.g. 07.04.1985").',
                    element=describe(field),
                ),
                field,
                severity="warning",
            )


_TYPED = frozenset({"", "text", "email", "tel", "number", "url", "date", "search"})
# Text that asks for something given earlier once more ("Ihre Anschrift aus Schritt 1 ... noch einmal").
_ASKED_AGAIN = re.compile(
    r"(?:aus|in|von) schritt \d|bereits angegeben|noch einmal ein|erneut ein|from step \d|in step \d|"
    r"already (?:gave|given|entered)|(?:enter|type) (?:it |them |your \w+ )?again|re-?enter",
    re.IGNORECASE,
)


# Asking again for a password or an address to mail to is a check of its own (WCAG's exception for security).
_CONFIRMATION = re.compile(r"passw|kennwort|\bpin\b|e-?mail", re.IGNORECASE)
_AROUND = 60  # characters either side of the request whose words tell what is asked again


def _asks_again(text: str) -> bool:
    """The form's text asks for an earlier answer once more, and not to confirm a password or address."""
    return any(
        not _CONFIRMATION.search(text[max(0, found.start() - _AROUND) : found.end() + _AROUND])
        for found in _ASKED_AGAIN.finditer(text)
    )


def _empty_fields(form: _Element, sem: Semantics) -> dict[str, _Element]:
    fields: dict[str, _Element] = {}
    for field in form.iter("input"):
        kind = (field.get("type") or "").strip().lower()
        name = (field.get("name") or field.get("id") or "").strip().lower()
        if kind in _TYPED and name and not (field.get("value") or "").strip() and sem.is_exposed(field):
            fields.setdefault(name, field)
    return fields


def _carried_over(form: _Element, fields: dict[str, _Element]) -> _Element | None:
    """An empty field whose answer the form already carries from an earlier step (a hidden input)."""
    for hidden in form.iter("input"):
        if (hidden.get("type") or "").strip().lower() != "hidden" or not (hidden.get("value") or "").strip():
            continue
        carried = (hidden.get("name") or "").strip().lower()
        for name, field in fields.items():
            if len(name) >= 3 and carried != name and re.search(rf"[\W_]{re.escape(name)}\]?$", carried):
                return field
    return None


@rule(
    "redundant-entry",
    description="A form does not ask again for what the user entered in an earlier step.",
    severity="warning",
    wcag=["3.3.7"],
    channels=["web"],
)
def redundant_entry(doc: CheckedDocument) -> Iterator[Violation]:
    """Step 3 asking for the address typed in step 1 makes people type, and remember, it twice.

    Okay: <form><input type="hidden" name="step1_street" value="Elm Road 4"><label for="s">Street</label><input id="s" name="street" value="Elm Road 4"></form>
    Error: <form><input type="hidden" name="step1_street" value="Elm Road 4"><label for="s">Street</label><input id="s" name="street"></form>
    Okay: <form><label for="p">Password</label><input id="p" name="pw"><label for="q">Re-enter your password</label><input id="q" name="pw2"></form>
    Error: <form><p>Please enter your address from step 1 again.</p><label for="s">Street</label><input id="s" name="street"></form>
    """
    sem = semantics(doc)
    for form in doc.root.iter("form"):
        fields = _empty_fields(form, sem)
        if not fields:
            continue
        field = _carried_over(form, fields)
        if field is None and _asks_again(squash(text_of(form))):
            field = next(iter(fields.values()))
        if field is not None:
            yield Violation(
                message(
                    doc,
                    "%(element)s asks for something the user already entered in an earlier step: fill it in "
                    'from the earlier answer, or offer a choice ("same as above") instead of asking again.',
                    element=describe(field),
                ),
                field,
                severity="warning",
            )


# A submit button that commits: pays or buys, or binds when the page says it cannot be taken back.
_PAYS = re.compile(
    r"zahlungspflichtig|kostenpflichtig|jetzt kaufen|jetzt bezahlen|place (?:the |your )?order|pay now|buy now|"
    r"confirm (?:and|&) pay",
    re.IGNORECASE,
)
_BINDING = re.compile(r"verbindlich|bindend|\bbinding\b", re.IGNORECASE)
_FINAL = re.compile(
    r"(?:rücknahme|widerruf|änderung|stornierung|korrektur)\w*[^.]{0,40}\bnicht (?:mehr )?möglich|"
    r"kann nicht (?:mehr )?(?:zurückgenommen|rückgängig|geändert|widerrufen)|"
    r"cannot be (?:undone|changed|withdrawn|cancelled)|can't be (?:undone|changed|withdrawn)",
    re.IGNORECASE,
)
# What makes the submission checkable or undoable: a step before the last, or a stated way to withdraw.
_STEP = re.compile(r"schritt \d+ von \d+|step \d+ of \d+", re.IGNORECASE)
_WITHDRAW = re.compile(
    r"zurückziehen|widerrufen|stornieren|withdraw|cancel (?:it |your \w+ )?(?:within|until|at any time)",
    re.IGNORECASE,
)


def _in_steps(doc: CheckedDocument, page_text: str) -> bool:
    return bool(_STEP.search(page_text)) or any(
        (element.get("aria-current") or "").strip().lower() == "step"
        for element in doc.having("aria-current")
    )


def _commits(name: str, page_text: str) -> bool:
    return bool(_PAYS.search(name) or (_BINDING.search(name) and _FINAL.search(page_text)))


def _confirms(form: _Element) -> bool:
    """The form has a required tick box ("I have checked my entries")."""
    return any(
        (field.get("type") or "").strip().lower() == "checkbox" and field.get("required") is not None
        for field in form.iter("input")
    )


@rule(
    "binding-submit-review",
    description="A form that commits bindingly in one step lets users check, confirm or take it back.",
    severity="warning",
    wcag=["3.3.4"],
    channels=["web"],
)
def binding_submit_review(doc: CheckedDocument) -> Iterator[Violation]:
    """Signing a petition or placing an order straight from the fields leaves no chance to catch a typo.

    Okay: <form><label for="n">Name</label><input id="n"><p>Step 1 of 3</p><button>Check your entries</button></form>
    Okay: <form><label for="n">Name</label><input id="n"><input type="checkbox" id="c" required><label for="c">I have checked my entries</label><button>Sign bindingly</button></form>
    Okay: <form><label for="n">Name</label><input id="n"><button>Book the appointment (binding)</button></form>
    Error: <form><label for="n">Name</label><input id="n"><p>Your signature cannot be withdrawn.</p><button>Sign, binding</button></form>
    Error: <form><label for="n">Name</label><input id="n"><button>Buy now</button></form>
    """
    forms = list(doc.root.iter("form"))
    if not forms:
        return
    sem = semantics(doc)
    page_text = squash(text_of(doc.root))
    if _in_steps(doc, page_text) or (_WITHDRAW.search(page_text) and not _FINAL.search(page_text)):
        return
    for form in forms:
        if not _empty_fields(form, sem) or _confirms(form):
            continue
        submit = next(
            (
                control
                for control in form.iter()
                if sem.role(control) == "button" and _commits(sem.name(control), page_text)
            ),
            None,
        )
        if submit is not None:
            yield Violation(
                message(
                    doc,
                    "%(element)s submits a binding declaration straight from the fields: show the entries for "
                    "checking before they are sent, ask to confirm with a tick box, or let users withdraw it.",
                    element=describe(submit),
                ),
                submit,
                severity="warning",
            )
