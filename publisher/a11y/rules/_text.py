"""Prose helpers for the editorial and email rules: a document's text block by block, and its language."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lxml.etree import _Element

__all__ = ["language_of", "text_blocks"]

# Elements whose content is never read as prose.
_NOT_PROSE = frozenset({"script", "style", "template", "noscript", "head", "title", "svg", "math", "object"})
_INLINE_TAGS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font", "i", "img",
     "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u",
     "var", "wbr"}
)  # fmt: skip


def language_of(element: _Element) -> str:
    """The ``lang`` in force at ``element`` (nearest ancestor-or-self), or an empty string."""
    node: _Element | None = element
    while node is not None:
        lang = (node.get("lang") or "").strip()
        if lang:
            return lang
        node = node.getparent()
    return ""


def _inline_text(element: _Element, skip: Callable[[_Element], bool]) -> str:
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _NOT_PROSE and not skip(child):
            # A line break separates words; an image's alt text is not prose the author wrote.
            parts.append("\n" if child.tag in {"br", "img"} else _inline_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def text_blocks(
    element: _Element, skip: Callable[[_Element], bool] = lambda _: False
) -> Iterator[tuple[_Element, str]]:
    """The prose of ``element`` as (block element, its own text) pairs, block by block in document order.

    Inline children are part of their block's text; a nested block starts a new pair, so headings, list
    items and table cells each come out on their own. ``skip`` leaves out elements and everything inside.
    """
    parts: list[str] = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in _NOT_PROSE and not skip(child):
            if child.tag in _INLINE_TAGS:
                parts.append("\n" if child.tag in {"br", "img"} else _inline_text(child, skip))
            else:
                if "".join(parts).strip():
                    yield element, "".join(parts)
                parts = []
                yield from text_blocks(child, skip)
        parts.append(child.tail or "")
    if "".join(parts).strip():
        yield element, "".join(parts)
