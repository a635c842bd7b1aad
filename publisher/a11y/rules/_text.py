"""Text helpers shared by the editorial and email rules: visible text, blocks of prose, inline styles, names."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import tinycss2
from lxml.etree import _Element

__all__ = [
    "INLINE_TAGS",
    "accessible_name",
    "inline_style",
    "is_hidden",
    "language_of",
    "links",
    "normalise",
    "text_blocks",
]

# Elements whose content is never read as prose.
_NOT_PROSE = frozenset({"script", "style", "template", "noscript", "head", "title", "svg", "math", "object"})
INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img", "ins",
     "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"}
)  # fmt: skip


def normalise(text: str) -> str:
    """``text`` with runs of whitespace collapsed to one space and trimmed."""
    return " ".join(text.split())


def inline_style(element: _Element) -> dict[str, str]:
    """The declarations of the element's ``style`` attribute: lower-case property -> value (no ``!important``)."""
    style = element.get("style")
    if not style:
        return {}
    declarations: dict[str, str] = {}
    for node in tinycss2.parse_blocks_contents(style, skip_comments=True, skip_whitespace=True):
        if node.type == "declaration":
            declarations[node.lower_name] = tinycss2.serialize(node.value).strip().lower()
    return declarations


def _hides_itself(element: _Element, *, email: bool) -> bool:
    if element.get("hidden") is not None or element.get("aria-hidden", "").strip().lower() == "true":
        return True
    style = inline_style(element)
    if style.get("display") == "none" or style.get("visibility") in {"hidden", "collapse"}:
        return True
    if not email:
        return False
    # Email clients hide preheaders and mobile-only blocks with these instead of display:none.
    if style.get("mso-hide") == "all" or style.get("opacity") in {"0", "0.0"}:
        return True
    return style.get("max-height") in {"0", "0px"} and style.get("overflow") == "hidden"


def is_hidden(element: _Element, *, email: bool = False) -> bool:
    """True when the element or an ancestor is hidden from everyone (``hidden``, ``aria-hidden``, inline CSS)."""
    node: _Element | None = element
    while node is not None:
        if isinstance(node.tag, str) and _hides_itself(node, email=email):
            return True
        node = node.getparent()
    return False


def language_of(element: _Element) -> str:
    """The ``lang`` in force at ``element`` (nearest ancestor-or-self), or an empty string."""
    node: _Element | None = element
    while node is not None:
        lang = node.get("lang") or node.get("xml:lang")
        if lang and lang.strip():
            return lang.strip()
        node = node.getparent()
    return ""


def _subtree_text(element: _Element, skip: Callable[[_Element], bool]) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not skip(child) and child.tag not in _NOT_PROSE:
            if child.tag == "img":
                parts.append(f" {child.get('alt', '')} ")
            elif child.tag == "br":
                parts.append("\n")
            else:
                parts.append(_subtree_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def accessible_name(element: _Element) -> str:
    """A link's or image's accessible name: ``aria-labelledby``, ``aria-label``, ``alt``, then its text."""
    labelled_by = (element.get("aria-labelledby") or "").split()
    if labelled_by:
        root = element.getroottree()
        texts = [
            _subtree_text(found[0], lambda _: False)
            for found in (root.xpath("//*[@id=$id]", id=ref) for ref in labelled_by)
            if isinstance(found, list) and found and isinstance(found[0], _Element)
        ]
        if normalise(" ".join(texts)):
            return normalise(" ".join(texts))
    label = normalise(element.get("aria-label") or "")
    if label:
        return label
    if element.tag in {"img", "area"} or (element.tag == "input" and element.get("type") == "image"):
        return normalise(element.get("alt") or "")
    return normalise(_subtree_text(element, lambda child: is_hidden(child)) or element.get("title") or "")


def links(root: _Element) -> list[_Element]:
    """Every link the user can reach: ``a``/``area`` with ``href`` and ``role=link``, not hidden."""
    found = [
        element
        for element in root.iter()
        if isinstance(element.tag, str)
        and (
            (element.tag in {"a", "area"} and element.get("href") is not None and not element.get("role"))
            or (element.get("role") or "").strip().lower() == "link"
        )
    ]
    return [element for element in found if not is_hidden(element)]


def text_blocks(
    element: _Element, skip: Callable[[_Element], bool] = lambda _: False
) -> Iterator[tuple[_Element, str]]:
    """The prose of ``element`` as (block element, its own text) pairs, block by block in document order.

    Inline children are part of their block's text; a nested block starts a new pair, so headings, list
    items and table cells each come out on their own. ``skip`` leaves out elements and everything inside.
    """
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and not skip(child) and child.tag not in _NOT_PROSE:
            if child.tag in INLINE_TAGS:
                parts.append(_subtree_text(child, skip))
            else:
                if normalise("".join(parts)):
                    yield element, "".join(parts)
                parts = []
                yield from text_blocks(child, skip)
        parts.append(child.tail or "")
    if normalise("".join(parts)):
        yield element, "".join(parts)

