"""The shape of the accessibility tree: an element's children and parent in it, as ARIA ownership sees them.

Presentational wrappers (a ``div`` with no role of its own) are looked through, and ``aria-owns`` moves
an element under its owner; the tree rules (required children and parents) ask these questions.
"""

from __future__ import annotations

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.aria_data import GLOBAL_ATTRIBUTES
from publisher.a11y.dom.document import CheckedDocument

__all__ = ["tree_children", "tree_parent"]


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
    """The element's children in the accessibility tree: wrappers looked through, aria-owns followed."""
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
