"""Rules for buttons and form fields: each one says what it is for."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = [
    "autocomplete_personal",
    "autocomplete_valid",
    "button_name",
    "error_message_linked",
    "form_field_name",
    "summary_name",
    "valid_autocomplete",
]

_FIELD_ROLES = frozenset(
    [
        "checkbox",
        "combobox",
        "listbox",
        "menuitemcheckbox",
        "menuitemradio",
        "radio",
        "searchbox",
        "slider",
        "spinbutton",
        "switch",
        "textbox",
    ]
)
_NOT_FIELDS = frozenset({"hidden", "button", "submit", "reset", "image"})
# Input types with a fixed value: autocomplete has nothing to fill in.
_FIXED_VALUE = frozenset({"button", "checkbox", "file", "hidden", "image", "radio", "reset", "submit"})
# The autofill field names of the HTML standard; contact fields may take a home/work/mobile/... hint.
_FIELDS = frozenset(
    [
        "name",
        "honorific-prefix",
        "given-name",
        "additional-name",
        "family-name",
        "honorific-suffix",
        "nickname",
        "username",
        "new-password",
        "current-password",
        "one-time-code",
        "organization-title",
        "organization",
        "street-address",
        "address-line1",
        "address-line2",
        "address-line3",
        "address-level4",
        "address-level3",
        "address-level2",
        "address-level1",
        "country",
        "country-name",
        "postal-code",
        "cc-name",
        "cc-given-name",
        "cc-additional-name",
        "cc-family-name",
        "cc-number",
        "cc-exp",
        "cc-exp-month",
        "cc-exp-year",
        "cc-csc",
        "cc-type",
        "transaction-currency",
        "transaction-amount",
        "language",
        "bday",
        "bday-day",
        "bday-month",
        "bday-year",
        "sex",
        "url",
        "photo",
    ]
)
_CONTACT_FIELDS = frozenset(
    [
        "tel",
        "tel-country-code",
        "tel-national",
        "tel-area-code",
        "tel-local",
        "tel-local-prefix",
        "tel-local-suffix",
        "tel-extension",
        "email",
        "impp",
    ]
)
_CONTACT_HINTS = frozenset({"home", "work", "mobile", "fax", "pager"})
_WIDGET_ROLES = _FIELD_ROLES | {"button", "link", "option", "tab", "menuitem", "gridcell", "treeitem"}


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
    for element in sem.with_roles("button"):
        if not sem.is_exposed(element):
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
    Okay: <label for="stop">From</label><input id="stop" list="stops"><datalist id="stops"><option value="Zoo"></datalist>
    Error: <input type="email">
    Error: <label>Date</label> <input type="date">
    Error: <div role="textbox">first name</div>
    """
    sem = semantics(doc)
    controls = list(doc.root.iter("input", "select", "textarea"))
    for element in sem.in_order([*sem.with_roles(*_FIELD_ROLES), *controls]):
        if element.tag == "datalist":
            continue  # the suggestions of the input that names it, never a field of its own
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


@rule(
    "summary-name",
    description="The summary of a details element has an accessible name.",
    wcag=["4.1.2"],
    act=["2t702h"],
)
def summary_name(doc: CheckedDocument) -> Iterator[Violation]:
    """The ``summary`` that opens a ``details`` element has a non-empty name, usually its text.

    Okay: <details><summary>Opening hours</summary><p>Monday to Friday, 8 to 16</p></details>
    Error: <details><summary></summary><p>Monday to Friday, 8 to 16</p></details>
    """
    sem = semantics(doc)
    for details in doc.root.iter("details"):
        summary = details.find("summary")
        if summary is None or sem.explicit_role(summary) not in (None, "none", "presentation"):
            continue
        if sem.is_exposed(summary) and not sem.name(summary):
            yield Violation(
                message(
                    doc,
                    "The summary %(element)s of a details element is empty: give it text that says what "
                    "opens when it is activated.",
                    element=describe(summary),
                ),
                summary,
            )


