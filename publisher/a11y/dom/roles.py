"""The roles HTML gives elements without a ``role`` attribute (HTML-AAM)."""

from __future__ import annotations

from collections.abc import Callable

from lxml.etree import _Element

from publisher.a11y.dom.rendering import integer

__all__ = ["CONTEXTUAL_TAGS", "PLAIN_TAG_ROLES", "implicit_role"]

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


_TABLE_PARTS = frozenset({"tr", "tbody", "thead", "tfoot"})
# Tags whose implicit role depends on more than the tag: the branches of ``implicit_role`` (keep in step).
CONTEXTUAL_TAGS = _TABLE_PARTS | {
    "a", "area", "h1", "h2", "h3", "h4", "h5", "h6", "img", "input", "select", "li", "td", "th", "header",
    "footer", "section",
}  # fmt: skip
# Every other tag's implicit role, by tag alone (a tag not listed has none): ``implicit_role``'s shortcut.
PLAIN_TAG_ROLES = {tag: role for tag, role in _TAG_ROLES.items() if tag not in CONTEXTUAL_TAGS}


def _in_layout_table(element: _Element) -> bool:
    # Rows of a table marked role="presentation" (an e-mail layout table) are presentational too.
    table = next(element.iterancestors("table"), None)
    tokens = (table.get("role") or "").lower().split() if table is not None else []
    return bool(tokens) and tokens[0] in ("none", "presentation")


def implicit_role(element: _Element, cell_role: Callable[[_Element], str | None]) -> str | None:
    """The role HTML gives the element without a ``role`` attribute (HTML-AAM)."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    if tag in _TABLE_PARTS and _in_layout_table(element):
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
        if kind in _TEXT_INPUTS or kind not in (
            "hidden",
            "color",
            "date",
            "datetime-local",
            "file",
            "month",
            "time",
            "week",
        ):
            return "combobox" if element.get("list") else "textbox"
        return None
    if tag == "select":
        size = integer(element.get("size"))
        return "listbox" if element.get("multiple") is not None or (size or 0) > 1 else "combobox"
    if tag == "li":
        parent = element.getparent()
        return "listitem" if parent is not None and parent.tag in ("ol", "ul", "menu") else "generic"
    if tag in ("td", "th"):
        return cell_role(element)
    if tag in ("header", "footer"):
        if any(True for _ in element.iterancestors(*_SECTIONING)):
            return "generic"
        return "banner" if tag == "header" else "contentinfo"
    if tag == "section":
        return "region" if element.get("aria-label") or element.get("aria-labelledby") else "generic"
    return None
