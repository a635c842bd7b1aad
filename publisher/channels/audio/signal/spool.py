"""Samples kept on disk while an article is spoken, so that memory does not grow with its length.

The loudness gain can only be fitted once the last chunk is measured; until then the joined
samples wait in an unnamed temporary file (gone when closed, or when the process ends) instead
of one array of the whole signal. They are read back in blocks on their way to the encoders;
reads take an offset (``os.pread``), so encoders of several parts read at the same time.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from types import TracebackType

import numpy as np

from publisher.channels.audio.signal.decode import Samples

__all__ = ["Spool"]

_BYTES = 4
# Samples read back at a time.
_BLOCK = 1 << 16


class Spool:
    """32-bit float samples appended in order to a temporary file; ``size`` counts them."""

    def __init__(self) -> None:
        # Closed by ``close`` (the spool outlives any one block of code).
        self._file = tempfile.TemporaryFile(prefix="publisher-audio-")  # noqa: SIM115
        self.size = 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._file.close()

    def append(self, samples: Samples) -> tuple[int, int]:
        """Add ``samples`` at the end; returns where they lie (first sample, end)."""
        start = self.size
        self._file.write(samples.astype("<f4", copy=False).tobytes())
        # Readers go to the file itself (by offset), past the buffer.
        self._file.flush()
        self.size += samples.size
        return start, self.size

    def read(self, start: int = 0, end: int | None = None) -> Samples:
        """Samples ``start`` to ``end`` (the end of the spool when None) as one array."""
        end = self.size if end is None else min(end, self.size)
        if end <= start:
            return np.zeros(0, np.float32)
        data = os.pread(self._file.fileno(), (end - start) * _BYTES, start * _BYTES)
        return np.frombuffer(data, dtype="<f4").astype(np.float32)

    def blocks(self, start: int = 0, end: int | None = None, size: int = _BLOCK) -> Iterator[Samples]:
        """Samples ``start`` to ``end`` in blocks of at most ``size``."""
        end = self.size if end is None else min(end, self.size)
        for offset in range(start, end, size):
            yield self.read(offset, min(offset + size, end))
