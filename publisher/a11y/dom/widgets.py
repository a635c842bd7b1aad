"""Composite widgets (listbox, tree, grid, menu, tabs, toolbar): how the keyboard reaches their items.

The ARIA patterns keep only one item of a composite widget in the Tab order: either the widget (or the
combobox that controls it) holds the focus and points at the active item with
``aria-activedescendant``, or one item has ``tabindex="0"`` and the others ``-1`` ("roving tabindex").
In both, the arrow keys move between the items, so an item without a Tab stop of its own is still
reached with the keyboard. The browser probes (``probes/keyboard.js``, ``roving``) apply the same test.
"""

from __future__ import annotations

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics
from publisher.a11y.dom.document import CheckedDocument

__all__ = ["COMPOSITE_ROLES", "composite_of", "reached_by_arrow_keys"]

COMPOSITE_ROLES = frozenset(
    {"listbox", "tree", "treegrid", "grid", "menu", "menubar", "tablist", "radiogroup", "toolbar"}
)


def composite_of(sem: Semantics, element: _Element) -> _Element | None:
    """The nearest composite widget around ``element`` (itself excluded), if any."""
    for ancestor in element.iterancestors():
        if isinstance(ancestor.tag, str) and sem.role(ancestor) in COMPOSITE_ROLES:
            return ancestor
    return None


def reached_by_arrow_keys(doc: CheckedDocument, sem: Semantics, element: _Element) -> bool:
    """Whether ``element`` is an item of a composite widget whose keyboard focus is managed.

    Managed: the widget takes focus and has ``aria-activedescendant``, or a focusable element with
    ``aria-activedescendant`` controls or owns the widget (a combobox and its popup), or another item
    of the same role in the widget is in the Tab order (roving tabindex).
    """
    widget = composite_of(sem, element)
    if widget is None:
        return False
    if widget.get("aria-activedescendant") is not None and sem.is_focusable(widget):
        return True
    widget_id = widget.get("id")
    if widget_id:
        for owner in doc.having("aria-activedescendant"):
            refs = f"{owner.get('aria-controls') or ''} {owner.get('aria-owns') or ''}".split()
            if widget_id in refs and sem.is_focusable(owner):
                return True
    role = sem.role(element)
    return any(
        item is not element and sem.role(item) == role and sem.in_tab_order(item)
        for item in widget.iterdescendants()
        if isinstance(item.tag, str)
    )
