"""HTML building blocks shared by the channels that emit HTML (web page, email)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, assert_never

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from publisher.i18n import translations
from publisher.lexicon import split_first_uses
from publisher.model import Code, Emphasis, Inline, LineBreak, Link, Span, Strong, Text
from publisher.paths import templates_dir
from publisher.urls import check_url, scheme_of

__all__ = ["Abbreviations", "href", "json_for_script", "render_inlines", "template_environment"]


@dataclass
class Abbreviations:
    """The lexicon's expansions for one page: each abbreviation gets ``<abbr title>`` at its first use."""

    expanded: dict[str, str]
    seen: set[str] = field(default_factory=set)

    def mark(self, text: str) -> Markup:
        return Markup("").join(
            Markup('<abbr title="{}">{}</abbr>').format(title, part) if title else escape(part)
            for part, title in split_first_uses(text, self.expanded, self.seen)
        )


def render_inlines(nodes: Iterable[Inline], abbreviations: Abbreviations | None = None) -> Markup:
    """Inline nodes as escaped HTML, marking abbreviations at their first use when given."""
    return Markup("").join(_render(node, abbreviations) for node in nodes)


def _render(node: Inline, abbreviations: Abbreviations | None) -> Markup:
    match node:
        case Text():
            return abbreviations.mark(node.text) if abbreviations else escape(node.text)
        case Code():
            return Markup("<code>{}</code>").format(node.text)
        case LineBreak():
            return Markup("<br>")
        case Emphasis():
            return Markup("<em>{}</em>").format(render_inlines(node.children, abbreviations))
        case Strong():
            return Markup("<strong>{}</strong>").format(render_inlines(node.children, abbreviations))
        case Link():
            inner = render_inlines(node.children, abbreviations)
            return Markup('<a href="{}">{}</a>').format(href(node.href), inner)
        case Span():
            return Markup('<span lang="{}">{}</span>').format(
                node.lang, render_inlines(node.children, abbreviations)
            )
        case _:
            assert_never(node)


def href(url: str, base: str = "") -> str:
    """``url`` for an ``href`` or ``src`` attribute as a browser reads it; ``UnsafeUrl`` if it is unsafe.

    The model and the settings already refuse unsafe URLs; this is the last check before output.
    A relative path is put after ``base`` (e.g. the way from a page up to the site root).
    """
    checked = check_url(url)
    if base and scheme_of(checked) is None and not checked.startswith(("/", "#", "?")):
        return base + checked
    return checked


def json_for_script(data: Any) -> Markup:
    """JSON safe inside ``<script>``: no ``</script>`` or comment opener can appear in it."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


class _SharedBytecode(BytecodeCache):
    """Compiled templates shared by this process's environments (one per folder and language).

    A page in English and the site index in German both extend ``base.html.j2``: without this, each
    environment compiles it anew. Jinja checks each template's source checksum before reuse.
    """

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


_COMPILED = _SharedBytecode()


@cache
def template_environment(folder: str, locale: str) -> Environment:
    """A Jinja environment for ``templates/<folder>`` with gettext strings in ``locale``."""
    root: Path = templates_dir()
    environment = Environment(
        loader=FileSystemLoader([root / folder, root]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        bytecode_cache=_COMPILED,
    )
    environment.install_gettext_translations(translations(locale, folder), newstyle=True)  # type: ignore[attr-defined]
    environment.filters["inlines"] = render_inlines
    environment.filters["href"] = href
    return environment
