"""Rules for keyboard access that the markup shows: tab order, focus on what needs it, frames in the order."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import HTMLParser, _Element, fromstring

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.css_select import ElementIndex, compiled_selector, matching
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.rendering import integer
from publisher.a11y.dom.scripts import inline_scripts
from publisher.a11y.dom.widgets import reached_by_arrow_keys
from publisher.a11y.registry import Violation, rule

__all__ = ["click_without_keyboard", "frame_tab_order", "tabindex_no_role", "tabindex_positive"]

_WIDGET_ROLES = frozenset({
    "button", "link", "checkbox", "radio", "switch", "tab", "menuitem", "menuitemcheckbox", "menuitemradio",
    "option", "slider", "spinbutton", "combobox", "textbox", "treeitem", "searchbox",
})  # fmt: skip
_HANDLERS = ("onclick", "onmousedown", "onmouseup", "ondblclick")
_PARSER = HTMLParser()
# A script that finds one element and listens for its clicks: querySelector(".play").addEventListener("click"
_SCRIPT_CLICK = re.compile(
    r"""(?:querySelector\(\s*["']([^"']+)["']\s*\)|getElementById\(\s*["']([\w:-]+)["']\s*\))"""
    r"""\s*\.\s*(?:addEventListener\(\s*["'](?:click|mousedown|mouseup|dblclick)["']|on(?:click|mousedown)\s*=[^=])"""
)


def _script_clicked(doc: CheckedDocument) -> set[_Element]:
    """Elements an inline script attaches a click handler to, found by a selector or an id."""
    found: set[_Element] = set()
    index: ElementIndex | None = None
    for _, text in inline_scripts(doc):
        for selector, element_id in _SCRIPT_CLICK.findall(text):
            if element_id:
                element = doc.by_id.get(element_id)
                found.update([element] if element is not None else [])
                continue
            compiled = compiled_selector(selector)
            if compiled is not None:
                index = index or ElementIndex(doc)
                found.update(matching(index, doc.root, compiled)[:1])  # querySelector: the first only
    return found


@rule(
    "tabindex-positive",
    description="No element has a tabindex above 0 (it breaks the order of the page).",
    wcag=["2.4.3"],
)
def tabindex_positive(doc: CheckedDocument) -> Iterator[Violation]:
    """``tabindex`` is 0 or -1: a positive value moves the element ahead of everything else in Tab order.

    Okay: <a href="#a" tabindex="0">Eins</a>
    Okay: <div tabindex="-1">Ziel</div>
    Error: <a href="#a" tabindex="3">Eins</a>
    """
    for element in doc.having("tabindex"):
        value = integer(element.get("tabindex"))
        if value is not None and value > 0:
            yield Violation(
                message(
                    doc,
                    'Element %(element)s has tabindex="%(value)s": keyboard users reach it before everything '
                    'else, out of the reading order; use tabindex="0" and put it in the right place in the source.',
                    element=describe(element),
                    value=value,
                ),
                element,
            )


@rule(
    "tabindex-no-role",
    description="An element put into the Tab order with tabindex=0 is a control or has a role.",
    severity="warning",
    wcag=["4.1.2", "2.4.3"],
)
def tabindex_no_role(doc: CheckedDocument) -> Iterator[Violation]:
    """``tabindex="0"`` on plain text makes a stop that screen readers cannot name: give it a role and name.

    Okay: <div tabindex="0" role="region" aria-label="Tabelle der Termine">…</div>
    Okay: <button type="button" tabindex="0">Mehr</button>
    Error: <div tabindex="0">Wichtiger Hinweis</div>
    """
    sem = semantics(doc)
    for element in doc.having("tabindex"):
        if integer(element.get("tabindex")) != 0 or sem.explicit_role(element) is not None:
            continue
        if element.tag in (
            "a",
            "button",
            "input",
            "select",
            "textarea",
            "summary",
            "iframe",
            "audio",
            "video",
        ):
            continue
        if element.get("contenteditable") is not None or not sem.is_exposed(element):
            continue
        yield Violation(
            message(
                doc,
                'Element %(element)s is in the Tab order (tabindex="0") but is no control: keyboard users stop '
                "on it without learning what it is; remove the tabindex, or give it a role and a name.",
                element=describe(element),
            ),
            element,
        )


@rule(
    "click-without-keyboard",
    description="Elements that react to clicks or act as widgets can be reached with the keyboard.",
    wcag=["2.1.1", "4.1.2"],
)
def click_without_keyboard(doc: CheckedDocument) -> Iterator[Violation]:
    """An element with a click handler or a widget role (``button``, ``link``, ...) takes keyboard focus.

    Okay: <button type="button" onclick="void 0">Karte öffnen</button>
    Okay: <div role="button" tabindex="0" onclick="void 0">Karte öffnen</div>
    Okay: <div class="karte" onclick="void 0"><h3><a href="/radwege">Neue Radwege</a></h3><p>Drei Strecken</p></div>
    Okay: <div role="listbox" tabindex="0" aria-label="Ort" aria-activedescendant="o1"><div role="option" id="o1" aria-selected="true">Elbstadt</div></div>
    Okay: <input role="combobox" aria-label="Ort" aria-expanded="true" aria-controls="l" aria-activedescendant="o1"><div role="listbox" id="l" aria-label="Orte"><div role="option" id="o1" aria-selected="true">Elbstadt</div></div>
    Error: <div onclick="void 0">Karte öffnen</div>
    Error: <span role="button">Karte öffnen</span>
    Error: <div class="play">Abspielen</div><script>document.querySelector(".play").addEventListener("click", play);</script>
    """
    sem = semantics(doc)
    candidates = {element for name in _HANDLERS for element in doc.having(name)}
    candidates.update(_script_clicked(doc))
    candidates.update(
        element for element in doc.having("role") if sem.explicit_role(element) in _WIDGET_ROLES
    )
    for element in sem.in_order(candidates):
        if element.tag in ("body", "html") or sem.is_focusable(element) or not sem.is_exposed(element):
            continue
        if sem.is_disabled(element) or (element.get("aria-disabled") or "").lower() == "true":
            continue
        if element.tag == "label" or element.tag in ("option", "li", "tr", "td"):
            continue
        if reached_by_arrow_keys(doc, sem, element):
            continue  # an item of a listbox, tree or menu that the arrow keys reach
        if element.get("role") is None and any(
            sem.in_tab_order(inner) for inner in element.iterdescendants()
        ):
            continue  # a clickable card around a link or button: the keyboard uses the control inside
        yield Violation(
            message(
                doc,
                "Element %(element)s reacts to the mouse but keyboard users cannot reach it: use a button or "
                'link element, or add tabindex="0" and handle Enter and Space.',
                element=describe(element),
            ),
            element,
        )


def _has_tab_stop(srcdoc: str) -> bool:
    try:
        root = fromstring(srcdoc, _PARSER)
    except (ValueError, SyntaxError):
        return False
    if root is None:
        return False
    for element in root.iter("a", "button", "input", "select", "textarea", "summary", "iframe"):
        if element.tag == "a" and element.get("href") is None:
            continue
        if element.tag == "input" and (element.get("type") or "").lower() == "hidden":
            continue
        tabindex = integer(element.get("tabindex"))
        if (tabindex is None or tabindex >= 0) and element.get("disabled") is None:
            return True
    for element in root.iter():
        tabindex = integer(element.get("tabindex")) if isinstance(element.tag, str) else None
        if tabindex is not None and tabindex >= 0:
            return True
    return False


# What a frame is for, when it holds controls: a player, a map, a form.
_INTERACTIVE_FRAME = re.compile(
    r"player|video|stream|audio|podcast|map|karte|formular|form\b|kalender|calendar|chat|buchung|booking|"
    r"youtube|vimeo|embed",
    re.IGNORECASE,
)


@rule(
    "frame-tab-order",
    description="A frame whose content has controls is not taken out of the Tab order.",
    wcag=["2.1.1"],
    act=["akn7bn"],
)
def frame_tab_order(doc: CheckedDocument) -> Iterator[Violation]:
    """An ``iframe`` with ``tabindex="-1"`` hides its links and buttons from keyboard users.

    Okay: <iframe title="Karte" srcdoc="<a href='/'>Start</a>"></iframe>
    Okay: <iframe title="Zitat" tabindex="-1" srcdoc="<p>Nur Text</p>"></iframe>
    Error: <iframe title="Karte" tabindex="-1" srcdoc="<a href='/'>Start</a>"></iframe>
    Error: <iframe src="player.html" title="Live stream of the council meeting" tabindex="-1"></iframe>

    A frame loaded from elsewhere is read by what its address and title say it holds (a player, a map,
    a form): those have controls.
    """
    sem = semantics(doc)
    for frame in doc.root.iter("iframe"):
        tabindex = integer(frame.get("tabindex"))
        if tabindex is None or tabindex >= 0 or not sem.is_visible(frame):
            continue
        if frame.get("inert") is not None or _inert(frame):
            continue
        if (integer(frame.get("width")) or 2) <= 1 or (integer(frame.get("height")) or 2) <= 1:
            continue
        srcdoc = frame.get("srcdoc")
        if srcdoc and not _has_tab_stop(srcdoc):
            continue
        if not srcdoc and not _INTERACTIVE_FRAME.search(
            f"{frame.get('src') or ''} {frame.get('title') or ''}"
        ):
            continue
        yield Violation(
            message(
                doc,
                'Frame %(element)s has tabindex="-1" but holds links or controls, which keyboard users then '
                "cannot reach: remove the tabindex.",
                element=describe(frame),
            ),
            frame,
        )


def _inert(element: _Element) -> bool:
    return any(ancestor.get("inert") is not None for ancestor in element.iterancestors())
