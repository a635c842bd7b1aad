"""Rules for the shape of the accessibility tree: list items in lists, rows in tables, tabs in tab lists."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, describe, message, semantics
from publisher.a11y.dom.aria_data import GLOBAL_ATTRIBUTES
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.registry import Violation, rule

__all__ = [
    "aria_required_children",
    "aria_required_parent",
    "nested_interactive",
    "presentation_role_conflict",
    "tree_children",
    "tree_parent",
]

_MENU_ITEMS = frozenset({"menuitem", "menuitemcheckbox", "menuitemradio", "group"})
# WAI-ARIA 1.2 required owned elements; a nested group must hold what its container requires.
REQUIRED_CHILDREN: dict[str, frozenset[str]] = {
    "grid": frozenset({"row", "rowgroup", "caption"}),
    "list": frozenset({"listitem"}),
    "listbox": frozenset({"option", "group"}),
    "menu": _MENU_ITEMS,
    "menubar": _MENU_ITEMS,
    "row": frozenset({"cell", "columnheader", "gridcell", "rowheader"}),
    "rowgroup": frozenset({"row"}),
    "table": frozenset({"row", "rowgroup", "caption"}),
    "tablist": frozenset({"tab"}),
    "tree": frozenset({"treeitem", "group"}),
    "treegrid": frozenset({"row", "rowgroup", "caption"}),
}
# WAI-ARIA 1.2 required context roles.
REQUIRED_PARENT: dict[str, frozenset[str]] = {
    "listitem": frozenset({"list", "directory"}),
    "option": frozenset({"listbox", "group"}),
    "row": frozenset({"table", "grid", "treegrid", "rowgroup"}),
    "rowgroup": frozenset({"table", "grid", "treegrid"}),
    "cell": frozenset({"row"}),
    "gridcell": frozenset({"row"}),
    "columnheader": frozenset({"row"}),
    "rowheader": frozenset({"row"}),
    "menuitem": frozenset({"menu", "menubar", "group"}),
    "menuitemcheckbox": frozenset({"menu", "menubar", "group"}),
    "menuitemradio": frozenset({"menu", "menubar", "group"}),
    "tab": frozenset({"tablist"}),
    "treeitem": frozenset({"tree", "group"}),
}


def _has_properties(sem: Semantics, element: _Element) -> bool:
    # A plain container becomes a node of its own when it carries ARIA properties or takes focus.
    return any(
        name in GLOBAL_ATTRIBUTES for name in element.attrib if isinstance(name, str)
    ) or sem.is_focusable(element)


def _is_node(sem: Semantics, element: _Element) -> bool:
    """Whether the element counts as an owned element (presentational wrappers are skipped over)."""
    role = sem.role(element)
    if role in (None, "none", "presentation"):
        return False
    # Generic text or an empty box is content the owner should not hold; a bare wrapper is looked through.
    return (
        role != "generic"
        or _has_properties(sem, element)
        or bool((element.text or "").strip())
        or not len(element)
    )


def _owned_elsewhere(doc: CheckedDocument) -> dict[_Element, _Element]:
    """Elements moved by another element's ``aria-owns``, mapped to their owner."""
    owners: dict[_Element, _Element] = {}
    for element in doc.having("aria-owns"):
        for ref in (element.get("aria-owns") or "").split():
            target = doc.by_id.get(ref)
            if target is not None and target is not element:
                owners.setdefault(target, element)
    return owners


def tree_children(doc: CheckedDocument, element: _Element) -> list[_Element]:
    """The element's children in the accessibility tree (skipping presentational wrappers, adding aria-owns)."""
    sem = semantics(doc)
    moved = doc.shared(_owned_elsewhere)
    found: list[_Element] = []

    def walk(node: _Element) -> None:
        for child in node:
            if not isinstance(child.tag, str) or moved.get(child, element) is not element:
                continue
            if not sem.is_rendered(child) or sem.is_aria_hidden(child):
                continue
            if _is_node(sem, child):
                found.append(child)
            else:
                walk(child)

    walk(element)
    for ref in (element.get("aria-owns") or "").split():
        target = doc.by_id.get(ref)
        if target is not None and target not in found and sem.is_exposed(target):
            found.append(target)
    return found


def tree_parent(doc: CheckedDocument, element: _Element) -> _Element | None:
    """The element's parent in the accessibility tree."""
    sem = semantics(doc)
    owner = doc.shared(_owned_elsewhere).get(element)
    if owner is not None:
        return owner
    for ancestor in element.iterancestors():
        role = sem.role(ancestor)
        if role not in (None, "none", "presentation", "generic") or (
            role == "generic" and _has_properties(sem, ancestor)
        ):
            return ancestor
    return None


