"""Turn rendered inline HTML into the model's inline nodes, after sanitising it with nh3.

Markdown may carry raw HTML; it is cleaned to a small allowlist first, so a ``<script>``,
an event handler or a ``javascript:`` URL never reaches any channel.
"""

from __future__ import annotations

import re

import lxml.html
import nh3
from lxml.etree import _Element
from pydantic import ValidationError

from publisher.model import Code, Emphasis, Inline, LineBreak, Link, Span, Strong, Text, unusable_character

__all__ = ["ALLOWED_TAGS", "MAX_INLINE_HTML_DEPTH", "html_to_inlines", "sanitize_html"]

ALLOWED_TAGS = {"a", "em", "i", "strong", "b", "code", "br", "span"}
# Inline markup nested deeper is refused: lxml silently drops what lies below 255 levels, and the
# conversion and every renderer recurse once per level.
MAX_INLINE_HTML_DEPTH = 20
_TAG = re.compile(r"<(/?)(a|em|i|strong|b|code|span)\b")
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"lang"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Keep only the inline markup the model can carry; drop scripts and unsafe URLs."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def html_to_inlines(html: str) -> list[Inline]:
    """Inline nodes for an HTML fragment (sanitised here, whatever its origin).

    Raises ``ValueError`` when the text holds a character no output can carry.
    """
    clean = sanitize_html(html)
    if not clean.strip():
        return []
    problem = unusable_character(clean)
    if problem:  # e.g. from a character reference (&#12;, &#xFFFF;); lxml would refuse it too
        raise ValueError(f"the text {problem}")
    if _depth(clean) > MAX_INLINE_HTML_DEPTH:
        raise ValueError(
            f"emphasis, links and spans are nested more than {MAX_INLINE_HTML_DEPTH} levels deep: "
            "remove the extra tags or markers"
        )
    container = lxml.html.fragment_fromstring(clean, create_parent="div")
    return _merge_text(_children(container))


def _depth(clean: str) -> int:
    # The sanitiser's output is well-formed and escapes text, so each "<" here opens or closes a tag.
    depth = deepest = 0
    for match in _TAG.finditer(clean):
        depth += -1 if match.group(1) else 1
        deepest = max(deepest, depth)
    return deepest


def _children(element: _Element) -> list[Inline]:
    nodes: list[Inline] = []
    if element.text:
        nodes.append(Text(text=element.text))
    for child in element:
        nodes.extend(_convert(child))
        if child.tail:
            nodes.append(Text(text=child.tail))
    return nodes


def _convert(element: _Element) -> list[Inline]:
    tag = element.tag
    if tag == "br":
        return [LineBreak()]
    if tag == "code":
        return [Code(text="".join(str(part) for part in element.itertext()))]
    children = _merge_text(_children(element))
    if tag in ("em", "i"):
        return [Emphasis(children=children)]
    if tag in ("strong", "b"):
        return [Strong(children=children)]
    try:
        if tag == "a" and element.get("href"):
            return [Link(href=element.get("href", ""), children=children)]
        if tag == "span" and element.get("lang"):
            return [Span(lang=element.get("lang", ""), children=children)]
    except ValidationError:
        # An unusable href or language tag: keep the words, drop the wrapper.
        pass
    return children


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(text=merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged
