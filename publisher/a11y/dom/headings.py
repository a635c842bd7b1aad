"""The page's headings and their levels, as the accessibility tree has them."""

from __future__ import annotations

from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument

__all__ = ["heading_level", "headings"]


def heading_level(element: _Element) -> int:
    """The level of a heading: from ``h1``..``h6`` or ``aria-level`` (default 2)."""
    level = element.get("aria-level")
    if level is not None and level.strip().isdigit() and int(level) > 0:
        return int(level)
    if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return int(element.tag[1])
    return 2


def headings(doc: CheckedDocument) -> list[_Element]:
    """The headings in the accessibility tree, in document order."""
    sem = semantics(doc)
    return [element for element in sem.with_roles("heading") if sem.is_exposed(element)]
