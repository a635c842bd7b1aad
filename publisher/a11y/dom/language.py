"""Languages in a document: the ``lang`` in force at an element, and whether a tag names a known language."""

from __future__ import annotations

from functools import lru_cache

from lxml.etree import _Element

from publisher.a11y.dom.caches import register_cache
from publisher.language_tags import known_primary_language as registered_language

__all__ = ["known_primary_language", "language_of", "primary_subtag"]


def language_of(element: _Element) -> str:
    """The ``lang`` in force at ``element`` (nearest ancestor-or-self), or an empty string."""
    node: _Element | None = element
    while node is not None:
        lang = (node.get("lang") or "").strip()
        if lang:
            return lang
        node = node.getparent()
    return ""


@register_cache
@lru_cache(maxsize=512)
def known_primary_language(tag: str) -> bool:
    """True when the primary subtag of ``tag`` is a language in the IANA subtag registry (BCP 47)."""
    primary = tag.strip().split("-")[0].lower()
    if not (2 <= len(primary) <= 3 and primary.isascii() and primary.isalpha()):
        return False
    # The registry has no three-letter code where a two-letter one exists ("eng" is not a tag, "en" is).
    return registered_language(primary)


def primary_subtag(tag: str) -> str:
    """The primary language subtag of a BCP 47 tag, lower-cased ("de" of "de-AT"), or "" if none."""
    primary = tag.strip().split("-")[0].split("_")[0].lower()
    return primary if primary.isascii() and primary.isalpha() and 2 <= len(primary) <= 3 else ""
