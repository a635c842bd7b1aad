"""What assistive technology sees: rendering, roles, focus and accessible names (HTML-AAM, accname 1.2).

One ``Semantics`` object per checked document (``semantics(doc)``) answers every rule's questions and
remembers its answers, so a page is walked once, not once per rule.
"""

from __future__ import annotations

import re
from functools import cached_property

from lxml.etree import _Element

from publisher.a11y.document import CheckedDocument
from publisher.a11y.rules.aria_data import (
    ABSTRACT_ROLES,
    GLOBAL_ATTRIBUTES,
    NAME_FROM_CONTENT,
    ROLES,
)
from publisher.a11y.rules.css import Declarations, cascade

__all__ = ["Semantics", "describe", "message", "semantics", "squash"]

_SPACE = re.compile(r"\s+")
_NOT_RENDERED = frozenset({"head", "script", "style", "template", "noscript", "title", "meta", "link", "base"})
_FORM_CONTROLS = frozenset({"button", "input", "select", "textarea", "fieldset", "optgroup", "option"})
_TEXT_INPUTS = frozenset({"text", "email", "tel", "url", "search", "password", "number", ""})
_INPUT_ROLES = {
    "button": "button",
    "image": "button",
    "reset": "button",
    "submit": "button",
    "checkbox": "checkbox",
    "radio": "radio",
    "range": "slider",
    "number": "spinbutton",
    "search": "searchbox",
}
_TAG_ROLES = {
    "article": "article",
    "aside": "complementary",
    "blockquote": "blockquote",
    "button": "button",
    "caption": "caption",
    "code": "code",
    "datalist": "listbox",
    "dd": "definition",
    "del": "deletion",
    "details": "group",
    "dfn": "term",
    "dialog": "dialog",
    "dt": "term",
    "em": "emphasis",
    "fieldset": "group",
    "figure": "figure",
    "form": "form",
    "hr": "separator",
    "ins": "insertion",
    "main": "main",
    "math": "math",
    "menu": "list",
    "meter": "meter",
    "nav": "navigation",
    "ol": "list",
    "ul": "list",
    "optgroup": "group",
    "option": "option",
    "output": "status",
    "p": "paragraph",
    "progress": "progressbar",
    "search": "search",
    "strong": "strong",
    "sub": "subscript",
    "sup": "superscript",
    "svg": "graphics-document",
    "table": "table",
    "tbody": "rowgroup",
    "tfoot": "rowgroup",
    "thead": "rowgroup",
    "textarea": "textbox",
    "time": "time",
    "tr": "row",
    "address": "group",
    "hgroup": "group",
    "div": "generic",
    "span": "generic",
    "b": "generic",
    "i": "generic",
    "u": "generic",
    "s": "generic",
    "small": "generic",
    "pre": "generic",
    "bdi": "generic",
    "bdo": "generic",
    "data": "generic",
    "samp": "generic",
}
_SECTIONING = ("article", "aside", "main", "nav", "section")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6"
    " header hr li main nav ol p pre section table td th tr ul".split()
)
_NATIVE_NAME_TAGS = frozenset({"img", "area", "input", "textarea", "select", "button", "iframe", "fieldset"})


def squash(text: str) -> str:
    """``text`` with runs of white space made one space and the ends trimmed."""
    return _SPACE.sub(" ", text).strip()


def describe(element: _Element) -> str:
    """A short, readable stand-in for ``element`` in a message, e.g. ``<img src="chart.png">``."""
    for attribute in ("id", "src", "href", "name", "type", "class"):
        value = element.get(attribute)
        if value:
            if len(value) > 60:
                value = value[:57] + "..."
            return f'<{element.tag} {attribute}="{value}">'
    return f"<{element.tag}>"


