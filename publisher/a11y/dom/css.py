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

from publisher.a11y.dom.caches import register_sheet_cache
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


# A selector of a rule that sets a tracked property, the class, id or tag its subject needs (to skip
# it cheaply on pages without them) and the tracked declarations of its rule.
_Planned = tuple[str, SelectorKey | None, tuple[tuple[str, str, bool], ...]]
# The planned selectors of consecutive rules under one media condition, and whether that condition
# tests the colour scheme.
_Group = tuple[str, bool, tuple[_Planned, ...]]


@register_sheet_cache
@lru_cache(maxsize=64)
def _sheet_plan(sheet: str) -> tuple[_Group, ...]:
    """The selectors of a sheet whose rule sets a tracked property, in source order, grouped by media."""
    # Cached by text like ``style_rules``; worked out once for both colour schemes. Selectors are
    # compiled only for pages that have their subject (see ``_matches``).
    groups: list[_Group] = []
    current: list[_Planned] = []
    current_media: str | None = None
    for media, prelude, declared in style_rules(sheet):
        props = tracked(declared)
        if not props:
            continue
        if media != current_media:
            if current:
                groups.append(_group(current_media or "", current))
            current, current_media = [], media
        for selector in prelude.split(","):
            text = selector.strip()
            current.append((text, selector_hint(text), props))
    if current:
        groups.append(_group(current_media or "", current))
    return tuple(groups)


def _group(media: str, planned: list[_Planned]) -> _Group:
    return media, "prefers-color-scheme" in media, tuple(planned)


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
_SHEET_STRIDE = 1 << 24  # positions per style sheet: more selectors than any sheet has
_INLINE_POSITION = 1 << 60  # after every sheet's


def _matches(document: CheckedDocument, scheme: str, *, dependent: bool) -> dict[_Element, list[_Match]]:
    """Layers of the rules that depend on the colour scheme (``dependent``) or of all others, by element."""
    applied: dict[_Element, list[_Match]] = {}
    index = (document.origin or document).shared(ElementIndex)
    # Source order: later positions win ties. Counted alike for every scheme and both kinds of rule,
    # as the two kinds are merged by position (see ``cascade``).
    for number, (media, sheet) in enumerate(sheets(document)):
        sheet_dependent = "prefers-color-scheme" in media
        if not media_applies(media, scheme):
            continue
        position = number * _SHEET_STRIDE
        for group_media, group_dependent, planned in _sheet_plan(sheet):
            if (sheet_dependent or group_dependent) != dependent or not media_applies(group_media, scheme):
                position += len(planned)
                continue
            for text, hint, props in planned:
                position += 1
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
                applied.setdefault(element, []).append((_INLINE_POSITION, inline_layers[inline]))
    return applied


def _base(document: CheckedDocument) -> dict[_Element, list[_Match]]:
    return _matches(document, "light", dependent=False)


def cascade(document: CheckedDocument) -> dict[_Element, Declarations]:
    """The cascaded (not inherited) declarations of every element that has any, values lower-cased.

    Elements with the same declarations share one dict object: treat the dicts as read-only. The
    rules that do not depend on the colour scheme are matched and resolved once per page, for both
    schemes; only the elements a scheme's own rules reach are resolved again.
    """
    origin = document.origin or document
    base_declared = origin.shared(_base_declarations)
    extra = _matches(document, document.scheme, dependent=True)
    if not extra:
        return base_declared
    base = origin.shared(_base)
    result = dict(base_declared)
    result.update(
        _declared(
            {
                element: [layer for _, layer in sorted([*base.get(element, ()), *matched], key=_position)]
                for element, matched in extra.items()
            }
        )
    )
    return result


def _base_declarations(document: CheckedDocument) -> dict[_Element, Declarations]:
    """The declarations of every element from the rules that hold in both colour schemes."""
    return _declared(
        {element: [layer for _, layer in matched] for element, matched in document.shared(_base).items()}
    )


def _declared(applied: dict[_Element, list[_Layer]]) -> dict[_Element, Declarations]:
    # Elements given the same layers (all paragraphs) are resolved once; alike elements share one dict,
    # so rules can cache per declaration set. Layers live as long as the page's matches: ids stay unique.
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
