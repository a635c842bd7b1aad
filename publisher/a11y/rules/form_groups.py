"""Rules for groups of form fields and their labels: radio and checkbox groups, legends, placeholders."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element, iterwalk

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import N_, describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["field_group", "legend_text", "placeholder_label"]

_GROUP_ROLES = frozenset({"group", "radiogroup"})


def _groups(
    doc: CheckedDocument,
) -> dict[tuple[_Element | None, str, str], tuple[list[_Element], _Element | None]]:
    """Radio buttons and checkboxes by (form, name, type), with the fieldset or group around the first one."""
    found: dict[tuple[_Element | None, str, str], tuple[list[_Element], _Element | None]] = {}
    if not any(
        element.tag == "input" and (element.get("type") or "").lower() in ("radio", "checkbox")
        for element in doc.having("name")
    ):
        return found  # no named radio button or checkbox: no walk of the whole page
    sem = semantics(doc)
    containers: list[_Element] = []
    forms: list[_Element] = []
    for event, element in iterwalk(doc.root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        grouping = element.tag == "fieldset" or sem.explicit_role(element) in _GROUP_ROLES
        if event == "end":
            if grouping:
                containers.pop()
            if element.tag == "form":
                forms.pop()
            continue
        if grouping:
            containers.append(element)
        if element.tag == "form":
            forms.append(element)
        kind = (element.get("type") or "").lower()
        name = element.get("name")
        if element.tag == "input" and kind in ("radio", "checkbox") and name and sem.is_exposed(element):
            key = (forms[-1] if forms else None, name, kind)
            members, container = found.get(key, ([], containers[-1] if containers else None))
            members.append(element)
            found[key] = (members, container)
    return found


@rule(
    "field-group",
    description="Radio buttons and checkboxes of one question are grouped in a fieldset with a legend.",
    wcag=["1.3.1", "3.3.2"],
)
def field_group(doc: CheckedDocument) -> Iterator[Violation]:
    """Two or more radio buttons (or checkboxes) with one name sit in a fieldset with a legend.

    Okay: <fieldset><legend>Format</legend><input type="radio" id="a" name="f"><label for="a">HTML</label><input type="radio" id="b" name="f"><label for="b">Text</label></fieldset>
    Okay: <div role="radiogroup" aria-label="Format"><input type="radio" id="a" name="f"><label for="a">HTML</label><input type="radio" id="b" name="f"><label for="b">Text</label></div>
    Error: <p>Format</p><input type="radio" id="a" name="f"><label for="a">HTML</label><input type="radio" id="b" name="f"><label for="b">Text</label>
    """
    sem = semantics(doc)
    for (_, name, kind), (members, container) in _groups(doc).items():
        if len(members) < 2:
            continue
        if container is not None:
            legend = sem.first_child(container, "legend") if container.tag == "fieldset" else None
            named = squash(text_of(legend)) if legend is not None else sem.name(container)
            if named:
                continue
        text = (
            N_(
                'The radio buttons named "%(name)s" are not grouped: put them in a fieldset whose legend asks '
                "the question they answer."
            )
            if kind == "radio"
            else N_(
                'The checkboxes named "%(name)s" are not grouped: put them in a fieldset whose legend says '
                "what they choose."
            )
        )
        yield Violation(message(doc, text, name=name), members[0])


@rule(
    "legend-text",
    description="A fieldset has a legend with text.",
    wcag=["1.3.1"],
)
def legend_text(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``fieldset`` starts with a ``legend`` that has text (or is named another way).

    Okay: <fieldset><legend>Format</legend><input type="checkbox" id="a"><label for="a">HTML</label></fieldset>
    Error: <fieldset><legend></legend><input type="checkbox" id="a"><label for="a">HTML</label></fieldset>
    Error: <fieldset><input type="checkbox" id="a"><label for="a">HTML</label></fieldset>
    """
    sem = semantics(doc)
    for fieldset in doc.root.iter("fieldset"):
        if not sem.is_exposed(fieldset) or sem.explicit_role(fieldset) is not None:
            continue
        legend = sem.first_child(fieldset, "legend")
        if legend is not None and squash(text_of(legend)):
            continue
        if fieldset.get("aria-label") or fieldset.get("aria-labelledby"):
            continue
        text = (
            N_("The legend of %(element)s is empty: write what the group of fields is about.")
            if legend is not None
            else N_(
                "Fieldset %(element)s has no legend: add a legend as its first child that says what the group "
                "of fields is about."
            )
        )
        yield Violation(
            message(doc, text, element=describe(fieldset)), legend if legend is not None else fieldset
        )


@rule(
    "placeholder-label",
    description="A form field is not labelled by its placeholder alone.",
    wcag=["3.3.2", "1.3.1"],
)
def placeholder_label(doc: CheckedDocument) -> Iterator[Violation]:
    """A placeholder disappears when typing starts: a field needs a label, not just a placeholder.

    Okay: <label for="q">Suchbegriff</label><input id="q" placeholder="z. B. Radweg">
    Okay: <input aria-label="Suchbegriff" placeholder="z. B. Radweg">
    Error: <input placeholder="Ihre E-Mail-Adresse" type="email">
    Error: <textarea placeholder="Ihre Nachricht"></textarea>
    """
    sem = semantics(doc)
    labelled = {label.get("for") for label in doc.root.iter("label") if label.get("for")}
    wrapped = {
        field for label in doc.root.iter("label") for field in label.iter("input", "textarea", "select")
    }
    for field in doc.having("placeholder"):
        if field.tag not in ("input", "textarea") or not sem.is_exposed(field):
            continue
        if (field.get("type") or "").lower() in ("hidden", "submit", "button", "reset", "image"):
            continue
        if field in wrapped or (field.get("id") and field.get("id") in labelled):
            continue
        if field.get("aria-label") or field.get("aria-labelledby") or field.get("title"):
            continue
        yield Violation(
            message(
                doc,
                "Field %(element)s is labelled only by its placeholder, which disappears as soon as someone "
                "types and often has too little contrast: add a visible label element (for/id).",
                element=describe(field),
            ),
            field,
        )
