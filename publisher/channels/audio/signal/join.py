"""Spoken chunks joined into one signal in order, their loudness measured as they arrive.

Synthesis hands over each chunk as soon as it is spoken: ``chunk_signal`` decodes it, adds the
pause the engine did not render and measures its loudness (in a thread beside the synthesis);
``SignalJoiner`` copies it into one buffer and folds its measurement into the analysis of the
whole, so that once the last chunk is spoken only the encoder is left to run.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from publisher.channels.audio.signal.decode import Samples, decode, read_wav, resample
from publisher.channels.audio.signal.loudness import Analysis, AnalysisBuilder, Measurement

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
    """Every chunk joined at one rate; ``bounds`` gives each chunk's first and end sample."""

    samples: Samples
    rate: int
    bounds: tuple[tuple[int, int], ...]
    analysis: Analysis


def chunk_signal(data: bytes, audio_format: str, pause_ms: int = 0) -> ChunkSignal:
    """Decode a synthesised chunk (WAV or a compressed format), add ``pause_ms`` of silence, measure it."""
    if audio_format == "wav":
        samples, rate = read_wav(data)
    else:
        samples, rate = decode(data, audio_format), _DECODED_RATE
    if pause_ms:
        samples = np.concatenate([samples, np.zeros(rate * pause_ms // 1000, np.float32)])
    return ChunkSignal(samples, rate, AnalysisBuilder.measure(samples, rate))


class _Joined:
    """Chunks' samples appended in order to one buffer, which is reserved ahead.

    Memory is slow to touch for the first time (tens of milliseconds for minutes of audio);
    copying each chunk in as it arrives does that while later chunks are still synthesised,
    where joining them all at the end would not. Reserved but untouched memory costs nothing.
    """

    def __init__(self, characters: int) -> None:
        self.buffer = np.empty(0, np.float32)
        self.size = 0
        self.characters_done = 0
        self.characters_left = characters

    def append(self, samples: Samples, characters: int) -> None:
        """Add the samples of a chunk of ``characters`` characters of text."""
        needed = self.size + samples.size
        self.characters_done += characters
        self.characters_left -= characters
        if needed > self.buffer.size:
            # Room for the rest of the text at twice the samples per character so far.
            rest = 2 * needed * max(0, self.characters_left) // max(1, self.characters_done)
            grown = np.empty(needed + rest, np.float32)
            grown[: self.size] = self.buffer[: self.size]
            self.buffer = grown
        self.buffer[self.size : needed] = samples
        self.size = needed

    @property
    def samples(self) -> Samples:
        return self.buffer[: self.size]


class SignalJoiner:
    """Takes the chunks in speaking order; ``finish`` returns them joined, with the loudness analysis."""

    def __init__(self, characters: int) -> None:
        # Each chunk's samples, or where they lie in the joined buffer (chunks at the first rate):
        # a chunk is held once, not twice.
        self._parts: list[tuple[Samples | tuple[int, int], int]] = []
        self._builder: AnalysisBuilder | None = None
        self._joined = _Joined(characters)

    def add(self, chunk: ChunkSignal, characters: int) -> None:
        """Append the next chunk, spoken from ``characters`` characters of text."""
        self._builder = self._builder or AnalysisBuilder(chunk.rate)
        if chunk.rate == self._builder.rate:
            start = self._joined.size
            self._joined.append(chunk.samples, characters)
            self._builder.add(chunk.measurement)
            self._parts.append(((start, self._joined.size), chunk.rate))
        else:
            self._parts.append((chunk.samples, chunk.rate))

    def _samples(self, part: Samples | tuple[int, int]) -> Samples:
        if isinstance(part, tuple):
            return self._joined.samples[part[0] : part[1]]
        return part

    def finish(self) -> JoinedSignal:
        """The joined signal at the highest rate of any chunk."""
        rate = max((part_rate for _, part_rate in self._parts), default=_EMPTY_RATE)
        pieces = [resample(self._samples(part), part_rate, rate) for part, part_rate in self._parts]
        bounds: list[tuple[int, int]] = []
        position = 0
        for piece in pieces:
            bounds.append((position, position + piece.size))
            position += piece.size
        builder = self._builder
        if builder is not None and all(part_rate == builder.rate for _, part_rate in self._parts):
            return JoinedSignal(self._joined.samples, rate, tuple(bounds), builder.finish())
        # Chunks at different rates (an engine may vary) are resampled, joined and analysed again.
        builder = AnalysisBuilder(rate)
        for piece in pieces:
            builder.add(AnalysisBuilder.measure(piece, rate))
        samples = np.concatenate(pieces) if pieces else np.zeros(0, np.float32)
        return JoinedSignal(samples.astype(np.float32, copy=False), rate, tuple(bounds), builder.finish())
