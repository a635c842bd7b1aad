"""Samples handed to the encoders while the rest of the article is still being spoken.

The thread that joins the chunks ``publish``es how far the gain curve is settled and where
each encoder's part begins (a cut in a pause, known once the chunk before it is joined); each
encoder reads its part from the spool as far as it may, then waits for more. ``abandon``
stops them all (the caller then encodes the finished signal the ordinary way).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator

from publisher.channels.audio.signal.decode import Samples
from publisher.channels.audio.signal.loudness import GainCurve
from publisher.channels.audio.signal.spool import Spool

__all__ = ["Abandoned", "Feed"]


class Abandoned(RuntimeError):
    """The streamed encode was given up before the signal was complete."""


class Feed:
    """What the encoders of ``parts`` parts of the signal in ``spool`` may read, and when."""

    def __init__(self, spool: Spool, parts: int) -> None:
        self.spool = spool
        self._changed = threading.Condition()
        self._curve: GainCurve | None = None
        self._settled = 0
        self._done = False
        self.abandoned = False
        self._starts: list[int | None] = [0] + [None] * (parts - 1)

    def starts(self) -> list[int]:
        """The first sample of every part (call once the feed is done)."""
        return [start or 0 for start in self._starts]

    def cut(self, part: int, sample: int) -> None:
        """Part ``part`` begins at ``sample`` (so the part before ends there)."""
        with self._changed:
            self._starts[part] = sample
            self._changed.notify_all()

    def publish(self, curve: GainCurve, settled: int, done: bool = False) -> None:
        """The gain ``curve`` is final for the first ``settled`` samples; ``done``: they are all there are."""
        with self._changed:
            self._curve, self._settled, self._done = curve, settled, done
            self._changed.notify_all()

    def abandon(self) -> None:
        with self._changed:
            self.abandoned = True
            self._changed.notify_all()

    def part(self, index: int) -> Iterator[Samples]:
        """The shaped samples of part ``index``, block by block as they become final."""
        with self._changed:
            self._changed.wait_for(lambda: self.abandoned or self._starts[index] is not None)
            position = self._starts[index]
        yield from self._read(index, position)

    def whole(self) -> Iterator[Samples]:
        """The shaped samples of the whole signal in order, across the cuts (to measure what is encoded)."""
        return self._read(None, 0)

    def _read(self, index: int | None, position: int | None) -> Iterator[Samples]:
        while position is not None:
            with self._changed:
                self._changed.wait_for(functools.partial(self._ready, index, position))
                if self.abandoned:
                    raise Abandoned("the streamed encode was given up")
                limit, curve = self._limit(index, position), self._curve
            if limit <= position:
                return
            assert curve is not None
            for block in self.spool.blocks(position, limit):
                yield curve.apply(block, position)
                position += block.size
        raise Abandoned("the streamed encode was given up")

    def _ready(self, index: int | None, position: int) -> bool:
        """Whether part ``index``, read up to ``position``, can go on (or is complete, or given up)."""
        return self.abandoned or self._limit(index, position) > position or self._finished(index, position)

    def _end(self, index: int | None) -> int | None:
        """Where part ``index`` ends (None: at the end of the signal; index None is the whole)."""
        if index is None or index + 1 >= len(self._starts):
            return None
        return self._starts[index + 1]

    def _limit(self, index: int | None, position: int) -> int:
        """How far part ``index`` may be read now."""
        end = self._end(index)
        return max(position, self._settled if end is None else min(self._settled, end))

    def _finished(self, index: int | None, position: int) -> bool:
        end = self._end(index)
        if end is not None:
            return position >= end
        return self._done and position >= self._settled
