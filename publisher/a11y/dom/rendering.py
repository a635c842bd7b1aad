"""How the page is rendered, as far as markup and CSS tell: hidden, off-screen, disabled, focusable.

``Rendering`` answers these questions per element and remembers the answers; ``Semantics`` (in
``accname``) builds roles and accessible names on top of it.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING

from lxml.etree import _Element

from publisher.a11y.dom.css import Declarations, cascade

if TYPE_CHECKING:
    from publisher.a11y.dom.document import CheckedDocument

__all__ = ["Rendering", "integer"]

_NOT_RENDERED = frozenset(
    {"head", "script", "style", "template", "noscript", "title", "meta", "link", "base"}
)
_FORM_CONTROLS = frozenset({"button", "input", "select", "textarea", "fieldset", "optgroup", "option"})


def integer(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


_LENGTH = re.compile(r"^\s*([+-]?\d*\.?\d+)\s*(px|em|rem|pt)?")


def _pixels(value: str) -> float:
    """A CSS length in px (em and rem taken as 16px); 0 when not a plain length."""
    found = _LENGTH.match(value)
    if not found:
        return 0.0
    number = float(found.group(1))
    return number * {"em": 16.0, "rem": 16.0, "pt": 4 / 3}.get(found.group(2) or "px", 1.0)


def _tiny_box(rendering: Rendering, element: _Element) -> bool:
    # The "visually hidden" pattern: a 1px (or smaller) box with clipping.
    width, height = rendering.style(element, "width"), rendering.style(element, "height")
    return (width is not None and _pixels(width) <= 1) or (height is not None and _pixels(height) <= 1)


class Rendering:
    """Rendering, focus and disabled state of the elements of one document."""

    def __init__(self, document: CheckedDocument) -> None:
        self.document = document
        self._offscreen: dict[_Element, bool] = {}
        self._first_children: dict[tuple[_Element, str], _Element | None] = {}

    @cached_property
    def styles(self) -> dict[_Element, Declarations]:
        """Cascaded declarations per element (see ``css.cascade``)."""
        return cascade(self.document)

    def style(self, element: _Element, name: str) -> str | None:
        """The cascaded value of CSS property ``name`` on ``element`` (lower-cased), if declared."""
        declared = self.styles.get(element)
        return declared.get(name) if declared else None

    @cached_property
    def _visibility(self) -> tuple[set[_Element], set[_Element], set[_Element]]:
        # One walk in document order: parents are decided before their children.
        not_rendered: set[_Element] = set()
        invisible: set[_Element] = set()
        aria_hidden: set[_Element] = set()
        styles = self.styles
        # Most elements carry neither attribute: a set lookup is cheaper than reading the attribute.
        with_hidden = set(self.document.having("hidden"))
        with_aria_hidden = set(self.document.having("aria-hidden"))
        for element in self.document.elements:
            parent = element.getparent()
            tag = element.tag
            declared = styles.get(element)
            display = declared.get("display") if declared else None
            if (
                (parent is not None and parent in not_rendered)
                or tag in _NOT_RENDERED
                or display == "none"
                or (display is None and element in with_hidden)
                or (tag == "input" and (element.get("type") or "").lower() == "hidden")
                or (
                    parent is not None
                    and parent.tag == "details"
                    and parent.get("open") is None
                    and self.first_child(parent, "summary") is not element
                )
                or (tag == "dialog" and element.get("open") is None)
            ):
                not_rendered.add(element)
            visibility = declared.get("visibility") if declared else None
            if visibility in ("hidden", "collapse") or (
                visibility is None and parent is not None and parent in invisible
            ):
                invisible.add(element)
            if (parent is not None and parent in aria_hidden) or (
                element in with_aria_hidden and (element.get("aria-hidden") or "").strip().lower() == "true"
            ):
                aria_hidden.add(element)
        return not_rendered, invisible, aria_hidden

    def is_rendered(self, element: _Element) -> bool:
        """False for ``display: none``, ``hidden`` and content that is never rendered (head, template)."""
        return element not in self._visibility[0]

    def is_visible(self, element: _Element) -> bool:
        """Rendered and not ``visibility: hidden``."""
        return element not in self._visibility[0] and element not in self._visibility[1]

    def is_aria_hidden(self, element: _Element) -> bool:
        """True inside an ``aria-hidden="true"`` subtree."""
        return element in self._visibility[2]

    @cached_property
    def unexposed(self) -> frozenset[_Element]:
        """The elements left out of the accessibility tree (see ``is_exposed``), for fast membership tests."""
        not_rendered, invisible, aria_hidden = self._visibility
        return frozenset(not_rendered | invisible | aria_hidden)

    def is_exposed(self, element: _Element) -> bool:
        """Included in the accessibility tree: visible and not under ``aria-hidden="true"``."""
        return element not in self.unexposed

    def is_offscreen(self, element: _Element) -> bool:
        """Moved out of view by CSS (large negative offsets, a clipped 1px box): rendered, but not seen."""
        if element in self._offscreen:
            return self._offscreen[element]
        parent = element.getparent()
        result = self._moved_away(element) or (parent is not None and self.is_offscreen(parent))
        self._offscreen[element] = result
        return result

    def _moved_away(self, element: _Element) -> bool:
        declared = self.styles.get(element)
        if not declared:
            return False
        position = declared.get("position")
        positioned = position in ("absolute", "fixed", "relative")
        for name in ("margin-left", "margin-top", "text-indent") + (("left", "top") if positioned else ()):
            value = declared.get(name)
            if value and _pixels(value) <= -500:
                return True
        clip = declared.get("clip") or ""
        clip_path = declared.get("clip-path") or ""
        clipped = clip.startswith("rect(") or clip_path.startswith(("inset(50%", "circle(0"))
        return position in ("absolute", "fixed") and clipped and _tiny_box(self, element)

    def is_disabled(self, element: _Element) -> bool:
        """A form control that is disabled, itself or through a disabled fieldset."""
        if element.tag not in _FORM_CONTROLS:
            return False
        if element.get("disabled") is not None:
            return True
        for ancestor in element.iterancestors("fieldset", "optgroup", "select"):
            if ancestor.get("disabled") is not None:
                legend = self.first_child(ancestor, "legend")
                return legend is None or not any(node is legend for node in element.iterancestors())
        return False

    def first_child(self, parent: _Element, tag: str) -> _Element | None:
        """The first child of ``parent`` with ``tag``, looked up once per parent.

        Not ``parent.find(tag)``: lxml looks ahead for a second match through all the children, which
        asked once per child of a large ``details`` or ``fieldset`` makes the work grow squared.
        """
        key = (parent, tag)
        if key not in self._first_children:
            self._first_children[key] = next((child for child in parent if child.tag == tag), None)
        return self._first_children[key]

    def is_focusable(self, element: _Element) -> bool:
        """Can receive focus (by script or keyboard): rendered, enabled, focusable by nature or tabindex."""
        if not self.is_visible(element) or self.is_disabled(element):
            return False
        if integer(element.get("tabindex")) is not None:
            return True
        return self._natively_focusable(element)

    def _natively_focusable(self, element: _Element) -> bool:
        tag = element.tag
        if tag in ("a", "area"):
            return element.get("href") is not None
        if tag in ("button", "select", "textarea", "iframe"):
            return True
        if tag == "input":
            return (element.get("type") or "").lower() != "hidden"
        if tag in ("audio", "video"):
            return element.get("controls") is not None
        if tag == "summary":
            parent = element.getparent()
            return (
                parent is not None
                and parent.tag == "details"
                and self.first_child(parent, "summary") is element
            )
        editable = element.get("contenteditable")
        return editable is not None and editable.lower() in ("", "true", "plaintext-only")

    def in_tab_order(self, element: _Element) -> bool:
        """Reached by Tab (sequential focus navigation): focusable, without a negative tabindex."""
        tabindex = integer(element.get("tabindex"))
        return self.is_focusable(element) and (tabindex is None or tabindex >= 0)
