"""The page's own CSS: a simple cascade of its style sheets and ``style`` attributes per element.

The sheets are ``<style>`` elements and linked local files (``stylesheets``). Selectors are matched
with cssselect's XPath translation, once per selector over the whole document; specificity and
source order decide, ``!important`` wins. Media queries are answered for a desktop screen in the
document's colour scheme (``CheckedDocument.scheme``); pseudo-elements are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

import tinycss2
from cssselect import HTMLTranslator, SelectorError, parse
from lxml.etree import XPath, XPathError, _Element

from publisher.a11y.dom.caches import register_cache
from publisher.a11y.dom.css_scan import scan_declarations, scan_rules
from publisher.a11y.dom.selectors import Matcher, Unsupported, compile_selector
from publisher.a11y.dom.stylesheets import media_applies, sheets

if TYPE_CHECKING:
    from publisher.a11y.dom.document import CheckedDocument

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
        "color-scheme",
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


@register_cache
@lru_cache(maxsize=2048)
def declarations(text: str) -> tuple[tuple[str, str, bool], ...]:
    """(property, value, important) of a declaration list such as a ``style`` attribute."""
    scanned = scan_declarations(text)
    if scanned is not None:
        return scanned
    return _declarations(tinycss2.parse_declaration_list(text, skip_comments=True, skip_whitespace=True))


@register_cache
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


# A selector ready to match: its text (for the XPath fallback), specificity, what its subject needs,
# and its matcher.
_Compiled = tuple[str, tuple[int, ...], _Key, Matcher]


@register_cache
@lru_cache(maxsize=4096)
def _compiled(selector: str) -> _Compiled | None:
    # Cached across documents: pages of one site share their stylesheet.
    try:
        parsed = parse(selector)
        if len(parsed) != 1 or parsed[0].pseudo_element is not None:
            return None
        specificity = (0, *parsed[0].specificity())
        tree = parsed[0].parsed_tree
        return selector, specificity, _rightmost_key(tree), compile_selector(tree)
    except (SelectorError, ValueError, NotImplementedError):
        return None


@register_cache
@lru_cache(maxsize=1024)
def _xpath(selector: str) -> XPath | None:
    """The selector as XPath, for what the matcher cannot judge; None if it has no translation."""
    # Built only when needed: translating and compiling costs more than matching most selectors.
    try:
        return XPath(_TRANSLATOR.css_to_xpath(selector))
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


class _Index:
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

    def may_match(self, key: _Key) -> bool:
        """False when the page has no element with the id, every class or the tag ``key`` names."""
        tag, classes, element_id = key
        if element_id is not None and element_id not in self.ids:
            return False
        if any(name not in self.classes for name in classes):
            return False
        return tag is None or tag in self.tag_names

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
        return self.document.elements


def _matching(index: _Index, root: _Element, compiled: _Compiled) -> list[_Element]:
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


_Rule = tuple[str, str, tuple[tuple[str, str, bool], ...]]  # (media condition, selectors, declarations)


@register_cache
@lru_cache(maxsize=64)
def _style_rules(sheet: str) -> tuple[_Rule, ...]:
    # Cached by text: the pages of one site share their stylesheet, so it is parsed once. Plain CSS is
    # read by the scanner (``css_scan``); what it cannot read, tinycss2 tokenises.
    scanned = scan_rules(sheet)
    if scanned is not None:
        return scanned
    return tuple(_rules_of(tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True), ""))


def _rules_of(nodes: list[tinycss2.ast.Node], media: str) -> Iterator[_Rule]:
    for node in nodes:
        if node.type == "qualified-rule":
            items = tinycss2.parse_declaration_list(node.content, skip_comments=True, skip_whitespace=True)
            yield media, tinycss2.serialize(node.prelude).strip(), _declarations(items)
        elif (
            node.type == "at-rule"
            and node.lower_at_keyword in ("supports", "layer")
            and node.content is not None
        ):
            rules = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            yield from _rules_of(rules, media)
        elif node.type == "at-rule" and node.lower_at_keyword == "media" and node.content is not None:
            condition = tinycss2.serialize(node.prelude).strip().lower()
            rules = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            yield from _rules_of(rules, f"{media} and {condition}" if media else condition)


# Declarations applied to an element by one selector (or its ``style`` attribute), with their specificity.
_Layer = tuple[tuple[tuple[str, str, bool], ...], tuple[int, ...]]


# A selector of a rule that applies, the class, id or tag its subject needs (to skip it cheaply on
# pages without them) and the tracked declarations of its rule.
_Planned = tuple[str, _Key | None, tuple[tuple[str, str, bool], ...]]
_LAST_COMPOUND = re.compile(r"[^\s>+~]+$")
_HINT = re.compile(r"^([a-zA-Z][\w-]*)?((?:[.#][\w-]+|:[\w-]+)*)$")


@register_cache
@lru_cache(maxsize=64)
def _sheet_plan(sheet: str) -> tuple[tuple[str, _Planned], ...]:
    """(media, planned selector) of every selector of a sheet whose rule sets a tracked property."""
    # Cached by text like ``_style_rules``; worked out once for both colour schemes.
    plan: list[tuple[str, _Planned]] = []
    for media, prelude, declared in _style_rules(sheet):
        props = _tracked(declared)
        if props:
            for selector in prelude.split(","):
                text = selector.strip()
                plan.append((media, (text, _hint(text), props)))
    return tuple(plan)


@register_cache
@lru_cache(maxsize=64)
def _screen_selectors(sheet: str, scheme: str = "light") -> tuple[_Planned, ...]:
    """Every selector of a sheet's rules for a screen in ``scheme`` that sets a tracked property, in order."""
    # Selectors are compiled only for pages that have their subject (see ``cascade``).
    return tuple(planned for media, planned in _sheet_plan(sheet) if media_applies(media, scheme))


