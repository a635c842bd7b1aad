"""Rules for script-driven widgets: tabs say which one is open, disclosure buttons say whether they are."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["disclosure_state", "tab_selected"]

# States that already tell readers what activating the button does.
_STATEFUL = ("aria-expanded", "aria-pressed", "aria-checked", "aria-selected", "aria-haspopup")


def _tabs_of(tablist: _Element, sem: Semantics) -> list[_Element]:
    owned = [element for element in tablist.iter() if element is not tablist and sem.role(element) == "tab"]
    for ref in (tablist.get("aria-owns") or "").split():
        target = sem.document.by_id.get(ref)
        if target is not None and sem.role(target) == "tab":
            owned.append(target)
    return owned


@rule(
    "tab-selected",
    description="A tab list tells which of its tabs is the selected one (aria-selected).",
    wcag=["4.1.2"],
)
def tab_selected(doc: CheckedDocument) -> Iterator[Violation]:
    """Screen readers announce the open tab from ``aria-selected``; without it every tab sounds closed.

    Okay: <div role="tablist"><button role="tab" aria-selected="true">Antrag</button><button role="tab" aria-selected="false">Unterlagen</button></div>
    Error: <div role="tablist"><button role="tab">Antrag</button><button role="tab">Unterlagen</button></div>
    Error: <div role="tablist"><button role="tab" aria-selected="false">Apply</button><button role="tab" aria-selected="false">Documents</button></div>
    """
    sem = semantics(doc)
    for tablist in sem.with_roles("tablist"):
        if not sem.is_exposed(tablist):
            continue
        tabs = [tab for tab in _tabs_of(tablist, sem) if sem.is_exposed(tab)]
        if tabs and not any((tab.get("aria-selected") or "").strip().lower() == "true" for tab in tabs):
            yield Violation(
                message(
                    doc,
                    'No tab of the tab list %(element)s is marked as selected: set aria-selected="true" on '
                    'the open tab and aria-selected="false" on the others, and update them when the tab changes.',
                    element=describe(tablist),
                ),
                tablist,
            )


@rule(
    "disclosure-state",
    description="A button that shows or hides a part of the page says whether that part is open (aria-expanded).",
    wcag=["4.1.2"],
)
def disclosure_state(doc: CheckedDocument) -> Iterator[Violation]:
    """A button controlling a hidden region (accordion, menu toggle, "show more") carries ``aria-expanded``.

    Okay: <button aria-controls="faq1" aria-expanded="false">Opening hours</button><div id="faq1" hidden>8 to 16</div>
    Okay: <button aria-controls="slides">Next picture</button><div id="slides">Picture 1 of 3</div>
    Error: <button aria-controls="faq1">Opening hours</button><div id="faq1" hidden>8 to 16</div>
    Error: <button aria-controls="menu" class="toggle">Menü</button><ul id="menu" style="display:none"><li>Start</li></ul>
    """
    sem = semantics(doc)
    for button in sem.with_roles("button"):
        if not sem.is_exposed(button) or any(button.get(state) is not None for state in _STATEFUL):
            continue
        targets = [doc.by_id.get(ref) for ref in (button.get("aria-controls") or "").split()]
        if any(target is not None and not sem.is_rendered(target) for target in targets):
            yield Violation(
                message(
                    doc,
                    "Button %(element)s shows or hides part of the page but does not say whether it is open: "
                    'add aria-expanded="false" (and set it to "true" when the part is shown).',
                    element=describe(button),
                ),
                button,
            )
