"""A style sheet's rules and a declaration list, parsed: plain CSS by the scanner, the rest by tinycss2.

Results are cached by text: the pages of one site share their style sheet, so it is parsed once.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

import tinycss2

from publisher.a11y.dom.caches import register_cache, register_sheet_cache
from publisher.a11y.dom.css_scan import scan_declarations, scan_rules

__all__ = ["TRACKED_PROPERTIES", "StyleRule", "declarations", "style_rules", "tracked"]

# The properties the checks read; the cascade keeps only these (and custom properties, for var()).
# A rule that needs another property adds it here.
TRACKED_PROPERTIES = frozenset(
    {
        "background",
        "background-color",
        "background-image",
        "bottom",
        "clip",
        "clip-path",
        "color",
        "color-scheme",
        "display",
        "font-family",
        "font-size",
        "font-weight",
        "grid-template-columns",
        "height",
        "inset",
        "left",
        "letter-spacing",
        "line-height",
        "margin-inline-start",
        "margin-left",
        "margin-top",
        "max-height",
        "max-width",
        "min-width",
        "mso-hide",
        "opacity",
        "overflow",
        "overflow-x",
        "padding-inline-start",
        "padding-left",
        "position",
        "right",
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


@register_cache
@lru_cache(maxsize=2048)
def declarations(text: str) -> tuple[tuple[str, str, bool], ...]:
    """(property, value, important) of a declaration list such as a ``style`` attribute."""
    scanned = scan_declarations(text)
    if scanned is not None:
        return scanned
    return _declarations(tinycss2.parse_declaration_list(text, skip_comments=True, skip_whitespace=True))


def tracked(props: tuple[tuple[str, str, bool], ...]) -> tuple[tuple[str, str, bool], ...]:
    """The declarations of ``props`` the checks read (see ``TRACKED_PROPERTIES``) and custom properties."""
    # Not cached: its callers are (the sheet plan and style attributes), and hashing the
    # declarations for a cache costs about what filtering them does.
    return tuple([prop for prop in props if prop[0] in TRACKED_PROPERTIES or prop[0][:2] == "--"])


def _declarations(items: list[tinycss2.ast.Node]) -> tuple[tuple[str, str, bool], ...]:
    return tuple(
        (item.lower_name, tinycss2.serialize(item.value).strip(), bool(item.important))
        for item in items
        if item.type == "declaration"
    )


StyleRule = tuple[str, str, tuple[tuple[str, str, bool], ...]]  # (media condition, selectors, declarations)


@register_sheet_cache
@lru_cache(maxsize=64)
def style_rules(sheet: str) -> tuple[StyleRule, ...]:
    # Cached by text: the pages of one site share their stylesheet, so it is parsed once. Plain CSS is
    # read by the scanner (``css_scan``); what it cannot read, tinycss2 tokenises.
    scanned = scan_rules(sheet)
    if scanned is not None:
        return scanned
    return tuple(_rules_of(tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True), ""))


def _rules_of(nodes: list[tinycss2.ast.Node], media: str) -> Iterator[StyleRule]:
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
