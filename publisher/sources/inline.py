"""Turn rendered inline HTML into the model's inline nodes, after sanitising it with nh3.

Markdown may carry raw HTML; it is cleaned to a small allowlist first, so a ``<script>``,
an event handler or a ``javascript:`` URL never reaches any channel. What the cleaning
removes is listed (``removed_markup``) so the author is told, rather than finding it gone.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import lxml.html
import nh3
from lxml.etree import _Element
from pydantic import ValidationError

from publisher.language_tags import tag_is_valid
from publisher.model import Code, Emphasis, Inline, LineBreak, Link, Span, Strong, Text, unusable_character
from publisher.urls import UnsafeUrl, check_url

__all__ = ["ALLOWED_TAGS", "MAX_INLINE_HTML_DEPTH", "html_to_inlines", "removed_markup", "sanitize_html"]

ALLOWED_TAGS = {"a", "em", "i", "strong", "b", "code", "br", "span"}
# Inline markup nested deeper is refused: lxml silently drops what lies below 255 levels, and the
# conversion and every renderer recurse once per level.
MAX_INLINE_HTML_DEPTH = 20
_TAG = re.compile(r"<(/?)(a|em|i|strong|b|code|span)\b")
_ALLOWED_ATTRIBUTES = {"a": {"href"}, "span": {"lang"}}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Block wrappers whose text becomes the paragraph they stand for: nothing of them is lost.
_WRAPPERS = frozenset({"p", "div"})
# Elements the sanitiser removes together with everything inside them.
_WITH_CONTENT = frozenset({"script", "style", "svg", "math", "template"})


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


def removed_markup(html: str) -> list[str]:
    """What sanitising ``html`` and reading it into the model leaves out, one description each.

    E.g. ``['<iframe>', "the link to 'javascript:go()' (...)", 'the onclick attribute of <a>']``.
    """
    scan = _MarkupScan()
    scan.feed(html)
    scan.close()
    return [f"{what} ×{count}" if count > 1 else what for what, count in scan.removed.items()]


def html_to_inlines(html: str, removed: list[str] | None = None) -> list[Inline]:
    """Inline nodes for an HTML fragment (sanitised here, whatever its origin).

    What sanitising leaves out is added to ``removed`` when given (see ``removed_markup``).
    Raises ``ValueError`` when the text holds a character no output can carry.
    """
    if removed is not None:
        removed.extend(removed_markup(html))
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


class _MarkupScan(HTMLParser):
    """Counts the tags, attributes and link targets of raw HTML that the model cannot carry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.removed: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            if tag not in _WRAPPERS:
                self.removed[f"<{tag}> with its content" if tag in _WITH_CONTENT else f"<{tag}>"] += 1
            return
        kept = _ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            if name not in kept:
                self.removed[f"the {name} attribute of <{tag}>"] += 1
            elif name == "href" and value is not None:
                try:
                    check_url(value)
                except UnsafeUrl as error:
                    self.removed[f"the link to {value!r} ({error})"] += 1
            elif name == "lang" and value is not None and not tag_is_valid(value.strip()):
                self.removed[f"lang={value!r} of <{tag}> (not a language tag such as 'en' or 'fr-CA')"] += 1

    handle_startendtag = handle_starttag