@rule(
    "aria-required-children",
    description="Lists, tables, menus and tab lists contain only the items their role requires.",
    wcag=["1.3.1"],
    act=["bc4a75"],
)
def aria_required_children(doc: CheckedDocument) -> Iterator[Violation]:
    """An element whose role requires owned elements (list, table, tablist...) holds only those.

    Okay: <ul><li>Schools</li><li>Roads</li></ul>
    Okay: <div role="tablist"><button role="tab">Overview</button></div>
    Error: <ul><div>Schools</div></ul>
    Error: <div role="tablist"><span role="listitem">Overview</span></div>
    """
    sem = semantics(doc)
    for element in sem.with_roles(*REQUIRED_CHILDREN):
        role = sem.role(element)
        if role not in REQUIRED_CHILDREN or not sem.is_exposed(element):
            continue
        wrong = _wrong_children(doc, element, REQUIRED_CHILDREN[role])
        if wrong is not None:
            yield Violation(
                message(
                    doc,
                    'Element %(element)s has the role "%(role)s" but contains %(child)s: it may only contain '
                    "%(allowed)s.",
                    element=describe(element),
                    role=role,
                    child=describe(wrong),
                    allowed=", ".join(sorted(REQUIRED_CHILDREN[role] - {"caption"})),
                ),
                element,
            )


def _wrong_children(doc: CheckedDocument, element: _Element, allowed: frozenset[str]) -> _Element | None:
    """The first owned element whose role is not allowed (looking into nested groups)."""
    sem = semantics(doc)
    for child in tree_children(doc, element):
        if sem.role(child) not in allowed:
            return child
        nested = _wrong_children(doc, child, allowed) if sem.role(child) == "group" else None
        if nested is not None:
            return nested
    return None


@rule(
    "aria-required-parent",
    description="List items, rows, cells, tabs and menu items sit inside the role they belong to.",
    wcag=["1.3.1"],
    # Not claiming ACT ff89c9: one of its cases builds the list items in a shadow root by script.
)
def aria_required_parent(doc: CheckedDocument) -> Iterator[Violation]:
    """An element given a role such as ``listitem`` or ``tab`` is owned by a ``list`` or ``tablist``.

    Okay: <div role="list"><div role="listitem">Schools</div></div>
    Error: <div role="listitem">Schools</div>
    Error: <div role="tablist"><div role="tabpanel"><div role="tab">Overview</div></div></div>
    """
    sem = semantics(doc)
    for element in doc.having("role"):
        role = sem.explicit_role(element)
        if role not in REQUIRED_PARENT or role == sem.implicit_role(element) or sem.role(element) != role:
            continue
        if not sem.is_exposed(element):
            continue
        parent = tree_parent(doc, element)
        if parent is None or sem.role(parent) not in REQUIRED_PARENT[role]:
            yield Violation(
                message(
                    doc,
                    'Element %(element)s has the role "%(role)s" but is not inside an element with one of '
                    "the roles %(parents)s: put it in such an element, or remove the role.",
                    element=describe(element),
                    role=role,
                    parents=", ".join(sorted(REQUIRED_PARENT[role])),
                ),
                element,
            )


# Roles whose children are presentational: whatever is inside them is flattened into one control.
_PRESENTATIONAL_CHILDREN = frozenset(
    {
        "button",
        "checkbox",
        "img",
        "math",
        "menuitemcheckbox",
        "menuitemradio",
        "meter",
        "option",
        "progressbar",
        "radio",
        "scrollbar",
        "separator",
        "slider",
        "switch",
        "tab",
    }
)


@rule(
    "nested-interactive",
    description="Controls whose content is flattened (buttons, tabs, checkboxes) contain nothing focusable.",
    wcag=["4.1.2"],
    act=["307n5z"],
)
def nested_interactive(doc: CheckedDocument) -> Iterator[Violation]:
    """A button, tab, checkbox or image contains no link or control that can be reached with Tab.

    Okay: <button>Save</button> <a href="/terms">Terms</a>
    Error: <div role="checkbox" aria-checked="false" tabindex="0">I agree to the <a href="/terms">terms</a></div>
    """
    sem = semantics(doc)
    for element in sem.with_roles(*_PRESENTATIONAL_CHILDREN):
        if not sem.is_exposed(element):
            continue
        inner = next((node for node in element.iterdescendants() if sem.in_tab_order(node)), None)
        if inner is not None:
            yield Violation(
                message(
                    doc,
                    "%(inner)s can be reached with Tab but sits inside %(element)s, whose content screen "
                    "readers do not announce separately: move it out of that element.",
                    inner=describe(inner),
                    element=describe(element),
                ),
                inner,
            )


@rule(
    "presentation-role-conflict",
    description="Elements marked as decorative are not exposed to assistive technology after all.",
    severity="warning",
    wcag=["1.1.1", "4.1.2"],
    act=["46ca7f"],
)
def presentation_role_conflict(doc: CheckedDocument) -> Iterator[Violation]:
    """An element marked decorative (``alt=""``, ``role="none"``) has no label or focus that exposes it again.

    Okay: <img src="divider.png" alt="">
    Error: <img src="divider.png" alt="" aria-label="Divider">
    Error: <nav role="presentation" aria-label="Main">Links</nav>
    """
    sem = semantics(doc)
    for element in sem.in_order([*doc.having("role"), *doc.root.iter("img")]):
        tokens = (element.get("role") or "").lower().split()
        explicit = sem.explicit_role(element)
        decorative = explicit in ("none", "presentation") or (
            element.tag == "img" and element.get("alt") == "" and not tokens
        )
        if not decorative or sem.role(element) in ("none", "presentation") or not sem.is_exposed(element):
            continue
        yield Violation(
            message(
                doc,
                "Element %(element)s is marked as decorative but is still exposed to screen readers (it has a "
                "label, ARIA attributes or can take focus): remove those, or drop the decorative marking.",
                element=describe(element),
            ),
            element,
        )
