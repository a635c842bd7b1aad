"""Speak a script in chunks cut at sentence boundaries, in parallel, cached, and joined in order.

Each chunk is synthesised once per (engine, voice, text, pause): the audio is kept in a cache
folder under a hash of these, so a re-release re-synthesises only what changed. The joined
signal keeps the engine's own sample rate; the encoder resamples once at the end.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.channels.audio.signal.decode import Samples
from publisher.channels.audio.signal.join import ChunkSignal, SignalJoiner, chunk_signal
from publisher.channels.audio.signal.loudness import Analysis
from publisher.channels.audio.speech.engines.base import Engine, Synthesis
from publisher.channels.audio.speech.runs import split_runs
from publisher.channels.audio.speech.script import SpeechScript

__all__ = ["Chunk", "SpokenScript", "Timed", "plan_chunks", "speak_script"]


@dataclass(frozen=True)
class Chunk:
    """Sentences synthesised in one call, with the pause after them and the chapter they start."""

    text: str
    pause_after_ms: int
    chapter: str | None = None
    # The same sentences as written, for the transcript's cues.
    written: str = ""


@dataclass(frozen=True)
class Timed:
    """A chunk with where it starts and ends in the joined audio, in seconds."""

    chunk: Chunk
    start: float
    end: float


@dataclass(frozen=True)
class SpokenScript:
    """The joined audio of a script at ``rate``, and the timing of every chunk."""

    samples: Samples
    rate: int
    timeline: tuple[Timed, ...]
    # Loudness analysis of ``samples``, computed chunk by chunk while others were synthesised.
    analysis: Analysis

    @property
    def duration(self) -> float:
        return self.samples.size / self.rate

    def pause_splits(self, parts: int, minimum_pause_ms: int = 300) -> list[int]:
        """Up to ``parts - 1`` sample indices in the middle of pauses, near equal shares of the audio."""
        candidates = [
            round((timed.end - timed.chunk.pause_after_ms / 2000) * self.rate)
            for timed in self.timeline
            if timed.chunk.pause_after_ms >= minimum_pause_ms
        ]
        wanted = [self.samples.size * share // parts for share in range(1, parts)]
        chosen = {min(candidates, key=lambda index: abs(index - goal)) for goal in wanted if candidates}
        return sorted(chosen)


def _grouped(sentences: tuple[str, ...], limit: int) -> Iterator[range]:
    """Ranges of sentence indices whose spoken text stays within ``limit`` characters."""
    start, length = 0, -1
    for index, sentence in enumerate(sentences):
        if index > start and length + 1 + len(sentence) > limit:
            yield range(start, index)
            start, length = index, -1
        length += 1 + len(sentence)
    if start < len(sentences):
        yield range(start, len(sentences))


def plan_chunks(script: SpeechScript, max_chars: int) -> list[Chunk]:
    """The script cut into chunks of whole sentences, at most ``max_chars`` long unless one sentence is."""
    chunks: list[Chunk] = []
    for segment in script.segments:
        groups = list(_grouped(segment.sentences, max_chars))
        for index, group in enumerate(groups):
            last = index == len(groups) - 1
            chapter = segment.chapter if index == 0 else None
            text = " ".join(segment.sentences[number] for number in group)
            written = " ".join(segment.written[number] for number in group if number < len(segment.written))
            chunks.append(Chunk(text, segment.pause_after_ms if last else 0, chapter, written))
    return chunks


def _cache_key(engine: Engine, voice: str, chunk: Chunk, language: str, phonemes: Mapping[str, str]) -> str:
    spelled = [f"{word}={value}" for word, value in sorted(phonemes.items())]
    # The voices of the runs in other languages shape the audio too.
    others = sorted({engine.voice_for(run) for run, _ in split_runs(chunk.text) if run is not None})
    identity = "\x1f".join(
        [engine.name, voice, language, str(chunk.pause_after_ms), chunk.text, *spelled, *others]
    )
    return hashlib.sha256(identity.encode()).hexdigest()


def _in_chunk(phonemes: Mapping[str, str], text: str) -> dict[str, str]:
    """The lexicon phonemes of words that occur in ``text``: only they shape its audio."""
    return {
        word: value for word, value in phonemes.items() if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    }


def _synthesize(
    engine: Engine, voice: str, language: str, chunk: Chunk, cache: Path | None, phonemes: Mapping[str, str]
) -> Synthesis:
    phonemes = _in_chunk(phonemes, chunk.text)

    def speak() -> Synthesis:
        return engine.synthesize(
            chunk.text, voice=voice, language=language, pause_after_ms=chunk.pause_after_ms, phonemes=phonemes
        )

    if cache is None:
        return speak()
    key = _cache_key(engine, voice, chunk, language, phonemes)
    for audio_format in ("wav", "mp3"):
        cached = cache / key[:2] / f"{key}.{audio_format}"
        if cached.is_file():
            return Synthesis(cached.read_bytes(), audio_format)
    synthesis = speak()
    target = cache / key[:2] / f"{key}.{synthesis.format}"
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written under a temporary name first, so a parallel or interrupted run never reads half a file.
    temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
    temporary.write_bytes(synthesis.data)
    temporary.replace(target)
    return synthesis


# Stands in for a future whose result has been joined, so that its memory is freed.
_DONE: Future[Any] = Future()


def speak_script(
    script: SpeechScript,
    engine: Engine,
    *,
    voice: str | None = None,
    max_chars: int = 240,
    workers: int = 0,
    cache: Path | None = None,
    on_chunk: Callable[[int, int], None] | None = None,
) -> SpokenScript:
    """Synthesise the script chunk by chunk (``workers`` in parallel; 0: one per core) and join it.

    Each chunk is decoded and measured (``signal.join``) while the next chunks are synthesised,
    as a pipe between a speech program and an encoder would overlap them.
    """
    chunks = plan_chunks(script, max_chars)
    voice = voice or engine.voice_for(script.language)

    def speak(chunk: Chunk) -> Synthesis:
        return _synthesize(engine, voice, script.language, chunk, cache, script.phonemes)

    def analyse(chunk: Chunk, spoken: Future[Synthesis]) -> ChunkSignal:
        synthesis = spoken.result()
        pause = 0 if engine.renders_pauses else chunk.pause_after_ms
        return chunk_signal(synthesis.data, synthesis.format, pause)

    joiner = SignalJoiner(sum(len(chunk.text) for chunk in chunks))
    # Threads suffice: engines run in C libraries or subprocesses or wait on the network, and numpy
    # releases the GIL too. Speakers only speak (the engine may serialise them); decoding and analysis
    # run beside them, each chunk as soon as it is spoken.
    count = workers or os.cpu_count() or 1
    with ThreadPoolExecutor(max_workers=count) as speakers, ThreadPoolExecutor(max_workers=count) as analysts:
        spoken = [speakers.submit(speak, chunk) for chunk in chunks]
        analysed = [analysts.submit(analyse, *pair) for pair in zip(chunks, spoken, strict=True)]
        for index, chunk in enumerate(chunks):
            # Joined and folded into the analysis here, while the next chunks are synthesised.
            joiner.add(analysed[index].result(), len(chunk.text))
            # The chunk's audio now lives in the joined signal: its synthesis and measurement go.
            analysed[index] = spoken[index] = _DONE
            if on_chunk is not None:
                on_chunk(index + 1, len(chunks))
    signal = joiner.finish()
    timeline = tuple(
        Timed(chunk, start / signal.rate, end / signal.rate)
        for chunk, (start, end) in zip(chunks, signal.bounds, strict=True)
    )
    return SpokenScript(signal.samples, signal.rate, timeline, signal.analysis)
