"""What the document model remembers across documents, and one call that forgets all of it.

Parsed stylesheets and compiled selectors, ``style`` attribute declarations, colour values and
contrast ratios, language subtags and syllable counts are remembered by their text, never by page,
so findings never depend on them. Each cached function registers here, so ``clear_caches`` reaches
every cache without knowing the modules' private names.

Two kinds are told apart: what a site's pages share (its style sheets, parsed and planned, and the
selectors compiled from them; ``register_sheet_cache``) and everything else (``register_cache``).
A publish checks every page of a release against the same style sheet and keeps both kinds; a
measurement of one page "as the next page of a publish" forgets only the second kind.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

__all__ = ["clear_caches", "register_cache", "register_sheet_cache"]


class Cache(Protocol):
    """A function wrapped by ``functools.lru_cache``: what this module needs of it."""

    def cache_clear(self) -> None: ...


CacheT = TypeVar("CacheT", bound=Cache)

_CACHES: list[Cache] = []
_SHEET_CACHES: list[Cache] = []


def register_cache(cache: CacheT) -> CacheT:
    """Register an ``lru_cache``-wrapped function for ``clear_caches`` (a decorator; returns it unchanged)."""
    _CACHES.append(cache)
    return cache


def register_sheet_cache(cache: CacheT) -> CacheT:
    """Register a cache keyed by style sheet or selector text, which the pages of one site share."""
    _SHEET_CACHES.append(cache)
    return cache


def clear_caches(*, keep_style_sheets: bool = False) -> None:
    """Empty every registered cache, as before the first check of a process.

    ``keep_style_sheets``: keep the parsed style sheets and compiled selectors (as the second page of a
    publish finds them) and forget the rest.
    """
    for cache in _CACHES if keep_style_sheets else _CACHES + _SHEET_CACHES:
        cache.cache_clear()