def _integer(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


class Semantics:
    """Rendering, role, focus and accessible name of the elements of one document."""

    def __init__(self, document: CheckedDocument) -> None:
        self.document = document
        self._names: dict[_Element, str] = {}
        self._roles: dict[_Element, str | None] = {}

    @cached_property
    def styles(self) -> dict[_Element, Declarations]:
        """Cascaded declarations per element (see ``css.cascade``)."""
        return cascade(self.document)

    def style(self, element: _Element, name: str) -> str | None:
        """The cascaded value of CSS property ``name`` on ``element`` (lower-cased), if declared."""
        declared = self.styles.get(element)
        value = declared.get(name) if declared else None
        return value.lower() if value is not None else None

    @cached_property
    def _visibility(self) -> tuple[set[_Element], set[_Element], set[_Element]]:
        # One walk in document order: parents are decided before their children.
        not_rendered: set[_Element] = set()
        invisible: set[_Element] = set()
        aria_hidden: set[_Element] = set()
        for element in self.document.elements:
            parent = element.getparent()
            tag = element.tag
            display = self.style(element, "display")
            if (
                (parent is not None and parent in not_rendered)
                or tag in _NOT_RENDERED
                or display == "none"
                or (element.get("hidden") is not None and display is None)
                or (tag == "input" and (element.get("type") or "").lower() == "hidden")
                or (
                    parent is not None
                    and parent.tag == "details"
                    and parent.get("open") is None
                    and parent.find("summary") is not element
                )
                or (tag == "dialog" and element.get("open") is None)
            ):
                not_rendered.add(element)
            visibility = self.style(element, "visibility")
            if visibility in ("hidden", "collapse") or (
                visibility is None and parent is not None and parent in invisible
            ):
                invisible.add(element)
            if (element.get("aria-hidden") or "").strip().lower() == "true" or (
                parent is not None and parent in aria_hidden
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

    def is_exposed(self, element: _Element) -> bool:
        """Included in the accessibility tree: visible and not under ``aria-hidden="true"``."""
        return self.is_visible(element) and not self.is_aria_hidden(element)

    def is_disabled(self, element: _Element) -> bool:
        """A form control that is disabled, itself or through a disabled fieldset."""
        if element.tag not in _FORM_CONTROLS:
            return False
        if element.get("disabled") is not None:
            return True
        for ancestor in element.iterancestors("fieldset", "optgroup", "select"):
            if ancestor.get("disabled") is not None:
                legend = ancestor.find("legend")
                return legend is None or element not in legend.iter()
        return False

    def is_focusable(self, element: _Element) -> bool:
        """Can receive focus (by script or keyboard): rendered, enabled and focusable by nature or tabindex."""
        if not self.is_visible(element) or self.is_disabled(element):
            return False
        if _integer(element.get("tabindex")) is not None:
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
            return parent is not None and parent.tag == "details" and parent.find("summary") is element
        editable = element.get("contenteditable")
        return editable is not None and editable.lower() in ("", "true", "plaintext-only")

    def in_tab_order(self, element: _Element) -> bool:
        """Reached by Tab (sequential focus navigation): focusable, without a negative tabindex."""
        tabindex = _integer(element.get("tabindex"))
        return self.is_focusable(element) and (tabindex is None or tabindex >= 0)

    def explicit_role(self, element: _Element) -> str | None:
        """The first valid, non-abstract token of the ``role`` attribute."""
        for token in (element.get("role") or "").lower().split():
            if token in ROLES and token not in ABSTRACT_ROLES:
                return token
        return None

    def role(self, element: _Element) -> str | None:
        """The semantic role: explicit if valid and not overridden by conflict resolution, else implicit."""
        if element in self._roles:
            return self._roles[element]
        role = self.explicit_role(element)
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
        if not isinstance(tag, str):
            return None
        if tag in _TAG_ROLES:
            return _TAG_ROLES[tag]
        if tag in ("a", "area"):
            return "link" if element.get("href") is not None else ("generic" if tag == "a" else None)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            return "heading"
        if tag == "img":
            alt = element.get("alt")
            return "presentation" if alt is not None and alt == "" else "img"
        if tag == "input":
            kind = (element.get("type") or "text").lower()
            if kind in _INPUT_ROLES:
                return "combobox" if kind == "search" and element.get("list") else _INPUT_ROLES[kind]
            if kind in _TEXT_INPUTS or kind not in ("hidden", "color", "date", "datetime-local", "file",
                                                     "month", "time", "week"):
                return "combobox" if element.get("list") else "textbox"
            return None
        if tag == "select":
            size = _integer(element.get("size"))
            return "listbox" if element.get("multiple") is not None or (size or 0) > 1 else "combobox"
        if tag == "li":
            parent = element.getparent()
            return "listitem" if parent is not None and parent.tag in ("ol", "ul", "menu") else "generic"
        if tag in ("td", "th"):
            return self._cell_role(element)
        if tag in ("header", "footer"):
            if any(True for _ in element.iterancestors(*_SECTIONING)):
                return "generic"
            return "banner" if tag == "header" else "contentinfo"
        if tag == "section":
            return "region" if element.get("aria-label") or element.get("aria-labelledby") else "generic"
        return None

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
        cells = [cell for cell in row if cell.tag in ("td", "th")] if row is not None else []
        if cells and all(cell.tag == "th" for cell in cells):
            return "columnheader"
        return "rowheader" if cells and cells[0] is element else "columnheader"

    def name(self, element: _Element) -> str:
        """The accessible name of ``element``, white space squashed."""
        if element not in self._names:
            self._names[element] = squash(self._compute(element, set(), referenced=False, in_content=False))
        return self._names[element]

    def _compute(self, element: _Element, visited: set[_Element], *, referenced: bool, in_content: bool) -> str:
        if element in visited:
            return ""
        visited.add(element)
        if not referenced and not self.is_exposed(element):
            return ""
        if referenced and not self.is_rendered(element) and in_content:
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
        if role not in ("none", "presentation") or element.tag in _NATIVE_NAME_TAGS:
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
            return "".join(first[0].itertext()) if first else ""
        if role in ("slider", "spinbutton"):
            return element.get("aria-valuetext") or element.get("aria-valuenow") or ""
        return "".join(element.itertext())

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
                if child.tag in _BLOCK_TAGS:
                    text = f" {text} "
                pieces.append(text)
                visited.discard(child)
            pieces.append(child.tail or "")
        return "".join(pieces)


def semantics(document: CheckedDocument) -> Semantics:
    """The document's shared ``Semantics`` (built on first use)."""
    return document.shared(Semantics)


def message(document: CheckedDocument, text: str, **values: object) -> str:
    """``text`` translated into the report's language, with ``%(name)s`` placeholders filled in."""
    return document.gettext(text) % values
