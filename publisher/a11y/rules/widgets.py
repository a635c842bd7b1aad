"""Rules for widgets: tabs and disclosure buttons tell their state, menus open by keyboard too."""

from __future__ import annotations

from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.css_parse import style_rules
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.rule_matches import (
    CONTROLS,
    ESCAPE_KEY,
    FOCUS_STATE,
    hover_only_selectors,
    revealed_by,
    shows,
)
from publisher.a11y.dom.scripts import inline_scripts
from publisher.a11y.dom.stylesheets import sheets
from publisher.a11y.registry import Violation, rule

__all__ = ["disclosure_state", "hover_only_content", "popup_dismissible", "tab_selected"]

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


# Attributes through which scripts find the part a button opens (besides aria-controls).
_TARGET_ATTRIBUTES = ("data-target", "data-bs-target", "data-panel", "data-controls", "data-toggle-target")


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
    Error: <button data-target="#more">Themen</button><div id="more" hidden><a href="/kultur/">Kultur</a></div>
    Error: <button aria-controls="main-menu">Menu</button><nav id="main-menu"><a href="/">Home</a></nav>
    """
    sem = semantics(doc)
    for button in sem.with_roles("button"):
        if not sem.is_exposed(button) or any(button.get(state) is not None for state in _STATEFUL):
            continue
        refs = (button.get("aria-controls") or "").split()
        refs += [
            (button.get(name) or "").strip().lstrip("#") for name in _TARGET_ATTRIBUTES if button.get(name)
        ]
        targets = [doc.by_id.get(ref) for ref in refs]
        # A hidden part, or a menu a narrow screen folds away behind the button.
        if any(
            target is not None and (not sem.is_rendered(target) or sem.role(target) == "navigation")
            for target in targets
        ):
            yield Violation(
                message(
                    doc,
                    "Button %(element)s shows or hides part of the page but does not say whether it is open: "
                    'add aria-expanded="false" (and set it to "true" when the part is shown).',
                    element=describe(button),
                ),
                button,
            )


@rule(
    "hover-only-content",
    description="Content that a style sheet shows on mouse hover also opens on keyboard focus.",
    wcag=["2.1.1"],
)
def hover_only_content(doc: CheckedDocument) -> Iterator[Violation]:
    """A submenu with links shown by ``:hover`` alone stays hidden, and its links out of reach, for keyboards.

    Okay: <style>.sub{display:none} li:hover .sub, li:focus-within .sub{display:block}</style><ul><li><a href="/a">Services</a><ul class="sub"><li><a href="/b">Licences</a></li></ul></li></ul>
    Error: <style>.sub{display:none} li:hover .sub{display:block}</style><ul><li><a href="/a">Services</a><ul class="sub"><li><a href="/b">Licences</a></li></ul></li></ul>
    """
    sem = semantics(doc)
    reported: set[_Element] = set()
    for selector in hover_only_selectors(doc):
        for element in revealed_by(doc, selector):
            if element in reported or sem.is_rendered(element) or not element.cssselect(CONTROLS):
                continue
            reported.add(element)
            yield Violation(
                message(
                    doc,
                    "%(element)s opens only when the mouse hovers over it (%(selector)s), so keyboard users never "
                    "reach its links: show it on :focus-within too, or open it with a button.",
                    element=describe(element),
                    selector=selector,
                ),
                element,
            )


def _popup_selectors(doc: CheckedDocument) -> list[str]:
    """Selectors of content a style sheet shows both on :hover and on focus (a tooltip, a popup)."""
    on_hover: list[str] = []
    on_focus: set[str] = set()
    for _, text in sheets(doc):
        for media, prelude, declared in style_rules(text):
            if media or not shows(declared):
                continue
            for selector in (part.strip() for part in prelude.split(",")):
                if FOCUS_STATE.search(selector):
                    on_focus.add(FOCUS_STATE.sub(":hover", selector))
                elif ":hover" in selector:
                    on_hover.append(selector)
    return [selector for selector in on_hover if selector in on_focus]


@rule(
    "popup-dismissible",
    description="A tooltip shown on hover or focus can be dismissed with the Escape key without moving.",
    severity="warning",
    wcag=["1.4.13"],
)
def popup_dismissible(doc: CheckedDocument) -> Iterator[Violation]:
    """A CSS tooltip laid over the text stays until the pointer or focus moves away: Escape must close it.

    Okay: <style>.tip{display:none;position:absolute} .t:hover .tip, .t:focus .tip{display:block}</style><span class="t" tabindex="0">KA<span class="tip">Kreisausschuss</span></span><script>document.addEventListener("keydown", e => { if (e.key === "Escape") hide(); });</script>
    Error: <style>.tip{display:none;position:absolute} .t:hover .tip, .t:focus .tip{display:block}</style><span class="t" tabindex="0">KA<span class="tip">Kreisausschuss</span></span>
    """
    if any(ESCAPE_KEY.search(text) for _, text in inline_scripts(doc)):
        return
    sem = semantics(doc)
    reported: set[_Element] = set()
    for selector in _popup_selectors(doc):
        for element in revealed_by(doc, selector):
            if element in reported or sem.is_rendered(element) or element.cssselect(CONTROLS):
                continue
            if (sem.style(element, "position") or "") not in ("absolute", "fixed"):
                continue
            reported.add(element)
            yield Violation(
                message(
                    doc,
                    "%(element)s appears over the page on hover and focus (%(selector)s) and stays until the "
                    "pointer or focus moves: let the Escape key close it (a keydown listener), so that it can be "
                    "dismissed without moving.",
                    element=describe(element),
                    selector=selector,
                ),
                element,
                severity="warning",
            )
