"""Rules for WAI-ARIA: valid roles, defined and permitted states and properties with valid values."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.aria_data import (
    ATTRIBUTE_TYPES,
    NAME_PROHIBITED,
    REQUIRED_ATTRIBUTES,
    TOKEN_VALUES,
    allowed_attributes,
)
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = [
    "aria_allowed_attr",
    "aria_hidden_focus",
    "aria_required_attr",
    "aria_required_id_refs",
    "aria_valid_attr",
    "aria_valid_role",
    "aria_valid_value",
    "valid_value",
]

_INTEGER = re.compile(r"^[+-]?\d+$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def _aria_attributes(element: _Element) -> Iterator[tuple[str, str]]:
    for name, value in element.attrib.items():
        if isinstance(name, str) and name.startswith("aria-"):
            yield name, str(value)


@rule(
    "aria-valid-role",
    description="Role attributes name roles that exist in WAI-ARIA.",
    wcag=["4.1.2"],
    act=["674b10"],
)
def aria_valid_role(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``role`` attribute on an element in the accessibility tree has at least one valid, concrete role.

    Okay: <nav role="navigation">Menu</nav>
    Okay: <span role="doc-biblioref link">[1]</span>
    Error: <span role="lnik">Press releases</span>
    """
    sem = semantics(doc)
    for element in doc.having("role"):
        value = element.get("role")
        if value and value.strip() and sem.is_exposed(element) and sem.explicit_role(element) is None:
            yield Violation(
                message(
                    doc,
                    'Element %(element)s has role="%(role)s", which is not a WAI-ARIA role: correct the '
                    "spelling or remove the role attribute.",
                    element=describe(element),
                    role=value.strip(),
                ),
                element,
            )


@rule(
    "aria-valid-attr",
    description="Attributes starting with aria- are defined in WAI-ARIA.",
    wcag=["4.1.2"],
    act=["5f99a7"],
)
def aria_valid_attr(doc: CheckedDocument) -> Iterator[Violation]:
    """Every ``aria-*`` attribute is a state or property that WAI-ARIA defines.

    Okay: <div role="dialog" aria-modal="true" aria-label="Sign up">Form</div>
    Error: <div role="checkbox" aria-not-checked="true">Agree</div>
    Error: <input aria-labeledby="name-label">
    """
    for element in doc.with_aria:
        for name, _ in _aria_attributes(element):
            if name not in ATTRIBUTE_TYPES:
                yield Violation(
                    message(
                        doc,
                        'Element %(element)s has the attribute "%(attribute)s", which WAI-ARIA does not '
                        "define: correct its spelling or remove it.",
                        element=describe(element),
                        attribute=name,
                    ),
                    element,
                )


def valid_value(attribute: str, value: str) -> bool:
    """True when ``value`` fits the value type of the ARIA state or property ``attribute``."""
    kind = ATTRIBUTE_TYPES.get(attribute)
    text = value.strip().lower()
    if kind == "token":
        return text in TOKEN_VALUES[attribute]
    if kind is not None and kind.startswith("tokens:"):
        allowed = kind.removeprefix("tokens:").split()
        return all(token in allowed for token in text.split())
    if kind == "integer":
        return bool(_INTEGER.match(text))
    if kind == "number":
        return bool(_NUMBER.match(text))
    if kind == "idref":
        return len(text.split()) == 1
    return True


@rule(
    "aria-valid-attr-value",
    description="ARIA states and properties have values of the right type.",
    wcag=["4.1.2"],
    act=["6a7281"],
)
def aria_valid_value(doc: CheckedDocument) -> Iterator[Violation]:
    """A non-empty ARIA state or property has a value its type allows (true/false, a number, a token).

    Okay: <button aria-expanded="false">Menu</button>
    Okay: <div role="alert" aria-relevant="additions text">Saved</div>
    Error: <button aria-expanded="collapsed">Menu</button>
    Error: <div role="heading" aria-level="two">Budget</div>
    """
    for element in doc.with_aria:
        for name, value in _aria_attributes(element):
            if value.strip() and name in ATTRIBUTE_TYPES and not valid_value(name, value):
                yield Violation(
                    message(
                        doc,
                        'Element %(element)s has %(attribute)s="%(value)s", which is not a valid value for '
                        "%(attribute)s: use one of the values WAI-ARIA defines for it.",
                        element=describe(element),
                        attribute=name,
                        value=value,
                    ),
                    element,
                )


