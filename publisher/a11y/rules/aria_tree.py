"""Rules for the shape of the accessibility tree: list items in lists, rows in tables, tabs in tab lists."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accessibility_tree import tree_children, tree_parent
from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = [
    "aria_required_children",
    "aria_required_parent",
    "nested_interactive",
    "presentation_role_conflict",
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
    # Content built by script in shadow roots is the browser rule rendered-aria-parent's (same ACT rule).
    act=["ff89c9"],
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