def _hint(selector: str) -> _Key | None:
    """The tag, classes and id the subject of a simple selector needs; None when that is not plain."""
    if "(" in selector or "[" in selector or "\\" in selector:
        return None
    last = _LAST_COMPOUND.search(selector)
    found = _HINT.match(last.group()) if last else None
    if found is None:
        return None
    parts = found.group(2)
    tag = (found.group(1) or "").lower() or None
    classes = tuple(re.findall(r"\.([\w-]+)", parts))
    ids = re.findall(r"#([\w-]+)", parts)
    return tag, classes, ids[0] if ids else None


def _resolve(layers: list[_Layer]) -> tuple[tuple[str, str], ...]:
    """The winning value of each property among ``layers`` (applied in source order), lower-cased."""
    slot: dict[str, tuple[_Rank, str]] = {}
    order = 0  # source order breaks ties of importance and specificity
    for props, specificity in layers:
        for name, value, important in props:
            order += 1
            rank = (important, specificity, order)
            current = slot.get(name)
            if current is None or current[0] < rank:
                slot[name] = (rank, value)
    # Lower-cased once here: rules compare keywords, and every lookup would otherwise repeat it.
    return tuple([(name, value.lower()) for name, (_, value) in slot.items()])


_Match = tuple[int, _Layer]  # (source position, layer): later positions win ties


def _matches(document: CheckedDocument, scheme: str, *, dependent: bool) -> dict[_Element, list[_Match]]:
    """Layers of the rules that depend on the colour scheme (``dependent``) or of all others, by element."""
    applied: dict[_Element, list[_Match]] = {}
    index = (document.origin or document).shared(_Index)
    position = 0
    for media, sheet in sheets(document):
        sheet_dependent = "prefers-color-scheme" in media
        if not media_applies(media, scheme):
            position += 1_000_000
            continue
        for text, hint, props in _screen_selectors(sheet, scheme):
            position += 1
            if (sheet_dependent or _scheme_rule(sheet, text, props)) != dependent:
                continue
            if hint is not None and not index.may_match(hint):
                continue
            compiled = _compiled(text)
            if compiled is None:
                continue
            layer = (props, compiled[1])
            for element in _matching(index, document.root, compiled):
                applied.setdefault(element, []).append((position, layer))
    if not dependent:
        inline_layers: dict[str, _Layer] = {}
        for element in document.having("style"):
            inline = element.get("style")
            if inline:
                if inline not in inline_layers:
                    inline_layers[inline] = (_tracked(declarations(inline)), _INLINE)
                applied.setdefault(element, []).append((1 << 40, inline_layers[inline]))
    return applied


@register_cache
@lru_cache(maxsize=64)
def _scheme_rules(sheet: str) -> frozenset[tuple[str, tuple[tuple[str, str, bool], ...]]]:
    """(selector, declarations) of a sheet's rules inside a prefers-color-scheme media query."""
    return frozenset(
        (selector.strip(), _tracked(declared))
        for media, prelude, declared in _style_rules(sheet)
        if "prefers-color-scheme" in media
        for selector in prelude.split(",")
    )


def _scheme_rule(sheet: str, text: str, props: tuple[tuple[str, str, bool], ...]) -> bool:
    return "prefers-color-scheme" in sheet and (text, props) in _scheme_rules(sheet)


def _base(document: CheckedDocument) -> dict[_Element, list[_Match]]:
    return _matches(document, "light", dependent=False)


def cascade(document: CheckedDocument) -> dict[_Element, Declarations]:
    """The cascaded (not inherited) declarations of every element that has any, values lower-cased.

    Elements with the same declarations share one dict object: treat the dicts as read-only. The
    rules that do not depend on the colour scheme are matched once per page, for both schemes.
    """
    base = (document.origin or document).shared(_base)
    extra = _matches(document, document.scheme, dependent=True)
    applied: dict[_Element, list[_Layer]] = {}
    for element, matched in base.items():
        if element not in extra:
            applied[element] = [layer for _, layer in matched]
    for element, matched in extra.items():
        applied[element] = [layer for _, layer in sorted([*base.get(element, ()), *matched], key=_position)]
    # Elements given the same layers (all paragraphs) are resolved once; alike elements share one dict,
    # so rules can cache per declaration set. Layers live until the end of this call: ids stay unique.
    resolved: dict[tuple[int, ...], Declarations] = {}
    shared: dict[tuple[tuple[str, str], ...], Declarations] = {}
    result: dict[_Element, Declarations] = {}
    for element, layers in applied.items():
        key = tuple(map(id, layers))
        declared = resolved.get(key)
        if declared is None:
            items = _resolve(layers)
            declared = resolved[key] = shared.setdefault(items, dict(items))
        result[element] = declared
    return result


def _position(match: _Match) -> int:
    return match[0]


def conditional_rules(
    document: CheckedDocument, feature: str
) -> list[tuple[str, _Element, tuple[tuple[str, str, bool], ...]]]:
    """(media condition, element, declarations) of style sheet rules in an ``@media`` testing ``feature``."""
    found: list[tuple[str, _Element, tuple[tuple[str, str, bool], ...]]] = []
    index: _Index | None = None
    for _, sheet in sheets(document):
        for media, prelude, props in _style_rules(sheet):
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
