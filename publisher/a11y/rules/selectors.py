"""Matching CSS selectors against lxml elements, right to left as browsers do.

cssselect parses; this module matches the common cases (type, class, id, attribute, the
usual pseudo-classes, ``:not``/``:is``, all four combinators) on candidate elements taken
from an index, which is much faster than evaluating cssselect's XPath over the whole page.
Anything else raises ``Unsupported`` and the caller falls back to XPath.
"""

from __future__ import annotations

from typing import Any

from lxml.etree import _Element

__all__ = ["Unsupported", "matches"]

# Pseudo-classes of user interaction: a static page is never hovered or focused.
_DYNAMIC = frozenset(
    {"hover", "focus", "active", "visited", "focus-visible", "focus-within", "target", "checked", "invalid"}
)


class Unsupported(Exception):
    """A selector feature this matcher does not handle."""


def _previous(element: _Element) -> _Element | None:
    sibling = element.getprevious()
    while sibling is not None and not isinstance(sibling.tag, str):
        sibling = sibling.getprevious()
    return sibling


def _attribute(node: Any, element: _Element) -> bool:
    value = element.get(str(node.attrib))
    operator = node.operator
    if value is None:
        return False
    if operator == "exists":
        return True
    expected = str(node.value.value)
    if node.flag:
        value, expected = value.lower(), expected.lower()
    tests = {
        "=": lambda: value == expected,
        "~=": lambda: expected in value.split(),
        "|=": lambda: value == expected or value.startswith(expected + "-"),
        "^=": lambda: bool(expected) and value.startswith(expected),
        "$=": lambda: bool(expected) and value.endswith(expected),
        "*=": lambda: bool(expected) and expected in value,
    }
    if operator not in tests:
        raise Unsupported(operator)
    return tests[operator]()


def _pseudo(ident: str, element: _Element) -> bool:
    if ident in _DYNAMIC:
        return False
    if ident in ("link", "any-link"):
        return element.tag in ("a", "area") and element.get("href") is not None
    if ident == "root":
        return element.getparent() is None
    if ident == "first-child":
        return _previous(element) is None
    if ident == "last-child":
        sibling = element.getnext()
        while sibling is not None and not isinstance(sibling.tag, str):
            sibling = sibling.getnext()
        return sibling is None
    if ident == "empty":
        return not element.text and len(element) == 0
    raise Unsupported(ident)


def matches(node: Any, element: _Element) -> bool:
    """True when ``element`` matches the parsed selector tree ``node``; ``Unsupported`` if undecidable."""
    kind = type(node).__name__
    if kind == "Element":
        name = node.element
        return not name or name == "*" or element.tag == str(name).lower()
    if kind == "Class":
        return node.class_name in (element.get("class") or "").split() and matches(
            node.selector,
            element,
        )
    if kind == "Hash":
        return element.get("id") == node.id and matches(node.selector, element)
    if kind == "Attrib":
        return _attribute(node, element) and matches(node.selector, element)
    if kind == "Pseudo":
        return _pseudo(str(node.ident).lower(), element) and matches(node.selector, element)
    if kind == "Negation":
        return matches(node.selector, element) and not matches(node.subselector, element)
    if kind == "Matching":
        return matches(node.selector, element) and any(
            matches(option, element) for option in node.selector_list
        )
    if kind == "CombinedSelector":
        return _combined(node, element)
    raise Unsupported(kind)


def _combined(node: Any, element: _Element) -> bool:
    if not matches(node.subselector, element):
        return False
    left = node.selector
    combinator = node.combinator
    if combinator == " ":
        return any(matches(left, ancestor) for ancestor in element.iterancestors())
    if combinator == ">":
        parent = element.getparent()
        return parent is not None and matches(left, parent)
    if combinator == "+":
        sibling = _previous(element)
        return sibling is not None and matches(left, sibling)
    if combinator == "~":
        sibling = _previous(element)
        while sibling is not None:
            if matches(left, sibling):
                return True
            sibling = _previous(sibling)
        return False
    raise Unsupported(combinator)
