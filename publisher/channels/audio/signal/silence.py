"""Long silences in a signal read block by block: what ffmpeg's silencedetect finds, in the same pass.

A sample is silent when its magnitude stays under the floor (-50 dBFS); a run of silent samples
longer than the limit is reported with its start and length. Runs continue across blocks, so the
file is decoded once for both the loudness and the silence check.
"""

from __future__ import annotations

import numpy as np

from publisher.channels.audio.signal.decode import Samples

__all__ = ["SilenceFinder"]


class SilenceFinder:
    """Finds stretches of at least ``minimum_s`` seconds under ``floor_db`` in blocks added in order."""

    def __init__(self, rate: int, floor_db: float = -50.0, minimum_s: float = 3.0) -> None:
        self.rate = rate
        self.floor = 10 ** (floor_db / 20)
        self.minimum = round(minimum_s * rate)
        self.position = 0
        # Where the silence that runs up to the end of the last block started (None: it ended in sound).
        self.open: int | None = None
        self.found: list[tuple[float, float]] = []

    def add(self, block: Samples) -> None:
        """Fold the next block into the search."""
        loud = np.flatnonzero(np.abs(block) >= self.floor)
        if loud.size == 0:
            if self.open is None:
                self.open = self.position
            self.position += block.size
            return
        # Only gaps between loud samples long enough to count (a zero crossing is a gap too).
        long_gaps = np.diff(loud) > self.minimum
        starts = [self.position + int(index) + 1 for index in loud[:-1][long_gaps]]
        ends = [self.position + int(index) for index in loud[1:][long_gaps]]
        head_start = self.open if self.open is not None else self.position
        self._close(head_start, self.position + int(loud[0]))
        for start, end in zip(starts, ends, strict=True):
            self._close(start, end)
        last = self.position + int(loud[-1]) + 1
        self.position += block.size
        self.open = last if last < self.position else None

    def finish(self) -> list[tuple[float, float]]:
        """The silences found, as ``(start, duration)`` in seconds."""
        if self.open is not None:
            self._close(self.open, self.position)
            self.open = None
        return self.found

    def _close(self, start: int, end: int) -> None:
        if end - start >= self.minimum:
            self.found.append((start / self.rate, (end - start) / self.rate))
