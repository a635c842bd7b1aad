"""What the document model remembers across documents, and one call that forgets all of it.

Parsed stylesheets and compiled selectors, ``style`` attribute declarations, colour values and
contrast ratios, language subtags and syllable counts are remembered by their text, never by page,
so findings never depend on them. Each cached function registers here, so ``clear_caches`` reaches
every cache without knowing the modules' private names.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

__all__ = ["clear_caches", "register_cache"]


class Cache(Protocol):
    """A function wrapped by ``functools.lru_cache``: what this module needs of it."""

    def cache_clear(self) -> None: ...


CacheT = TypeVar("CacheT", bound=Cache)

_CACHES: list[Cache] = []


def register_cache(cache: CacheT) -> CacheT:
    """Register an ``lru_cache``-wrapped function for ``clear_caches`` (a decorator; returns it unchanged)."""
    _CACHES.append(cache)
    return cache


def clear_caches() -> None:
    """Empty every registered cache, as before the first check of a process."""
    for cache in _CACHES:
        cache.cache_clear()
