"""Rules for buttons and form fields: each one says what it is for."""

from __future__ import annotations

from collections.abc import Iterator

from publisher.a11y.document import CheckedDocument
from publisher.a11y.registry import Violation, rule
from publisher.a11y.rules.accname import describe, message, semantics

__all__ = ["button_name", "form_field_name"]

_FIELD_ROLES = frozenset(
    """checkbox combobox listbox menuitemcheckbox menuitemradio radio searchbox slider spinbutton switch
    textbox""".split()
)
_NOT_FIELDS = frozenset({"hidden", "button", "submit", "reset", "image"})


@rule(
    "button-name",
    description="Buttons have an accessible name.",
    wcag=["4.1.2"],
    act=["97a4e1"],
)
def button_name(doc: CheckedDocument) -> Iterator[Violation]:
    """Every button in the accessibility tree (image buttons aside) has a non-empty accessible name.

    Okay: <button>Subscribe</button>
    Okay: <input type="submit" value="Send">
    Okay: <button aria-label="Close"></button>
    Error: <button></button>
    Error: <span role="button" tabindex="0"></span>
    """
    sem = semantics(doc)
    for element in doc.elements:
        if sem.role(element) != "button" or not sem.is_exposed(element):
            continue
        if element.tag == "input" and (element.get("type") or "").lower() == "image":
            continue
        if not sem.name(element):
            yield Violation(
                message(
                    doc,
                    "Button %(element)s has no name: give it text, or an aria-label, that says what it does.",
                    element=describe(element),
                ),
                element,
            )


@rule(
    "form-field-name",
    description="Form fields have an accessible name.",
    wcag=["4.1.2", "1.3.1"],
    act=["e086e5"],
)
def form_field_name(doc: CheckedDocument) -> Iterator[Violation]:
    """Every form field in the accessibility tree has a non-empty name, usually from its ``label``.

    Okay: <label for="email">E-mail address</label><input id="email" type="email">
    Okay: <label>Name <input></label>
    Okay: <input aria-label="Search the press releases" type="search">
    Error: <input type="email">
    Error: <label>Date</label> <input type="date">
    Error: <div role="textbox">first name</div>
    """
    sem = semantics(doc)
    for element in doc.elements:
        role = sem.role(element)
        native = element.tag in ("select", "textarea") or (
            element.tag == "input" and (element.get("type") or "text").lower() not in _NOT_FIELDS
        )
        if role not in _FIELD_ROLES and not (native and role not in ("none", "presentation", "button")):
            continue
        if sem.is_exposed(element) and not sem.name(element):
            yield Violation(
                message(
                    doc,
                    "Form field %(element)s has no label: connect a visible label element to it (for/id), "
                    "or give it an aria-label.",
                    element=describe(element),
                ),
                element,
            )