@rule(
    "aria-allowed-attr",
    description="ARIA states and properties are allowed on the element's role.",
    wcag=["4.1.2"],
    act=["5c01ea"],
)
def aria_allowed_attr(doc: CheckedDocument) -> Iterator[Violation]:
    """Every ARIA state or property on an element in the accessibility tree is supported by its role.

    Okay: <button aria-pressed="false">Bold</button>
    Okay: <div aria-busy="true">Loading</div>
    Error: <button aria-sort="ascending">Year</button>
    Error: <p aria-checked="true">Agreed</p>
    """
    sem = semantics(doc)
    for element in doc.with_aria:
        attributes = [name for name, _ in _aria_attributes(element) if name in ATTRIBUTE_TYPES]
        if not attributes or not sem.is_exposed(element):
            continue
        role = sem.role(element)
        allowed = allowed_attributes(role)
        for name in attributes:
            naming = name in ("aria-label", "aria-labelledby")
            if name not in allowed or (naming and role in NAME_PROHIBITED):
                yield Violation(
                    message(
                        doc,
                        'Element %(element)s has "%(attribute)s", which is not allowed on the role '
                        '"%(role)s": remove it or give the element a role that supports it.',
                        element=describe(element),
                        attribute=name,
                        role=role or "none",
                    ),
                    element,
                )


@rule(
    "aria-required-attr",
    description="Elements with an ARIA role have the states and properties the role requires.",
    wcag=["4.1.2"],
    act=["4e8ab6"],
)
def aria_required_attr(doc: CheckedDocument) -> Iterator[Violation]:
    """An element whose ``role`` changes its semantics has every state and property that role requires.

    Okay: <div role="checkbox" aria-checked="false" tabindex="0">Subscribe</div>
    Okay: <input type="checkbox" role="checkbox">
    Error: <div role="checkbox" tabindex="0">Subscribe</div>
    Error: <div role="heading">Budget</div>
    """
    sem = semantics(doc)
    for element in doc.having("role"):
        role = sem.explicit_role(element)
        if role is None or sem.role(element) != role or role == sem.implicit_role(element):
            continue
        required = list(REQUIRED_ATTRIBUTES.get(role, ()))
        if role == "separator" and sem.is_focusable(element):
            required.append("aria-valuenow")
        if role == "combobox" and (element.get("aria-expanded") or "").strip().lower() == "true":
            required.append("aria-controls")
        missing = [name for name in required if not (element.get(name) or "").strip()]
        if missing and sem.is_exposed(element):
            yield Violation(
                message(
                    doc,
                    'Element %(element)s has role "%(role)s" but lacks %(missing)s: add the attribute(s) '
                    "with the element's current state.",
                    element=describe(element),
                    role=role,
                    missing=", ".join(missing),
                ),
                element,
            )


@rule(
    "aria-hidden-focus",
    description="Content hidden with aria-hidden cannot be reached with the keyboard.",
    wcag=["4.1.2", "1.3.1"],
    act=["6cfa84"],
)
def aria_hidden_focus(doc: CheckedDocument) -> Iterator[Violation]:
    """Nothing inside ``aria-hidden="true"`` is in the Tab order (screen readers would land on nothing).

    Okay: <div aria-hidden="true"><a href="/" tabindex="-1">Home</a></div>
    Okay: <div aria-hidden="true"><button disabled>Close</button></div>
    Error: <div aria-hidden="true"><a href="/">Home</a></div>
    Error: <p aria-hidden="true" tabindex="0">Note</p>
    """
    sem = semantics(doc)
    hidden = [root for root in doc.having("aria-hidden") if sem.is_aria_hidden(root)]
    for element in sem.in_order(node for root in hidden for node in root.iter() if isinstance(node.tag, str)):
        if sem.in_tab_order(element):
            yield Violation(
                message(
                    doc,
                    "Element %(element)s is hidden from screen readers with aria-hidden but can still be "
                    "reached with the Tab key: remove aria-hidden, or take it out of the tab order "
                    '(tabindex="-1").',
                    element=describe(element),
                ),
                element,
            )


@rule(
    "aria-required-id-refs",
    description="The aria-controls a scrollbar or open combobox requires points at an element of the page.",
    wcag=["4.1.2"],
    act=["in6db8"],
)
def aria_required_id_refs(doc: CheckedDocument) -> Iterator[Violation]:
    """``aria-controls`` on a scrollbar or expanded combobox names at least one existing id.

    Okay: <main id="text">Text</main><div role="scrollbar" aria-controls="text" aria-valuenow="0"></div>
    Error: <div role="scrollbar" aria-controls="missing" aria-valuenow="0"></div>
    """
    sem = semantics(doc)
    for element in doc.having("aria-controls"):
        refs = (element.get("aria-controls") or "").split()
        role = sem.role(element)
        expanded = (element.get("aria-expanded") or "").strip().lower() == "true"
        if not refs or not (role == "scrollbar" or (role == "combobox" and expanded)):
            continue
        if not any(ref in doc.by_id for ref in refs) and sem.is_exposed(element):
            yield Violation(
                message(
                    doc,
                    'Element %(element)s controls "%(ids)s" (aria-controls), but no element has that id: '
                    "point aria-controls at the element it shows or scrolls.",
                    element=describe(element),
                    ids=" ".join(refs),
                ),
                element,
            )
