"""A document under check: the parsed tree plus what rules need to know about it."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar, cast

from lxml.etree import HTMLParser, ParserError, _Element, fromstring

from publisher.a11y.findings import ChannelKind
from publisher.i18n import translations
from publisher.settings import A11ySettings

__all__ = ["CheckedDocument", "css_selector", "parse_document"]

T = TypeVar("T")

# The first tag of a document that is not an HTML page (an SVG or other XML file).
_FIRST_TAG = re.compile(r"^(?:\s|<\?[^>]*>|<!--.*?-->|<!DOCTYPE[^>]*>)*<([A-Za-z][\w:.-]*)", re.DOTALL)


@dataclass
class CheckedDocument:
    """A parsed HTML page or email and the context its rules run in."""

    root: _Element
    channel: ChannelKind
    locale: str = "en"
    text_part: str | None = None
    path: str | None = None
    source: str = field(default="", repr=False)
    settings: A11ySettings = field(default_factory=A11ySettings)
    # The folder of the checked file: linked local style sheets are read from there (None: not at all).
    base_dir: Path | None = None
    # The colour scheme media queries are answered for ("light" or "dark").
    scheme: str = "light"
    # The same page in the light scheme, for a document made by ``in_scheme`` (it shares its work).
    origin: CheckedDocument | None = field(default=None, repr=False, compare=False)
    _shared: dict[object, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    def gettext(self, message: str) -> str:
        """``message`` in the report's language (the checked document's language)."""
        return translations(self.locale, "a11y").gettext(message)

    @cached_property
    def elements(self) -> list[_Element]:
        """Every element in document order (comments and processing instructions left out)."""
        return list(self.root.iter("*"))

    @cached_property
    def by_id(self) -> dict[str, _Element]:
        """The first element carrying each ``id`` value."""
        found: dict[str, _Element] = {}
        for element in self.having("id"):
            element_id = element.get("id")
            if element_id is not None and element_id not in found:
                found[element_id] = element
        return found

    @cached_property
    def is_html_page(self) -> bool:
        """False for an SVG or XML file: page rules (title, ``lang``) apply to HTML pages only."""
        first = _FIRST_TAG.match(self.source)
        tag = first.group(1).lower() if first else "html"
        return tag not in {"svg", "math"} and ":" not in tag

    def having(self, attribute: str) -> list[_Element]:
        """The elements that carry ``attribute``, in document order."""
        return self._by_attribute[0].get(attribute, [])

    @cached_property
    def with_aria(self) -> list[_Element]:
        """The elements that carry any ``aria-*`` attribute, in document order."""
        return self._by_attribute[1]

    @cached_property
    def _by_attribute(self) -> tuple[dict[str, list[_Element]], list[_Element]]:
        # One pass over the page serves every rule's question (an XPath query each costs a pass too).
        index: dict[str, list[_Element]] = {}
        with_aria: list[_Element] = []
        for element in self.elements:
            names = cast(list[str], element.keys())  # attribute names of a parsed page are text
            if names:
                aria = False
                for name in names:
                    index.setdefault(name, []).append(element)
                    aria = aria or name.startswith("aria-")
                if aria:
                    with_aria.append(element)
        return index, with_aria

    def in_scheme(self, scheme: str) -> CheckedDocument:
        """The same parsed page seen in another colour scheme (its own cascade, the same elements)."""
        if scheme == self.scheme:
            return self
        key = ("scheme", scheme)
        if key not in self._shared:
            other = CheckedDocument(
                self.root, self.channel, self.locale, self.text_part, self.path, self.source, self.settings,
                self.base_dir, scheme, self,
            )  # fmt: skip
            for name in ("elements", "_by_attribute", "by_id", "with_aria"):  # the same parsed page
                other.__dict__[name] = getattr(self, name)
            self._shared[key] = other
        return cast(CheckedDocument, self._shared[key])

    def shared(self, build: Callable[[CheckedDocument], T]) -> T:
        """``build(self)``, computed once per document and shared by every rule that asks for it."""
        try:
            return cast(T, self._shared[build])
        except KeyError:
            value = self._shared[build] = build(self)
            return value


# Plain lxml elements: lxml.html's element classes cost a Python call per element lookup, for nothing here.
_PARSER = HTMLParser()


def parse_document(
    html: str | bytes,
    *,
    channel: ChannelKind = "web",
    locale: str = "en",
    text_part: str | None = None,
    path: str | None = None,
    settings: A11ySettings | None = None,
    base_dir: Path | None = None,
) -> CheckedDocument:
    """Parse HTML into a ``CheckedDocument``; raises ``ValueError`` on empty input.

    ``base_dir``: the folder of the file, where its linked local style sheets are read from.
    """
    if isinstance(html, bytes):
        html = html.decode("utf-8", errors="replace")
    if not html.strip():
        raise ValueError("the document is empty")
    # lxml refuses text that declares its own encoding (XHTML's "<?xml ... encoding=...?>"): give it bytes.
    root = fromstring(html.encode("utf-8") if html.lstrip().startswith("<?xml") else html, _PARSER)
    if root is None:
        raise ParserError("Document is empty")
    return CheckedDocument(
        root=root,
        channel=channel,
        locale=locale,
        text_part=text_part,
        path=path,
        source=html,
        settings=settings or A11ySettings(),
        base_dir=base_dir,
    )


def css_selector(element: _Element, positions: dict[_Element, tuple[int, int]] | None = None) -> str:
    """A CSS selector that picks out ``element``: its id when unique, else a ``:nth-of-type`` path.

    ``positions`` remembers each element's place among its siblings of the same tag; pass the same
    dict for every element of one document, so that locating many siblings costs one pass per parent.
    """
    if positions is None:
        positions = {}
    parts: list[str] = []
    node: _Element | None = element
    while node is not None and isinstance(node.tag, str):
        element_id = node.get("id")
        if element_id and element_id.isidentifier():
            parts.append(f"{node.tag}#{element_id}")
            break
        parent = node.getparent()
        if parent is None:
            parts.append(str(node.tag))
            break
        if node not in positions:
            _number_children(parent, positions)
        index, same_tag = positions[node]
        parts.append(f"{node.tag}:nth-of-type({index})" if same_tag > 1 else str(node.tag))
        node = parent
    return " > ".join(reversed(parts))


def _number_children(parent: _Element, positions: dict[_Element, tuple[int, int]]) -> None:
    seen: dict[object, int] = {}
    for child in parent:
        seen[child.tag] = seen.get(child.tag, 0) + 1
    counted: dict[object, int] = {}
    for child in parent:
        counted[child.tag] = counted.get(child.tag, 0) + 1
        positions[child] = (counted[child.tag], seen[child.tag])
