"""The page's own CSS: a simple cascade of its style sheets and ``style`` attributes per element.

The sheets are ``<style>`` elements and linked local files (``stylesheets``), parsed by ``css_parse``.
Selectors are matched by ``css_select``, once per selector over the whole document; specificity and
source order decide, ``!important`` wins. Media queries are answered for a desktop screen in the
document's colour scheme (``CheckedDocument.scheme``); pseudo-elements are skipped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from lxml.etree import _Element

from publisher.a11y.dom.caches import register_cache
from publisher.a11y.dom.css_parse import TRACKED_PROPERTIES, declarations, style_rules, tracked
from publisher.a11y.dom.css_select import (
    ElementIndex,
    SelectorKey,
    compiled_selector,
    matching,
    selector_hint,
)
from publisher.a11y.dom.stylesheets import media_applies, sheets

if TYPE_CHECKING:
    from publisher.a11y.dom.document import CheckedDocument

__all__ = ["TRACKED_PROPERTIES", "Declarations", "cascade", "conditional_rules", "declarations"]

Declarations = dict[str, str]
# (important, specificity, order) ranks two declarations of one property; inline styles rank (1, 0, 0).
_Rank = tuple[bool, tuple[int, ...], int]
_INLINE = (1, 0, 0, 0)


# Declarations applied to an element by one selector (or its ``style`` attribute), with their specificity.
_Layer = tuple[tuple[tuple[str, str, bool], ...], tuple[int, ...]]


# A selector of a rule that applies, the class, id or tag its subject needs (to skip it cheaply on
# pages without them) and the tracked declarations of its rule.
_Planned = tuple[str, SelectorKey | None, tuple[tuple[str, str, bool], ...]]


@register_cache
@lru_cache(maxsize=64)
def _sheet_plan(sheet: str) -> tuple[tuple[str, _Planned], ...]:
    """(media, planned selector) of every selector of a sheet whose rule sets a tracked property."""
    # Cached by text like ``style_rules``; worked out once for both colour schemes.
    plan: list[tuple[str, _Planned]] = []
    for media, prelude, declared in style_rules(sheet):
        props = tracked(declared)
        if props:
            for selector in prelude.split(","):
                text = selector.strip()
                plan.append((media, (text, selector_hint(text), props)))
    return tuple(plan)


@register_cache
@lru_cache(maxsize=64)
def _screen_selectors(sheet: str, scheme: str = "light") -> tuple[_Planned, ...]:
    """Every selector of a sheet's rules for a screen in ``scheme`` that sets a tracked property, in order."""
    # Selectors are compiled only for pages that have their subject (see ``cascade``).
    return tuple(planned for media, planned in _sheet_plan(sheet) if media_applies(media, scheme))


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
    index = (document.origin or document).shared(ElementIndex)
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
            compiled = compiled_selector(text)
            if compiled is None:
                continue
            layer = (props, compiled[1])
            for element in matching(index, document.root, compiled):
                applied.setdefault(element, []).append((position, layer))
    if not dependent:
        inline_layers: dict[str, _Layer] = {}
        for element in document.having("style"):
            inline = element.get("style")
            if inline:
                if inline not in inline_layers:
                    inline_layers[inline] = (tracked(declarations(inline)), _INLINE)
                applied.setdefault(element, []).append((1 << 40, inline_layers[inline]))
    return applied


@register_cache
@lru_cache(maxsize=64)
def _scheme_rules(sheet: str) -> frozenset[tuple[str, tuple[tuple[str, str, bool], ...]]]:
    """(selector, declarations) of a sheet's rules inside a prefers-color-scheme media query."""
    return frozenset(
        (selector.strip(), tracked(declared))
        for media, prelude, declared in style_rules(sheet)
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
    index: ElementIndex | None = None
    for _, sheet in sheets(document):
        for media, prelude, props in style_rules(sheet):
            if feature not in media or not props:
                continue
            index = index or ElementIndex(document)
            for selector in prelude.split(","):
                compiled = compiled_selector(selector.strip())
                if compiled is not None:
                    found.extend(
                        (media, element, props) for element in matching(index, document.root, compiled)
                    )
    return found