def valid_autocomplete(value: str) -> bool:
    """True when ``value`` follows the HTML autofill grammar: [section-*] [shipping|billing] [hint] field [webauthn]."""
    tokens = value.lower().split()
    if tokens in (["on"], ["off"]):
        return True
    if tokens and tokens[-1] == "webauthn":
        tokens = tokens[:-1]
    if not tokens:
        return False
    *modifiers, field = tokens
    if field not in _FIELDS and field not in _CONTACT_FIELDS:
        return False
    if modifiers and modifiers[-1] in _CONTACT_HINTS:
        if field not in _CONTACT_FIELDS:
            return False
        modifiers = modifiers[:-1]
    if modifiers and modifiers[-1] in ("shipping", "billing"):
        modifiers = modifiers[:-1]
    if modifiers and modifiers[0].startswith("section-"):
        modifiers = modifiers[1:]
    return not modifiers


@rule(
    "autocomplete-valid",
    description="Autocomplete attributes of form fields use the values HTML defines.",
    wcag=["1.3.5"],
    act=["73f2c2"],
)
def autocomplete_valid(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``autocomplete`` attribute names a known field (so browsers and assistive tools can fill it in).

    Okay: <label>E-mail <input type="email" autocomplete="email"></label>
    Okay: <label>Office phone <input type="tel" autocomplete="work tel"></label>
    Error: <label>E-mail <input type="email" autocomplete="e-mail"></label>
    Error: <label>Photo <input autocomplete="work photo"></label>
    """
    sem = semantics(doc)
    for element in doc.having("autocomplete"):
        value = element.get("autocomplete")
        if element.tag not in ("input", "select", "textarea") or not value or not value.strip():
            continue
        if element.tag == "input" and (element.get("type") or "text").lower() in _FIXED_VALUE:
            continue
        disabled = sem.is_disabled(element) or (element.get("aria-disabled") or "").strip().lower() == "true"
        if disabled or not sem.is_visible(element):
            continue
        if sem.role(element) not in _WIDGET_ROLES and not sem.in_tab_order(element):
            continue
        if not valid_autocomplete(value):
            yield Violation(
                message(
                    doc,
                    'Form field %(element)s has autocomplete="%(value)s", which browsers do not understand: '
                    'use a field name such as "name", "email" or "postal-code".',
                    element=describe(element),
                    value=value.strip(),
                ),
                element,
            )


def _described(doc: CheckedDocument, field: _Element) -> bool:
    refs = f"{field.get('aria-describedby') or ''} {field.get('aria-errormessage') or ''}".split()
    return any(ref in doc.by_id and text_of(doc.by_id[ref]).strip() for ref in refs)


@rule(
    "error-message-linked",
    description="A field marked invalid is tied to the message that says what is wrong (aria-describedby).",
    wcag=["3.3.1"],
)
def error_message_linked(doc: CheckedDocument) -> Iterator[Violation]:
    """A field with ``aria-invalid="true"`` points at its error text, which screen readers then read with it.

    Okay: <label for="m">E-mail</label><input id="m" aria-invalid="true" aria-describedby="m-err"><p id="m-err">Enter an address with @.</p>
    Error: <label for="m">E-mail</label><input id="m" aria-invalid="true"><p class="error">Enter an address with @.</p>
    """
    sem = semantics(doc)
    for field in doc.having("aria-invalid"):
        if (field.get("aria-invalid") or "").strip().lower() in ("", "false") or not sem.is_exposed(field):
            continue
        if not _described(doc, field):
            yield Violation(
                message(
                    doc,
                    "Form field %(element)s is marked invalid but no error message is tied to it: point "
                    "aria-describedby at the text that says what is wrong and how to correct it.",
                    element=describe(field),
                ),
                field,
            )


# Labels and field names that ask for the user's own contact data, with the autofill name they need.
_PERSONAL = re.compile(
    r"^(?:your\s+|ihre?\s+)?(?:(?:full\s+)?name|first\s+name|given\s+name|last\s+name|surname|family\s+name|"
    r"vorname|nachname|familienname|e-?mail(?:[\s-]adresse|\s+address)?|phone(?:\s+number)?|telephone|"
    r"telefon(?:nummer)?|mobile(?:\s+number)?|handynummer|post\s*code|postleitzahl|plz|zip(?:\s+code)?|"
    r"street|stra(?:ß|ss)e(?:\s+und\s+hausnummer)?|date\s+of\s+birth|geburtsdatum|birthday)"
    # ... and nothing after it but a note in brackets or a required mark: "Street name" is something else.
    r"(?:\s*\([^)]*\))?\s*[*:]?\s*$",
    re.IGNORECASE,
)
_PERSONAL_TYPES = frozenset({"email", "tel"})
# Parts of an address: the user's own only in a form that also asks who the user is (a report of a broken
# street light asks for the street it stands in).
_ADDRESS = re.compile(r"street|stra(?:ß|ss)e|post\s*code|postleitzahl|plz|zip", re.IGNORECASE)


def _asks_personal_data(sem: Semantics, field: _Element) -> bool:
    kind = (field.get("type") or "text").lower()
    if kind in _PERSONAL_TYPES:
        return True
    if kind != "text":
        return False
    # The label says what is asked; the field's name attribute only where it has no label.
    return bool(_PERSONAL.match(sem.name(field).strip() or field.get("name") or ""))


def _someone_elses(sem: Semantics, field: _Element, declared: set[tuple[int, str]]) -> bool:
    """A search field, an address in a form that asks for no person, or a second field of the same name in a
    form whose first one declares the user's own."""
    form = next(field.iterancestors("form"), None)
    if any(sem.role(ancestor) == "search" for ancestor in field.iterancestors()):
        return True
    if form is not None and _ADDRESS.match(sem.name(field).strip() or field.get("name") or ""):
        others = [
            other
            for other in form.iter("input")
            if other is not field and not _ADDRESS.match(sem.name(other))
        ]
        if not any(_asks_personal_data(sem, other) for other in others):
            return True
    return (id(form), sem.name(field).strip().casefold()) in declared


@rule(
    "autocomplete-personal",
    description="Fields asking for the user's own name, email, phone or address say so with autocomplete.",
    wcag=["1.3.5"],
)
def autocomplete_personal(doc: CheckedDocument) -> Iterator[Violation]:
    """Browsers and assistive tools fill in (and mark with icons) only fields whose purpose is declared.

    Okay: <label>E-Mail-Adresse <input type="email" autocomplete="email"></label>
    Okay: <label>Aktenzeichen <input type="text"></label>
    Error: <label>Vorname <input type="text" name="vorname"></label>
    Okay: <form role="search"><label>Street <input name="street"></label></form>
    Okay: <form><label>Number on the post <input name="n"></label><label>Street <input name="street"></label></form>
    Error: <label>Phone number <input type="tel"></label>
    Error: <label>E-mail address <input type="email" autocomplete="off"></label>
    """
    sem = semantics(doc)
    declared: set[tuple[int, str]] = set()
    for field in doc.root.iter("input"):
        purpose = (field.get("autocomplete") or "").strip().lower()
        if purpose and purpose != "off":
            form = next(field.iterancestors("form"), None)
            declared.add((id(form), sem.name(field).strip().casefold()))
            continue
        if not sem.is_exposed(field) or sem.is_disabled(field) or field.get("readonly") is not None:
            continue
        if field.get("autocomplete") is not None and purpose != "off":
            continue  # autocomplete="" : the browser's default, as before
        if _asks_personal_data(sem, field) and not _someone_elses(sem, field, declared):
            yield Violation(
                message(
                    doc,
                    "Form field %(element)s asks for personal data but does not name its purpose: add an "
                    'autocomplete attribute such as "given-name", "email" or "tel".',
                    element=describe(field),
                ),
                field,
            )
