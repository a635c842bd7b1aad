"""HTML building blocks shared by the channels that emit HTML (web page, email)."""

from __future__ import annotations

import contextlib
import json
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, assert_never

import jinja2
from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from publisher.files import atomic_write
from publisher.i18n import translations
from publisher.lexicon import split_first_uses
from publisher.model import Code, Emphasis, Inline, LineBreak, Link, Span, Strong, Text
from publisher.paths import templates_dir
from publisher.phone import phone_runs
from publisher.typography import typeset
from publisher.urls import check_url, scheme_of, topic_path
from publisher.user_cache import cache_folder, cache_key

__all__ = ["Abbreviations", "href", "json_for_script", "render_inlines", "template_environment"]


@dataclass
class Abbreviations:
    """The lexicon's expansions for one page: each abbreviation gets ``<abbr title>`` at its first use."""

    expanded: dict[str, str]
    seen: set[str] = field(default_factory=set)

    def mark(self, text: str) -> Markup:
        parts = split_first_uses(text, self.expanded, self.seen)
        return Markup("").join(
            Markup('<abbr title="{}">{}</abbr>').format(title, typeset(part))
            if title
            else escape(typeset(part))
            for part, title in parts
        )


def render_inlines(
    nodes: Iterable[Inline], abbreviations: Abbreviations | None = None, *, phone_links: bool = True
) -> Markup:
    """Inline nodes as escaped HTML, marking abbreviations at their first use when given.

    Text is typeset (no-break spaces in "40 km", "Nr. 3", "z. B.": ``publisher.typography``).
    Phone numbers in the text become ``tel:`` links (a tap dials them), except inside a link.
    """
    return Markup("").join(_render(node, abbreviations, phone_links) for node in nodes)


def _render_text(text: str, abbreviations: Abbreviations | None, phone_links: bool) -> Markup:
    runs = phone_runs(text) if phone_links else [(text, None)]
    return Markup("").join(
        Markup('<a href="{}">{}</a>').format(uri, written)
        if uri
        else (abbreviations.mark(written) if abbreviations else escape(typeset(written)))
        for written, uri in runs
    )


def _render(node: Inline, abbreviations: Abbreviations | None, phone_links: bool) -> Markup:
    match node:
        case Text():
            return _render_text(node.text, abbreviations, phone_links)
        case Code():
            return Markup("<code>{}</code>").format(node.text)
        case LineBreak():
            return Markup("<br>")
        case Emphasis():
            inner = render_inlines(node.children, abbreviations, phone_links=phone_links)
            return Markup("<em>{}</em>").format(inner)
        case Strong():
            inner = render_inlines(node.children, abbreviations, phone_links=phone_links)
            return Markup("<strong>{}</strong>").format(inner)
        case Link():
            inner = render_inlines(node.children, abbreviations, phone_links=False)
            return Markup('<a href="{}">{}</a>').format(href(node.href), inner)
        case Span():
            inner = render_inlines(node.children, abbreviations, phone_links=phone_links)
            return Markup('<span lang="{}">{}</span>').format(node.lang, inner)
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
    """Compiled templates shared by this process's environments, and kept on disk for the next process.

    A page in English and the site index in German both extend ``base.html.j2``: without this, each
    environment compiles it anew, and each run compiles every template again (the larger part of
    rendering a page). Jinja checks each template's source checksum before reuse; a file's name
    carries Jinja's version and the environment's options, so neither can change under it.
    """

    def __init__(self, options: str) -> None:
        self._compiled: dict[str, bytes] = {}
        self._options = options

    def _file(self, bucket: Bucket) -> Path | None:
        folder = cache_folder("templates")
        return folder / cache_key(self._options, bucket.key) if folder is not None else None

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is None and (path := self._file(bucket)) is not None:
            try:
                compiled = path.read_bytes()
            except OSError:
                return
        if compiled is None:
            return
        try:
            bucket.bytecode_from_string(compiled)  # left empty if its source changed since
        except (EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()  # a damaged file: the template is compiled and the file written again

    def dump_bytecode(self, bucket: Bucket) -> None:
        compiled = bucket.bytecode_to_string()
        self._compiled[bucket.key] = compiled
        if (path := self._file(bucket)) is not None:
            with contextlib.suppress(OSError):  # a full or read-only disk: compiled again next run
                atomic_write(path, compiled)


# What the compiled code of a template depends on besides its source (and the Jinja version).
_OPTIONS: dict[str, Any] = {
    "undefined": StrictUndefined,
    "extensions": ["jinja2.ext.i18n"],
    "trim_blocks": True,
    "lstrip_blocks": True,
}
_COMPILED = _SharedBytecode(f"jinja2 {jinja2.__version__} {_OPTIONS!r} autoescape html htm xml, strings")


@cache
def template_environment(folder: str, locale: str, override: Path | None = None) -> Environment:
    """A Jinja environment for ``templates/<folder>`` with gettext strings in ``locale``.

    ``override`` is a folder searched first: a template there replaces the built-in one of its name.
    """
    root: Path = templates_dir()
    environment = Environment(
        loader=FileSystemLoader([*([override] if override else []), root / folder, root]),
        autoescape=select_autoescape(default=True, default_for_string=True),  # as named in _COMPILED
        bytecode_cache=_COMPILED,
        **_OPTIONS,
    )
    environment.install_gettext_translations(translations(locale, folder), newstyle=True)  # type: ignore[attr-defined]
    environment.filters["inlines"] = render_inlines
    environment.filters["href"] = href
    environment.filters["topic_path"] = topic_path
    environment.filters["typeset"] = typeset
    return environment
