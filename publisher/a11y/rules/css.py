"""The page's own CSS: a simple cascade of ``<style>`` sheets and ``style`` attributes per element.

Selectors are matched with cssselect's XPath translation, once per selector over the whole
document; specificity and source order decide, ``!important`` wins. Only what the checks read
is needed, so media queries other than plain ``screen``/``all`` and pseudo-elements are skipped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

import tinycss2
from cssselect import HTMLTranslator, SelectorError, parse
from lxml.etree import XPath, XPathError, _Element

if TYPE_CHECKING:
    from publisher.a11y.document import CheckedDocument

__all__ = ["Declarations", "cascade", "declarations"]

Declarations = dict[str, str]
# (important, specificity, order) ranks two declarations of one property; inline styles rank (1, 0, 0).
_Rank = tuple[bool, tuple[int, ...], int]
_INLINE = (1, 0, 0, 0)
_TRANSLATOR = HTMLTranslator()


def declarations(text: str) -> list[tuple[str, str, bool]]:
    """(property, value, important) of a declaration list such as a ``style`` attribute."""
    found: list[tuple[str, str, bool]] = []
    for item in tinycss2.parse_declaration_list(text, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            found.append((item.lower_name, tinycss2.serialize(item.value).strip(), bool(item.important)))
    return found


@lru_cache(maxsize=4096)
def _compiled(selector: str) -> tuple[XPath, tuple[int, ...]] | None:
    # Cached across documents: pages of one site share their stylesheet.
    try:
        parsed = parse(selector)
        if len(parsed) != 1 or parsed[0].pseudo_element is not None:
            return None
        specificity = (0, *parsed[0].specificity())
        return XPath(_TRANSLATOR.selector_to_xpath(parsed[0])), specificity
    except (SelectorError, XPathError, ValueError, NotImplementedError):
        return None


def _style_rules(sheet: str) -> list[tuple[str, list[tuple[str, str, bool]]]]:
    rules: list[tuple[str, list[tuple[str, str, bool]]]] = []
    for node in tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True):
        if node.type == "qualified-rule":
            rules.append((tinycss2.serialize(node.prelude).strip(), declarations(tinycss2.serialize(node.content))))
        elif node.type == "at-rule" and node.lower_at_keyword == "media" and node.content is not None:
            if _applies_to_screen(tinycss2.serialize(node.prelude)):
                rules.extend(_style_rules(tinycss2.serialize(node.content)))
    return rules


def _applies_to_screen(media: str) -> bool:
    query = media.strip().lower()
    return query in {"", "all", "screen"} or query.startswith(("screen and (min-width", "all and (min-width"))


def cascade(document: CheckedDocument) -> dict[_Element, Declarations]:
    """The cascaded (not inherited) declarations of every element that has any."""
    ranked: dict[_Element, dict[str, tuple[_Rank, str]]] = {}

    def apply(element: _Element, props: list[tuple[str, str, bool]], specificity: tuple[int, ...]) -> None:
        nonlocal order
        slot = ranked.setdefault(element, {})
        for name, value, important in props:
            order += 1
            rank = (important, specificity, order)
            current = slot.get(name)
            if current is None or current[0] < rank:
                slot[name] = (rank, value)

    order = 0
    for style in document.root.iter("style"):
        if not _applies_to_screen(style.get("media", "")):
            continue
        for prelude, props in _style_rules(style.text or ""):
            for selector in prelude.split(","):
                compiled = _compiled(selector.strip())
                if compiled is None or not props:
                    continue
                matcher, specificity = compiled
                matched = matcher(document.root)
                if isinstance(matched, list):
                    for element in matched:
                        if isinstance(element, _Element):
                            apply(element, props, specificity)
    for element in document.elements:
        inline = element.get("style")
        if inline:
            apply(element, declarations(inline), _INLINE)
    return {element: {name: value for name, (_, value) in slot.items()} for element, slot in ranked.items()}
