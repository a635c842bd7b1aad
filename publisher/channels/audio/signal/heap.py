"""How the C allocator (glibc's malloc) keeps the memory an audio render frees.

A render runs about eight threads (speakers, analysts, the encoders' feeders, the measuring
thread), each handling blocks of samples of a few hundred kilobytes. glibc gives threads arenas
of their own as they contend, up to eight per core, and keeps what is freed in each of them for
reuse: the render's resident memory then grows with the number of arenas, not with what it
holds. Two arenas cost no CPU time we could measure and took 30 to 40 MB off the peak of a
30-minute article; a fixed mmap threshold took as much off but doubled the render's own CPU
time (every large block became a fresh mapping, its pages faulted in again), so it is not set.
``release_freed`` hands memory freed by a big phase (drawing the cover, speaking the article)
back to the system, so the next phase does not stack its peak on top of the last one's leftovers.

Elsewhere than glibc (musl, macOS) both are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

__all__ = ["limit_arenas", "release_freed"]

# mallopt's parameter number for the arena limit (glibc's malloc.h).
_M_ARENA_MAX = -8
RENDER_ARENAS = 2


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
    except OSError:
        return None
    # Only glibc has both; other C libraries may name a different function mallopt.
    if not (hasattr(libc, "gnu_get_libc_version") and hasattr(libc, "malloc_trim")):
        return None
    return libc


def limit_arenas(arenas: int = RENDER_ARENAS) -> None:
    """Let new threads share at most ``arenas`` malloc arenas (those already made stay)."""
    libc = _libc()
    if libc is not None:
        libc.mallopt(_M_ARENA_MAX, arenas)


def release_freed() -> None:
    """Return the memory freed so far in every arena to the system (glibc's ``malloc_trim``)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
