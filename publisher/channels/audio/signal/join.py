"""Spoken chunks joined into one signal in order, their loudness measured as they arrive.

Synthesis hands over each chunk as soon as it is spoken: ``chunk_signal`` decodes it, adds the
pause the engine did not render and measures its loudness (in a thread beside the synthesis);
``SignalJoiner`` appends it to a ``Spool`` on disk and folds its measurement into the analysis
of the whole, so that once the last chunk is spoken only the encoder is left to run, and memory
holds the chunks in flight and the analysis (a few numbers per 2 ms), not the whole signal.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from publisher.channels.audio.signal.analysis import Analysis, AnalysisBuilder, Measurement
from publisher.channels.audio.signal.decode import Samples, decode, read_wav, resample
from publisher.channels.audio.signal.spool import Spool

__all__ = ["ChunkSignal", "JoinedSignal", "SignalJoiner", "chunk_signal"]

# What an engine gives without a rate of its own (an MP3 from an online service) is decoded at this one.
_DECODED_RATE = 44_100
# The rate of a script with no chunk at all.
_EMPTY_RATE = 22_050


@dataclass(frozen=True)
class ChunkSignal:
    """One chunk's samples at its engine's rate, with its loudness measurement."""

    samples: Samples
    rate: int
    measurement: Measurement


@dataclass(frozen=True)
class JoinedSignal:
    """Every chunk joined at one rate in ``spool``; ``bounds`` gives each chunk's first and end sample."""

    spool: Spool
    rate: int
    bounds: tuple[tuple[int, int], ...]
    analysis: Analysis


def chunk_signal(data: bytes, audio_format: str, pause_ms: int = 0, power: bool = True) -> ChunkSignal:
    """Decode a synthesised chunk (WAV or a compressed format), add ``pause_ms`` of silence, measure it
    (``power``: its loudness too, else its peaks alone)."""
    if audio_format == "wav":
        samples, rate = read_wav(data)
    else:
        samples, rate = decode(data, audio_format), _DECODED_RATE
    if pause_ms:
        samples = np.concatenate([samples, np.zeros(rate * pause_ms // 1000, np.float32)])
    return ChunkSignal(samples, rate, AnalysisBuilder.measure(samples, rate, power))


class SignalJoiner:
    """Takes the chunks in speaking order; ``finish`` returns them joined, with the loudness analysis.

    The caller owns the returned spool (and closes it); ``close`` removes the spool of a joiner
    that never finished.
    """

    def __init__(self) -> None:
        self._spool = Spool()
        self._builder: AnalysisBuilder | None = None
        # Where each chunk lies in the spool, at its own rate.
        self._parts: list[tuple[int, int, int]] = []
        self._mixed = False

    def add(self, chunk: ChunkSignal) -> tuple[int, int]:
        """Append the next chunk; returns where it lies in the spool (first sample, end)."""
        self._builder = self._builder or AnalysisBuilder(chunk.rate)
        start, end = self._spool.append(chunk.samples)
        self._parts.append((start, end, chunk.rate))
        if chunk.rate == self._builder.rate:
            self._builder.add(chunk.measurement)
        else:
            self._mixed = True
        return start, end

    @property
    def spool(self) -> Spool:
        return self._spool

    def so_far(self) -> tuple[int, Analysis] | None:
        """The rate and analysis of the chunks so far, None when they differ in rate (or there are none)."""
        builder = self._builder
        if builder is None or self._mixed:
            return None
        return builder.rate, builder.so_far()

    def close(self) -> None:
        self._spool.close()

    def finish(self) -> JoinedSignal:
        """The joined signal at the highest rate of any chunk."""
        rate = max((part_rate for _, _, part_rate in self._parts), default=_EMPTY_RATE)
        builder = self._builder
        if builder is not None and all(part_rate == builder.rate for _, _, part_rate in self._parts):
            bounds = tuple((start, end) for start, end, _ in self._parts)
            return JoinedSignal(self._spool, rate, bounds, builder.finish())
        if builder is None:
            return JoinedSignal(self._spool, rate, (), AnalysisBuilder(rate).finish())
        return self._resampled(rate)

    def _resampled(self, rate: int) -> JoinedSignal:
        """Chunks at different rates (an engine may vary), resampled one by one, analysed again."""
        joined, builder, bounds = Spool(), AnalysisBuilder(rate), []
        try:
            for start, end, part_rate in self._parts:
                piece = resample(self._spool.read(start, end), part_rate, rate)
                bounds.append(joined.append(piece))
                builder.add(AnalysisBuilder.measure(piece, rate))
        except BaseException:
            joined.close()
            raise
        finally:
            self._spool.close()
        return JoinedSignal(joined, rate, tuple(bounds), builder.finish())
