"""Rules for a web application's custom widgets: state shown by a class only, tree branches without their
open state, an active item that does not exist, progress bars without a value, file uploads."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.scripts import inline_scripts
from publisher.a11y.registry import Violation, rule

__all__ = [
    "activedescendant_target",
    "file_input_limits",
    "file_input_reachable",
    "state_by_class",
    "tree_expanded",
]

# Class names that say an item is chosen, on or sorted (``is-selected``, ``active``, ``sorted-desc``).
_STATE_CLASS = re.compile(
    r"(?:^|[-_])(?:selected|chosen|checked|pressed|active|current|on|sorted|asc|desc|ascending|descending)$"
)
_SORT_CLASS = re.compile(r"(?:^|[-_])(?:sorted|asc|desc|ascending|descending)$")
_ARIA_STATES = ("aria-selected", "aria-pressed", "aria-checked", "aria-current", "aria-expanded", "aria-sort")
_ITEM_ROLES = frozenset(
    {"button", "option", "tab", "treeitem", "gridcell", "menuitem", "switch", "link", "row"}
)
_FORMATS = re.compile(
    r"\b(?:pdf|jpe?g|png|gif|tiff?|heic|docx?|odt|xlsx?|csv|txt|xml|zip)\b|\d\s*(?:[kmg]i?b|mb|kb)\b|megabyte|kilobyte",
    re.IGNORECASE,
)
_OPENS_PICKER = re.compile(r"\.click\s*\(\s*\)|showPicker\s*\(")


def _state_classes(element: _Element) -> set[str]:
    return {name for name in (element.get("class") or "").lower().split() if _STATE_CLASS.search(name)}


@rule(
    "state-by-class",
    description="Which item of a group is chosen, on or sorted is exposed with ARIA, not only by a class.",
    severity="warning",
    wcag=["4.1.2"],
)
def state_by_class(doc: CheckedDocument) -> Iterator[Violation]:
    """Items of one group where a class (``is-selected``, ``chosen``, ``sorted-desc``) marks the chosen one
    and no ARIA state (``aria-selected``, ``aria-pressed``, ``aria-sort``...) says so.

    Okay: <ul role="listbox" aria-label="Themen"><li role="option" aria-selected="true" class="is-selected">A</li><li role="option" aria-selected="false">B</li></ul>
    Okay: <nav><a href="/a" class="active" aria-current="page">A</a> <a href="/b">B</a></nav>
    Error: <ul role="listbox" aria-label="Themen"><li role="option" class="is-selected">A</li><li role="option">B</li></ul>
    Error: <table><tr><th class="sorted-desc"><button>Datum</button></th><th><button>Ort</button></th></tr><tr><td>1</td><td>2</td></tr></table>
    """
    sem = semantics(doc)
    for element in doc.having("class"):
        marks = _state_classes(element)
        if not marks or not sem.is_exposed(element):
            continue
        if element.tag == "th":
            if any(_SORT_CLASS.search(mark) for mark in marks) and element.get("aria-sort") is None:
                yield _state_violation(doc, element)
            continue
        if sem.role(element) not in _ITEM_ROLES or any(element.get(name) for name in _ARIA_STATES):
            continue
        if element.tag == "input" or _siblings_say_state(sem, element):
            continue
        peers = _peers(sem, element)
        if len(peers) >= 2 and any(not (_state_classes(peer) & marks) for peer in peers):
            yield _state_violation(doc, element)


def _peers(sem: Semantics, element: _Element) -> list[_Element]:
    """The items of the same role in the group around ``element`` (its parent, or its cell's row)."""
    container = element.getparent()
    if container is not None and container.tag in ("li", "td", "th") and container.getparent() is not None:
        container = container.getparent()
        if container is not None and container.tag == "tr" and container.getparent() is not None:
            container = container.getparent()
    if container is None:
        return []
    role = sem.role(element)
    return [peer for peer in container.iter() if isinstance(peer.tag, str) and sem.role(peer) == role]


def _siblings_say_state(sem: Semantics, element: _Element) -> bool:
    return any(any(peer.get(name) for name in _ARIA_STATES) for peer in _peers(sem, element))


def _state_violation(doc: CheckedDocument, element: _Element) -> Violation:
    return Violation(
        message(
            doc,
            "%(element)s is marked as chosen, on or sorted by its class only, which screen readers do not "
            "announce: say it with aria-selected, aria-pressed, aria-checked, aria-current or aria-sort.",
            element=describe(element),
        ),
        element,
        severity="warning",
    )


@rule(
    "tree-expanded",
    description="A tree item with a branch of items under it says whether the branch is open.",
    wcag=["4.1.2"],
)
def tree_expanded(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``treeitem`` holding a ``group`` of items has ``aria-expanded`` (true when the group shows).

    Okay: <ul role="tree" aria-label="Ordner"><li role="treeitem" aria-expanded="true" tabindex="0">2026<ul role="group"><li role="treeitem">Bescheid</li></ul></li></ul>
    Error: <ul role="tree" aria-label="Ordner"><li role="treeitem" tabindex="0">2026<ul role="group"><li role="treeitem">Bescheid</li></ul></li></ul>
    """
    sem = semantics(doc)
    for item in sem.with_roles("treeitem"):
        if item.get("aria-expanded") is not None or not sem.is_exposed(item):
            continue
        owned = [doc.by_id.get(ref) for ref in (item.get("aria-owns") or "").split()]
        inner = [child for child in item.iterdescendants() if isinstance(child.tag, str)]
        if any(node is not None and sem.role(node) == "group" for node in [*inner, *owned]):
            yield Violation(
                message(
                    doc,
                    "Tree item %(element)s has a branch of items under it but does not say whether it is open: "
                    'add aria-expanded="true" or "false" and keep it up to date when the branch opens or closes.',
                    element=describe(item),
                ),
                item,
            )


@rule(
    "activedescendant-target",
    description="aria-activedescendant points at an element of the page.",
    wcag=["4.1.2"],
)
def activedescendant_target(doc: CheckedDocument) -> Iterator[Violation]:
    """The active item a combobox, listbox or grid names with ``aria-activedescendant`` exists.

    Okay: <input role="combobox" aria-label="Ort" aria-expanded="true" aria-controls="l" aria-activedescendant="o1"><ul role="listbox" id="l" aria-label="Orte"><li role="option" id="o1">Elbstadt</li></ul>
    Error: <input role="combobox" aria-label="Ort" aria-expanded="true" aria-controls="l" aria-activedescendant="o7"><ul role="listbox" id="l" aria-label="Orte"><li role="option" id="o1">Elbstadt</li></ul>
    """
    for element in doc.having("aria-activedescendant"):
        target = (element.get("aria-activedescendant") or "").strip()
        if target and target not in doc.by_id:
            yield Violation(
                message(
                    doc,
                    'Element %(element)s names its active item with aria-activedescendant="%(target)s", but no '
                    "element has that id: screen readers announce nothing as the arrow keys move. Point it at "
                    "the id of the item shown as active.",
                    element=describe(element),
                    target=target,
                ),
                element,
            )


def _surrounding_text(field: _Element) -> str:
    """The text of the form, fieldset or section around ``field`` (else the main content)."""
    for ancestor in field.iterancestors():
        if ancestor.tag in ("form", "fieldset", "section", "main", "body"):
            return text_of(ancestor)
    return ""


@rule(
    "file-input-limits",
    description="A file upload that accepts only some formats says which (and how large), before the reader picks.",
    severity="warning",
    wcag=["3.3.2"],
)
def file_input_limits(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``input type="file"`` with ``accept`` whose label, description and form never name the formats.

    Okay: <form><label for="f">Foto (JPEG oder PNG, höchstens 5 MB)</label><input type="file" id="f" accept=".jpg,.png"></form>
    Error: <form><label for="f">Foto</label><input type="file" id="f" accept=".jpg,.png"><button>Hochladen</button></form>
    """
    sem = semantics(doc)
    for field in doc.root.iter("input"):
        if (field.get("type") or "").lower() != "file" or not (field.get("accept") or "").strip():
            continue
        described = " ".join(
            text_of(node)
            for ref in (field.get("aria-describedby") or "").split()
            if (node := doc.by_id.get(ref)) is not None
        )
        told = f"{sem.name(field)} {described} {_surrounding_text(field)}"
        if not _FORMATS.search(told):
            yield Violation(
                message(
                    doc,
                    "File field %(element)s accepts only some formats (%(accept)s) but nothing near it says which:"
                    " name the formats and the largest size allowed in its label or description.",
                    element=describe(field),
                    accept=squash(field.get("accept") or ""),
                ),
                field,
                severity="warning",
            )


@rule(
    "file-input-reachable",
    description="A file upload offers a control the keyboard can use, not only a drop zone.",
    wcag=["2.1.1"],
)
def file_input_reachable(doc: CheckedDocument) -> Iterator[Violation]:
    """A hidden ``input type="file"`` that no label and no script opens: only dragging files works.

    Okay: <div class="drop">Dateien hierher ziehen</div><label for="f">Dateien wählen</label><input type="file" id="f">
    Error: <div class="drop">Dateien hierher ziehen</div><input type="file" id="f" style="display:none">
    """
    sem = semantics(doc)
    opened = any(_OPENS_PICKER.search(text) for _, text in inline_scripts(doc))
    for field in doc.root.iter("input"):
        if (field.get("type") or "").lower() != "file" or sem.is_rendered(field) or opened:
            continue
        ident = field.get("id")
        labelled = ident is not None and any(
            label.get("for") == ident and sem.is_rendered(label) for label in doc.root.iter("label")
        )
        if labelled or any(
            ancestor.tag == "label" and sem.is_rendered(ancestor) for ancestor in field.iterancestors()
        ):
            continue
        yield Violation(
            message(
                doc,
                "File field %(element)s is hidden and nothing opens it, so files can only be dragged in, which "
                "keyboard users cannot do: offer a visible button or label that opens the file picker.",
                element=describe(field),
            ),
            field,
        )
