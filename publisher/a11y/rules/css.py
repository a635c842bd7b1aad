"""The page's own CSS: a simple cascade of ``<style>`` sheets and ``style`` attributes per element.

Selectors are matched with cssselect's XPath translation, once per selector over the whole
document; specificity and source order decide, ``!important`` wins. Only what the checks read
is needed, so media queries other than plain ``screen``/``all`` and pseudo-elements are skipped.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

import tinycss2
from cssselect import HTMLTranslator, SelectorError, parse
from lxml.etree import XPath, XPathError, _Element

from publisher.a11y.rules.selectors import Unsupported, matches

if TYPE_CHECKING:
    from publisher.a11y.document import CheckedDocument

__all__ = ["TRACKED_PROPERTIES", "Declarations", "cascade", "conditional_rules", "declarations"]

Declarations = dict[str, str]
# (important, specificity, order) ranks two declarations of one property; inline styles rank (1, 0, 0).
_Rank = tuple[bool, tuple[int, ...], int]
_INLINE = (1, 0, 0, 0)
# The properties the checks read; the cascade keeps only these (and custom properties, for var()).
# A rule that needs another property adds it here.
TRACKED_PROPERTIES = frozenset(
    {
        "background",
        "background-color",
        "background-image",
        "clip",
        "clip-path",
        "color",
        "display",
        "font-family",
        "font-size",
        "font-weight",
        "height",
        "left",
        "letter-spacing",
        "line-height",
        "margin-left",
        "margin-top",
        "max-height",
        "mso-hide",
        "opacity",
        "overflow",
        "overflow-x",
        "position",
        "rotate",
        "text-indent",
        "text-shadow",
        "top",
        "transform",
        "visibility",
        "width",
        "word-spacing",
    }
)
_TRANSLATOR = HTMLTranslator()
_WITH_CLASS = XPath("//*[@class]")
_WITH_ID = XPath("//*[@id]")


@lru_cache(maxsize=2048)
def declarations(text: str) -> tuple[tuple[str, str, bool], ...]:
    """(property, value, important) of a declaration list such as a ``style`` attribute."""
    return _declarations(tinycss2.parse_declaration_list(text, skip_comments=True, skip_whitespace=True))


@lru_cache(maxsize=4096)
def _tracked(props: tuple[tuple[str, str, bool], ...]) -> tuple[tuple[str, str, bool], ...]:
    return tuple(prop for prop in props if prop[0] in TRACKED_PROPERTIES or prop[0].startswith("--"))


def _declarations(items: list[tinycss2.ast.Node]) -> tuple[tuple[str, str, bool], ...]:
    return tuple(
        (item.lower_name, tinycss2.serialize(item.value).strip(), bool(item.important))
        for item in items
        if item.type == "declaration"
    )


# What the rightmost part of a selector needs: a tag (or None), classes and an id (or None).
_Key = tuple[str | None, tuple[str, ...], str | None]


@lru_cache(maxsize=4096)
def _compiled(selector: str) -> tuple[XPath, tuple[int, ...], _Key, object] | None:
    # Cached across documents: pages of one site share their stylesheet.
    try:
        parsed = parse(selector)
        if len(parsed) != 1 or parsed[0].pseudo_element is not None:
            return None
        specificity = (0, *parsed[0].specificity())
        tree = parsed[0].parsed_tree
        return XPath(_TRANSLATOR.selector_to_xpath(parsed[0])), specificity, _rightmost_key(tree), tree
    except (SelectorError, XPathError, ValueError, NotImplementedError):
        return None


def _rightmost_key(tree: object) -> _Key:
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


def _elements(found: object) -> list[_Element]:
    return [item for item in found if isinstance(item, _Element)] if isinstance(found, list) else []


class _Index:
    """Where a selector's subject can be: elements by class and id, and by tag on demand (lxml's C loop)."""

    def __init__(self, document: CheckedDocument) -> None:
        self.root = document.root
        self.everything = document.elements
        self.tags: dict[str, list[_Element]] = {}
        self.classes: dict[str, list[_Element]] = {}
        self.ids: dict[str, list[_Element]] = {}
        for element in _elements(_WITH_CLASS(document.root)):
            for name in (element.get("class") or "").split():
                self.classes.setdefault(name, []).append(element)
        for element in _elements(_WITH_ID(document.root)):
            self.ids.setdefault(element.get("id") or "", []).append(element)

    def candidates(self, key: _Key) -> list[_Element]:
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
        return self.everything


def _matching(
    index: _Index, root: _Element, compiled: tuple[XPath, tuple[int, ...], _Key, object]
) -> list[_Element]:
    matcher, _, key, tree = compiled
    candidates = index.candidates(key)
    if not candidates:
        return []
    try:
        return [element for element in candidates if matches(tree, element)]
    except Unsupported:
        found = matcher(root)
        return (
            [element for element in found if isinstance(element, _Element)] if isinstance(found, list) else []
        )


_Rule = tuple[str, str, tuple[tuple[str, str, bool], ...]]  # (media condition, selectors, declarations)


@lru_cache(maxsize=64)
def _style_rules(sheet: str) -> tuple[_Rule, ...]:
    # Cached by text: the pages of one site share their stylesheet, so it is parsed once.
    return tuple(_rules_of(tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True), ""))


def _rules_of(nodes: list[tinycss2.ast.Node], media: str) -> Iterator[_Rule]:
    for node in nodes:
        if node.type == "qualified-rule":
            items = tinycss2.parse_declaration_list(node.content, skip_comments=True, skip_whitespace=True)
            yield media, tinycss2.serialize(node.prelude).strip(), _declarations(items)
        elif node.type == "at-rule" and node.lower_at_keyword == "media" and node.content is not None:
            condition = tinycss2.serialize(node.prelude).strip().lower()
            rules = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            yield from _rules_of(rules, f"{media} and {condition}" if media else condition)


def _applies_to_screen(media: str) -> bool:
    query = media.strip().lower()
    return query in {"", "all", "screen"} or query.startswith(("screen and (min-width", "all and (min-width"))


def cascade(document: CheckedDocument) -> dict[_Element, Declarations]:
    """The cascaded (not inherited) declarations of every element that has any, values lower-cased.

    Elements with the same declarations share one dict object: treat the dicts as read-only.
    """
    ranked: dict[_Element, dict[str, tuple[_Rank, str]]] = {}
    order = itertools.count()  # source order breaks ties of importance and specificity

    def apply(
        element: _Element, props: tuple[tuple[str, str, bool], ...], specificity: tuple[int, ...]
    ) -> None:
        slot = ranked.setdefault(element, {})
        for name, value, important in props:
            rank = (important, specificity, next(order))
            current = slot.get(name)
            if current is None or current[0] < rank:
                slot[name] = (rank, value)

    index = _Index(document)
    for style in document.root.iter("style"):
        if not _applies_to_screen(style.get("media", "")):
            continue
        for media, prelude, declared in _style_rules(style.text or ""):
            props = _tracked(declared)
            if not props or not _applies_to_screen(media):
                continue
            for selector in prelude.split(","):
                compiled = _compiled(selector.strip())
                if compiled is not None:
                    for element in _matching(index, document.root, compiled):
                        apply(element, props, compiled[1])
    for element in document.elements:
        inline = element.get("style")
        if inline:
            apply(element, _tracked(declarations(inline)), _INLINE)
    # Lower-cased once here: rules compare keywords, and every lookup would otherwise repeat it.
    # Alike elements (all paragraphs) share one dict, so rules can cache per declaration set.
    shared: dict[tuple[tuple[str, str], ...], Declarations] = {}
    result: dict[_Element, Declarations] = {}
    for element, slot in ranked.items():
        items = tuple((name, value.lower()) for name, (_, value) in slot.items())
        result[element] = shared.setdefault(items, dict(items))
    return result


def conditional_rules(
    document: CheckedDocument, feature: str
) -> list[tuple[str, _Element, tuple[tuple[str, str, bool], ...]]]:
    """(media condition, element, declarations) for ``<style>`` rules inside ``@media`` testing ``feature``."""
    found: list[tuple[str, _Element, tuple[tuple[str, str, bool], ...]]] = []
    index: _Index | None = None
    for style in document.root.iter("style"):
        for media, prelude, props in _style_rules(style.text or ""):
            if feature not in media or not props:
                continue
            index = index or _Index(document)
            for selector in prelude.split(","):
                compiled = _compiled(selector.strip())
                if compiled is not None:
                    found.extend(
                        (media, element, props) for element in _matching(index, document.root, compiled)
                    )
    return found
