"""What assistive technology sees: rendering, roles, focus and accessible names (HTML-AAM, accname 1.2).

One ``Semantics`` object per checked document (``semantics(doc)``) answers every rule's questions and
remembers its answers, so a page is walked once, not once per rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property
from typing import cast

from lxml.etree import _Element

from publisher.a11y.dom.aria_data import (
    ABSTRACT_ROLES,
    GLOBAL_ATTRIBUTES,
    NAME_FROM_CONTENT,
    ROLES,
)
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.rendering import Rendering
from publisher.a11y.dom.roles import CONTEXTUAL_TAGS, PLAIN_TAG_ROLES, implicit_role

__all__ = ["BLOCK_TAGS", "Semantics", "semantics", "squash", "text_of", "visible_text"]

_UNKNOWN = object()  # a role not worked out yet (None is a role: no role at all)
# Elements whose text starts on a line of its own: their text is kept apart from neighbours'.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    ]
)


def squash(text: str) -> str:
    """``text`` with runs of white space made one space and the ends trimmed.

    str.split() parts at the characters re's ``\\s`` matches (both ask str.isspace), several times
    faster than a substitution.
    """
    return " ".join(text.split())


def text_of(element: _Element) -> str:
    """All text inside ``element``, as written (no white space squashed)."""
    return "".join(str(part) for part in element.itertext())


class Semantics(Rendering):
    """Rendering, role, focus and accessible name of the elements of one document."""

    def __init__(self, document: CheckedDocument) -> None:
        super().__init__(document)
        self._names: dict[_Element, str] = {}
        self._roles: dict[_Element, str | None] = {}
        # Per table row: whether it holds only header cells, and its first cell.
        self._header_rows: dict[_Element, tuple[bool, _Element | None]] = {}

    @cached_property
    def _order(self) -> dict[_Element, int]:
        return {element: number for number, element in enumerate(self.document.elements)}

    @cached_property
    def by_role(self) -> dict[str | None, list[_Element]]:
        """Every element grouped by its semantic role, in document order (one pass, shared by all rules)."""
        grouped: dict[str | None, list[_Element]] = {}
        for element in self.document.elements:
            grouped.setdefault(self.role(element), []).append(element)
        return grouped

    def with_roles(self, *roles: str) -> list[_Element]:
        """The elements whose semantic role is one of ``roles``, in document order."""
        if len(roles) == 1:
            return self.by_role.get(roles[0], [])
        return self.in_order(element for role in roles for element in self.by_role.get(role, []))

    def in_order(self, elements: Iterable[_Element]) -> list[_Element]:
        """``elements`` without repeats, in document order."""
        unique = set(elements)
        if len(unique) < 2:
            return list(unique)  # nothing to order: the page's order need not be worked out
        return sorted(unique, key=self._order.__getitem__)

    def explicit_role(self, element: _Element) -> str | None:
        """The first valid, non-abstract token of the ``role`` attribute."""
        value = element.get("role")
        if not value:
            return None
        for token in value.lower().split():
            if token in ROLES and token not in ABSTRACT_ROLES:
                return token
        return None

    @cached_property
    def _with_role_attribute(self) -> frozenset[_Element]:
        return frozenset(self.document.having("role"))

    def role(self, element: _Element) -> str | None:
        """The semantic role: explicit if valid and not overridden by conflict resolution, else implicit."""
        known = self._roles.get(element, _UNKNOWN)
        if known is not _UNKNOWN:
            return cast(str | None, known)
        role = self.explicit_role(element) if element in self._with_role_attribute else None
        if role in ("none", "presentation") and self._presentation_conflict(element):
            role = None
        if role is None:
            role = self.implicit_role(element)
            if role == "presentation" and self._presentation_conflict(element):
                role = "img"
        self._roles[element] = role
        return role

    def _presentation_conflict(self, element: _Element) -> bool:
        # Presentational roles are ignored on focusable elements and on elements with global ARIA attributes.
        if self.is_focusable(element):
            return True
        return any(name in GLOBAL_ATTRIBUTES for name in element.attrib if isinstance(name, str))

    def implicit_role(self, element: _Element) -> str | None:
        """The role HTML gives the element without a ``role`` attribute (HTML-AAM)."""
        tag = element.tag
        if isinstance(tag, str) and tag not in CONTEXTUAL_TAGS:
            return PLAIN_TAG_ROLES.get(tag)
        return implicit_role(element, self._cell_role)

    def _cell_role(self, element: _Element) -> str | None:
        table = next(element.iterancestors("table"), None)
        if table is None:
            return None
        table_role = self.explicit_role(table)
        if table_role in ("none", "presentation"):
            return None
        grid = table_role in ("grid", "treegrid")
        if element.tag == "td":
            return "gridcell" if grid else "cell"
        scope = (element.get("scope") or "").lower()
        if scope in ("row", "rowgroup"):
            return "rowheader"
        if scope in ("col", "colgroup"):
            return "columnheader"
        row = element.getparent()
        if row is None:
            return "columnheader"
        if row not in self._header_rows:  # once per row, not once per cell of a wide row
            cells = [cell for cell in row if cell.tag in ("td", "th")]
            only_headers = all(cell.tag == "th" for cell in cells)
            self._header_rows[row] = (only_headers, cells[0] if cells else None)
        only_headers, first = self._header_rows[row]
        return "rowheader" if not only_headers and first is element else "columnheader"

    def name(self, element: _Element) -> str:
        """The accessible name of ``element``, white space squashed."""
        if element not in self._names:
            self._names[element] = squash(self._compute(element, set(), referenced=False, in_content=False))
        return self._names[element]

    def _compute(
        self, element: _Element, visited: set[_Element], *, referenced: bool, in_content: bool
    ) -> str:
        if element in visited:
            return ""
        visited.add(element)
        if not referenced and not self.is_exposed(element):
            return ""
        labelledby = element.get("aria-labelledby")
        if labelledby and not referenced:
            parts = []
            for ref in labelledby.split():
                target = self.document.by_id.get(ref)
                if target is not None:
                    parts.append(self._compute(target, visited, referenced=True, in_content=False))
            text = " ".join(part for part in parts if part.strip())
            if text.strip():
                return text
        role = self.role(element)
        if in_content and role in ("textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton"):
            return self._control_value(element, role)
        label = element.get("aria-label")
        if label and label.strip():
            return label
        if role not in ("none", "presentation"):
            native = self._native_name(element, visited)
            if native.strip():
                return native
        if role in NAME_FROM_CONTENT or referenced or in_content or element.tag == "label":
            text = self._content(element, visited)
            if text.strip():
                return text
        return self._tooltip(element)

    def _tooltip(self, element: _Element) -> str:
        title = element.get("title")
        if title and title.strip():
            return title
        if element.tag in ("input", "textarea"):
            return element.get("placeholder") or ""
        return ""

    def _control_value(self, element: _Element, role: str | None) -> str:
        if element.tag in ("input", "textarea"):
            return element.get("value") or (element.text or "")
        if element.tag == "select":
            chosen = [option for option in element.iter("option") if option.get("selected") is not None]
            first = chosen[:1] or list(element.iter("option"))[:1]
            return text_of(first[0]) if first else ""
        if role in ("slider", "spinbutton"):
            return element.get("aria-valuetext") or element.get("aria-valuenow") or ""
        return text_of(element)

    def _native_name(self, element: _Element, visited: set[_Element]) -> str:
        tag = element.tag
        if tag in ("img", "area"):
            return element.get("alt") or ""
        if tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in ("button", "submit", "reset"):
                value = element.get("value")
                if value is not None:
                    return value
                return {"submit": "Submit", "reset": "Reset"}.get(kind, "")
            if kind == "image":
                return element.get("alt") or ""
            return self._labels(element, visited)
        if tag in ("textarea", "select", "button", "meter", "progress", "output"):
            return self._labels(element, visited)
        if tag == "fieldset":
            return self._first_child_text(element, "legend", visited)
        if tag == "figure":
            return self._first_child_text(element, "figcaption", visited)
        if tag == "table":
            return self._first_child_text(element, "caption", visited)
        if tag == "svg" or next(element.iterancestors("svg"), None) is not None:
            return self._first_child_text(element, "title", visited)
        if tag in ("iframe", "frame"):
            return element.get("title") or ""
        if tag == "summary":
            return self._content(element, visited)
        return ""

    def _first_child_text(self, element: _Element, tag: str, visited: set[_Element]) -> str:
        child = element.find(tag)
        return self._content(child, visited) if child is not None else ""

    @cached_property
    def _labels_for(self) -> dict[str, list[_Element]]:
        found: dict[str, list[_Element]] = {}
        for label in self.document.root.iter("label"):
            target = label.get("for")
            if target:
                found.setdefault(target, []).append(label)
        return found

    def _labels(self, element: _Element, visited: set[_Element]) -> str:
        labels = list(self._labels_for.get(element.get("id") or "", [])) if element.get("id") else []
        wrapping = next(element.iterancestors("label"), None)
        if wrapping is not None and wrapping not in labels and not wrapping.get("for"):
            labels.append(wrapping)
        parts = [self._content(label, visited) for label in labels if self.is_rendered(label)]
        return " ".join(part for part in parts if part.strip())

    def _content(self, element: _Element, visited: set[_Element]) -> str:
        pieces = [element.text or ""]
        for child in element:
            if isinstance(child.tag, str) and child not in visited and self.is_exposed(child):
                text = self._compute(child, visited, referenced=False, in_content=True)
                if child.tag in BLOCK_TAGS:
                    text = f" {text} "
                pieces.append(text)
                visited.discard(child)
            pieces.append(child.tail or "")
        return "".join(pieces)


def semantics(document: CheckedDocument) -> Semantics:
    """The document's shared ``Semantics`` (built on first use)."""
    return document.shared(Semantics)


def visible_text(sem: Semantics, element: _Element) -> str:
    """The text a sighted reader sees in the element: hidden and visually hidden parts left out."""
    pieces = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and sem.is_visible(child) and not sem.is_offscreen(child):
            inner = visible_text(sem, child)
            block = child.tag in BLOCK_TAGS and sem.style(child, "display") not in ("inline", "inline-block")
            pieces.append(f" {inner} " if block else inner)
        pieces.append(child.tail or "")
    return "".join(pieces)
