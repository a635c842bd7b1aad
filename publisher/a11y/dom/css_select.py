"""Selectors matched against a document: compiled once per selector, tried only where their subject can be.

cssselect parses a selector; ``selectors`` compiles it to a matcher, with cssselect's XPath
translation for what the matcher cannot judge. Pseudo-elements match nothing.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from cssselect import HTMLTranslator, SelectorError, parse
from lxml.etree import XPath, XPathError, _Element

from publisher.a11y.dom.caches import register_sheet_cache
from publisher.a11y.dom.selectors import Matcher, Unsupported, compile_plain, compile_selector

if TYPE_CHECKING:
    from publisher.a11y.dom.document import CheckedDocument

__all__ = [
    "CompiledSelector",
    "ElementIndex",
    "SelectorKey",
    "compiled_selector",
    "matching",
    "selector_hint",
]

_TRANSLATOR = HTMLTranslator()

# What the rightmost part of a selector needs: a tag (or None), classes and an id (or None).
SelectorKey = tuple[str | None, tuple[str, ...], str | None]


# A selector ready to match: its text (for the XPath fallback), specificity, what its subject needs,
# and its matcher.
CompiledSelector = tuple[str, tuple[int, ...], SelectorKey, Matcher]


@register_sheet_cache
@lru_cache(maxsize=4096)
def compiled_selector(selector: str) -> CompiledSelector | None:
    # Cached across documents: pages of one site share their stylesheet.
    plain = compile_plain(selector)
    if plain is not None:
        return selector, *plain
    try:
        parsed = parse(selector)
        if len(parsed) != 1 or parsed[0].pseudo_element is not None:
            return None
        specificity = (0, *parsed[0].specificity())
        tree = parsed[0].parsed_tree
        return selector, specificity, _rightmost_key(tree), compile_selector(tree)
    except (SelectorError, ValueError, NotImplementedError):
        return None


@register_sheet_cache
@lru_cache(maxsize=1024)
def _xpath(selector: str) -> XPath | None:
    """The selector as XPath, for what the matcher cannot judge; None if it has no translation."""
    # Built only when needed: translating and compiling costs more than matching most selectors.
    try:
        return XPath(_TRANSLATOR.css_to_xpath(selector))
    except (SelectorError, XPathError, ValueError, NotImplementedError):
        return None


def _rightmost_key(tree: object) -> SelectorKey:
    """The tag, classes and id the subject of a selector must have (to skip selectors that match nothing)."""
    node = getattr(tree, "subselector", tree)
    tag: str | None = None
    classes: list[str] = []
    element_id: str | None = None
    while node is not None:
        kind = type(node).__name__
        if kind == "Class":
            classes.append(str(node.class_name))  # type: ignore[attr-defined]
        elif kind == "Hash":
            element_id = str(node.id)  # type: ignore[attr-defined]
        elif kind == "Element":
            name = node.element  # type: ignore[attr-defined]
            tag = str(name).lower() if name and name != "*" else None
            break
        node = getattr(node, "selector", None)
    return tag, tuple(classes), element_id


class ElementIndex:
    """Where a selector's subject can be: elements by class and id, and by tag on demand (lxml's C loop)."""

    def __init__(self, document: CheckedDocument) -> None:
        self.document = document
        self.root = document.root
        self.tags: dict[str, list[_Element]] = {}

    @cached_property
    def classes(self) -> dict[str, list[_Element]]:
        found: dict[str, list[_Element]] = {}
        for element in self.document.having("class"):
            for name in (element.get("class") or "").split():
                found.setdefault(name, []).append(element)
        return found

    @cached_property
    def ids(self) -> dict[str, list[_Element]]:
        found: dict[str, list[_Element]] = {}
        for element in self.document.having("id"):
            found.setdefault(element.get("id") or "", []).append(element)
        return found

    @cached_property
    def tag_names(self) -> frozenset[str]:
        return frozenset(str(element.tag) for element in self.document.elements)

    def may_match(self, key: SelectorKey) -> bool:
        """False when the page has no element with the id, every class or the tag ``key`` names."""
        tag, classes, element_id = key
        if element_id is not None and element_id not in self.ids:
            return False
        if any(name not in self.classes for name in classes):
            return False
        return tag is None or tag in self.tag_names

    def candidates(self, key: SelectorKey) -> list[_Element]:
        """Elements that have the tag, first class and id ``key`` asks for (all if it asks for none)."""
        tag, classes, element_id = key
        if element_id is not None:
            return self.ids.get(element_id, [])
        if classes:
            return self.classes.get(classes[0], [])
        if tag is not None:
            if tag not in self.tags:
                self.tags[tag] = list(self.root.iter(tag))
            return self.tags[tag]
        return self.document.elements


def matching(index: ElementIndex, root: _Element, compiled: CompiledSelector) -> list[_Element]:
    selector, _, key, matcher = compiled
    candidates = index.candidates(key)
    if not candidates:
        return []
    try:
        return [element for element in candidates if matcher(element)]
    except Unsupported:
        xpath = _xpath(selector)
        if xpath is None:
            return []
        found = xpath(root)
        return (
            [element for element in found if isinstance(element, _Element)] if isinstance(found, list) else []
        )


# The last compound of a selector (after its last combinator), when it is only a tag, classes, ids
# and pseudo-classes. Only the last combinator can end the prefix: the compound holds none.
_HINT = re.compile(r"(?:.*[\s>+~])?(?=.)([a-zA-Z][\w-]*)?((?:[.#][\w-]+|:[\w-]+)*)", re.DOTALL)
_CLASSES = re.compile(r"\.([\w-]+)")
_IDS = re.compile(r"#([\w-]+)")


def selector_hint(selector: str) -> SelectorKey | None:
    """The tag, classes and id the subject of a simple selector needs; None when that is not plain."""
    if "(" in selector or "[" in selector or "\\" in selector:
        return None
    found = _HINT.fullmatch(selector)
    if found is None:
        return None
    parts = found.group(2)
    tag = (found.group(1) or "").lower() or None
    if not parts:
        return tag, (), None
    ids = _IDS.findall(parts) if "#" in parts else None
    return tag, tuple(_CLASSES.findall(parts)) if "." in parts else (), ids[0] if ids else None
