"""Rules for what a form says about its fields: errors that name the field and how to fix it, and
fields that share a label only where a group tells them apart."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["error_names_field", "error_suggests_fix", "repeated_labels"]

# Words that make a message an error report (not a request to review one's entries before sending).
_ERROR_WORD = re.compile(
    r"fehler|problem|error|ungültig|invalid|fehlerhaft|unvollständig|incomplete|nicht korrekt", re.IGNORECASE
)
_ERROR_CLASS = re.compile(r"error|fault|fehler|invalid|alert|danger", re.IGNORECASE)
# A message that says something went wrong, but not where.
_GENERIC_ERROR = re.compile(
    r"ein fehler ist aufgetreten|es ist ein fehler aufgetreten|(?:über)?prüfen sie (?:bitte )?ihre (?:eingaben|angaben)|"
    r"ihre (?:eingaben|angaben) (?:sind|waren) (?:unvollständig|fehlerhaft|ungültig)|there (?:was|is) a problem|"
    r"check your (?:entries|input|answers|details)|form (?:contains|has) errors|formular enthält fehler|"
    r"(?:some|one or more) fields? (?:are|is) (?:invalid|missing|incorrect)",
    re.IGNORECASE,
)
# A field's whole error message, when it says no more than that the input is wrong.
_BARE_ERROR = re.compile(
    r"^(?:fehler:?\s*)?(?:ihre\s+)?(?:eingabe|angabe|wert|format|error:?|invalid|incorrect|wrong|"
    r"ungültige?s?|falsche?s?|fehlerhafte?s?)(?:\s+(?:ungültig|falsch|fehlerhaft|eingabe|format|wert|input|"
    r"value|entry|format|ist\s+ungültig|is\s+invalid))?\s*[.!]?$",
    re.IGNORECASE,
)
_TEXT_FIELDS = frozenset({"", "text", "email", "tel", "number", "date", "url", "password", "search"})


def _fields(form: _Element, sem: Semantics) -> list[_Element]:
    return [
        field
        for field in form.iter("input", "select", "textarea")
        if (field.tag != "input" or (field.get("type") or "").lower() in _TEXT_FIELDS)
        and sem.is_exposed(field)
    ]


@rule(
    "error-names-field",
    description="An error message after sending a form says which field is wrong.",
    wcag=["3.3.1"],
)
def error_names_field(doc: CheckedDocument) -> Iterator[Violation]:
    """ "Please check your entries" leaves a screen reader user searching every field for the fault.

    Okay: <form><p role="alert">Number on the post: enter LF and four digits.</p><label for="n">Number on the post</label><input id="n" aria-invalid="true"></form>
    Okay: <form><p>Please check your details before you send them.</p><label for="n">Name</label><input id="n"></form>
    Error: <form><p class="error">There was a problem. Please check your entries.</p><label for="n">Number on the post</label><input id="n"></form>
    Error: <div class="errors"><p>Bitte prüfen Sie Ihre Eingaben.</p></div><form><label for="m">E-Mail</label><input id="m" class="invalid"></form>
    Error: <p class="fehlertext">Bitte prüfen Sie Ihre Eingaben.</p><form><label for="e">E-Mail</label><input id="e" value="jana@"></form>
    """
    sem = semantics(doc)
    for form in doc.root.iter("form"):
        fields = _fields(form, sem)
        if not fields or any(
            (f.get("aria-invalid") or "").lower() in ("true", "grammar", "spelling") for f in form.iter()
        ):
            continue
        names = [name for field in fields if len(name := sem.name(field).lower()) > 2]
        for element in _message_places(form):
            own = squash(text_of(element))
            if not _GENERIC_ERROR.search(own) or not sem.is_exposed(element) or len(own.split()) > 30:
                continue
            if not (_ERROR_WORD.search(own) or _ERROR_CLASS.search(element.get("class") or "")):
                continue  # "Please check your details before you send them": a review step, no error
            if any(name in own.lower() for name in names) or element.find(".//a[@href]") is not None:
                continue
            yield Violation(
                message(
                    doc,
                    "The error message \u201c%(text)s\u201d does not say which field is wrong: name each field "
                    'in the message, link to it, and mark the field with aria-invalid="true".',
                    text=own[:100],
                ),
                element,
            )
            break


# Message boxes are often put just above the form rather than in it.
_BOXES_BEFORE = 2


def _message_places(form: _Element) -> list[_Element]:
    """The elements of ``form`` that may hold its error message, and those of the boxes just before it."""
    before: list[_Element] = []
    sibling = form.getprevious()
    while sibling is not None and len(before) < _BOXES_BEFORE:
        if isinstance(sibling.tag, str):
            before.append(sibling)
        sibling = sibling.getprevious()
    places = ("p", "div", "span", "li", "strong")
    return [element for box in [*reversed(before), form] for element in box.iter(*places)]


def _error_text(field: _Element, doc: CheckedDocument) -> str:
    refs = (field.get("aria-errormessage") or "").split() + (field.get("aria-describedby") or "").split()
    texts = [squash(text_of(target)) for ref in refs if (target := doc.by_id.get(ref)) is not None]
    return " ".join(text for text in texts if text)


@rule(
    "error-suggests-fix",
    description="An error message of a field says how to correct the input, not only that it is wrong.",
    wcag=["3.3.3"],
)
def error_suggests_fix(doc: CheckedDocument) -> Iterator[Violation]:
    """ "Eingabe ungültig" tells that something is wrong; the message must say what is expected.

    Okay: <label for="i">IBAN</label><p id="e">The IBAN is too short: DE and 20 digits.</p><input id="i" aria-invalid="true" aria-describedby="e">
    Error: <label for="i">IBAN</label><p id="e">Eingabe ungültig.</p><input id="i" aria-invalid="true" aria-describedby="e">
    Error: <label for="d">Date</label><span id="e">Invalid format</span><input id="d" aria-invalid="true" aria-errormessage="e">
    """
    sem = semantics(doc)
    for field in doc.having("aria-invalid"):
        if (field.get("aria-invalid") or "").lower() != "true" or not sem.is_exposed(field):
            continue
        text = _error_text(field, doc)
        if text and _BARE_ERROR.match(text):
            yield Violation(
                message(
                    doc,
                    "The error message of %(element)s, \u201c%(text)s\u201d, says only that the input is wrong: "
                    "say what is expected (the format, an example, the allowed range).",
                    element=describe(field),
                    text=text,
                ),
                field,
            )


def _context(field: _Element, sem: Semantics) -> tuple[str, ...]:
    """The names of the groups around ``field`` (fieldsets, groups, table rows), innermost first."""
    found = []
    for ancestor in field.iterancestors():
        if ancestor.tag in ("fieldset", "tr") or sem.role(ancestor) in ("group", "region", "dialog"):
            found.append(sem.name(ancestor) or squash(text_of(ancestor))[:80])
        elif ancestor.tag == "form":
            break
    return tuple(found)


@rule(
    "repeated-labels",
    description="Fields of a form with the same label are told apart by a group (fieldset and legend).",
    wcag=["1.3.1", "2.4.6"],
)
def repeated_labels(doc: CheckedDocument) -> Iterator[Violation]:
    """Two "First name" fields, one for the applicant and one for a helper, sound the same unless grouped.

    Okay: <form><fieldset><legend>Applicant</legend><label for="a">Name</label><input id="a"></fieldset><fieldset><legend>Helper</legend><label for="b">Name</label><input id="b"></fieldset></form>
    Okay: <form><h2>Applicant</h2><label for="a">Name</label><input id="a"><h2>Helper</h2><label for="b">Name</label><input id="b"></form>
    Error: <form><p>Applicant</p><label for="a">Name</label><input id="a"><p>Helper</p><label for="b">Name</label><input id="b"></form>
    """
    sem = semantics(doc)
    for form in doc.root.iter("form"):
        seen: dict[tuple[str, tuple[str, ...]], _Element] = {}
        fields = set(_fields(form, sem))
        heading = ""
        for field in form.iter():
            if sem.role(field) == "heading":
                heading = squash(text_of(field))  # a heading over each part tells the parts apart too
            if field not in fields or not (name := sem.name(field).strip().lower()):
                continue
            key = (name, (heading, *_context(field, sem)))
            if key in seen:
                yield Violation(
                    message(
                        doc,
                        "%(element)s has the same label as another field of the form, \u201c%(name)s\u201d, "
                        "and nothing groups them apart: put each set of fields in a fieldset with a legend "
                        "(\u201cApplicant\u201d, \u201cRepresentative\u201d), or name the fields apart.",
                        element=describe(field),
                        name=sem.name(field),
                    ),
                    field,
                )
            else:
                seen[key] = field
