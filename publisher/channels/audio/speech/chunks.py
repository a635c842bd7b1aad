"""Speak a script in chunks cut at sentence boundaries, in parallel, cached, and joined in order.

Each chunk is synthesised once per (engine, voice, text, pause): the audio is kept in a cache
folder under a hash of these, so a re-release re-synthesises only what changed. The joined
signal keeps the engine's own sample rate and waits on disk (``signal.spool``) for the encoder;
only a few chunks are in flight at a time, so memory does not grow with the article.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import deque
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from publisher.channels.audio.signal.analysis import Analysis
from publisher.channels.audio.signal.decode import Samples
from publisher.channels.audio.signal.join import ChunkSignal, JoinedSignal, SignalJoiner, chunk_signal
from publisher.channels.audio.signal.spool import Spool
from publisher.channels.audio.speech.engines.base import Engine, Synthesis
from publisher.channels.audio.speech.runs import split_runs
from publisher.channels.audio.speech.script import SpeechScript

__all__ = ["Chunk", "Joined", "SpokenScript", "Timed", "cuts", "plan_chunks", "speak_script"]


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
class Joined:
    """The state after chunk ``index`` was joined: where it lies, and the signal so far."""

    index: int
    chunk: Chunk
    bounds: tuple[int, int]
    spool: Spool
    # The rate and loudness analysis of the signal so far; None once chunks differ in rate.
    measured: tuple[int, Analysis] | None


@dataclass(frozen=True)
class SpokenScript:
    """The joined audio of a script at ``rate`` (on disk until ``close``), and the timing of every chunk."""

    spool: Spool
    rate: int
    timeline: tuple[Timed, ...]
    # Loudness analysis of the samples, computed chunk by chunk while others were synthesised.
    analysis: Analysis

    def __enter__(self) -> SpokenScript:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Remove the samples from disk."""
        self.spool.close()

    @property
    def size(self) -> int:
        return self.spool.size

    @property
    def duration(self) -> float:
        return self.size / self.rate

    def samples(self) -> Samples:
        """Every sample at once (for short scripts: memory grows with the length)."""
        return self.spool.read()

    def pause_splits(self, parts: int, minimum_pause_ms: int = 300) -> list[int]:
        """Up to ``parts - 1`` sample indices in the middle of pauses, near equal shares of the audio."""
        candidates = [
            round((timed.end - timed.chunk.pause_after_ms / 2000) * self.rate)
            for timed in self.timeline
            if timed.chunk.pause_after_ms >= minimum_pause_ms
        ]
        wanted = [self.size * share // parts for share in range(1, parts)]
        chosen = {min(candidates, key=lambda index: abs(index - goal)) for goal in wanted if candidates}
        return sorted(chosen)


def cuts(chunks: list[Chunk], parts: int, minimum_pause_ms: int = 300) -> list[int]:
    """Up to ``parts - 1`` chunk indices, ending in a pause, after which the audio can be cut into parts.

    Chosen before anything is spoken, at near equal shares of the text.
    """
    ends, total = [], 0
    for chunk in chunks:
        total += len(chunk.text)
        ends.append(total)
    candidates = [
        index for index, chunk in enumerate(chunks[:-1]) if chunk.pause_after_ms >= minimum_pause_ms
    ]
    wanted = [total * share // parts for share in range(1, parts)]
    chosen = {min(candidates, key=lambda index: abs(ends[index] - goal)) for goal in wanted if candidates}
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
    spoken_as = [engine.name, engine.sound_settings, voice, language, str(chunk.pause_after_ms)]
    identity = "\x1f".join([*spoken_as, chunk.text, *spelled, *others])
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


def _spoken_and_joined(
    chunks: list[Chunk],
    speak: Callable[[Chunk], Synthesis],
    analyse: Callable[[Chunk, Future[Synthesis]], ChunkSignal],
    workers: int,
    on_joined: Callable[[Joined], None] | None,
) -> JoinedSignal:
    """Speak and analyse the chunks on threads, joining them in order as each is ready."""
    joiner = SignalJoiner()
    # Threads suffice: engines run in C libraries or subprocesses or wait on the network, and numpy
    # releases the GIL too. Speakers only speak (the engine may serialise them); decoding and analysis
    # run beside them, each chunk as soon as it is spoken. At most ``ahead`` chunks are in flight:
    # the ones synthesised but not yet joined are what memory holds.
    count = workers or os.cpu_count() or 1
    ahead = 2 * count + 2
    try:
        with ThreadPoolExecutor(count) as speakers, ThreadPoolExecutor(count) as analysts:
            pending: deque[Future[ChunkSignal]] = deque()
            upcoming = iter(chunks)

            def submit() -> None:
                chunk = next(upcoming, None)
                if chunk is not None:
                    pending.append(analysts.submit(analyse, chunk, speakers.submit(speak, chunk)))

            for _ in range(ahead):
                submit()
            for index, chunk in enumerate(chunks):
                # Joined and folded into the analysis here, while the next chunks are synthesised.
                bounds = joiner.add(pending.popleft().result())
                submit()
                if on_joined is not None:
                    on_joined(Joined(index, chunk, bounds, joiner.spool, joiner.so_far()))
        return joiner.finish()
    except BaseException:
        joiner.close()
        raise


def speak_script(
    script: SpeechScript,
    engine: Engine,
    *,
    voice: str | None = None,
    max_chars: int = 240,
    workers: int = 0,
    cache: Path | None = None,
    on_joined: Callable[[Joined], None] | None = None,
    weigh: Callable[[], bool] | None = None,
) -> SpokenScript:
    """Synthesise the script chunk by chunk (``workers`` in parallel; 0: one per core) and join it.

    Each chunk is decoded and measured (``signal.join``) while the next chunks are synthesised,
    as a pipe between a speech program and an encoder would overlap them; ``on_joined`` sees
    each chunk as it is joined (to encode it at once). ``weigh``, asked as each chunk is measured,
    says whether its loudness is still wanted: once it says no, the analysis keeps only the peaks
    from there on (``Analysis.weighed`` is false). The caller closes the result (it holds the
    samples in a temporary file).
    """
    chunks = plan_chunks(script, max_chars)
    voice = voice or engine.voice_for(script.language)

    def speak(chunk: Chunk) -> Synthesis:
        return _synthesize(engine, voice, script.language, chunk, cache, script.phonemes)

    def analyse(chunk: Chunk, spoken: Future[Synthesis]) -> ChunkSignal:
        synthesis = spoken.result()
        pause = 0 if engine.renders_pauses else chunk.pause_after_ms
        return chunk_signal(synthesis.data, synthesis.format, pause, weigh is None or weigh())

    signal = _spoken_and_joined(chunks, speak, analyse, workers, on_joined)
    timeline = tuple(
        Timed(chunk, start / signal.rate, end / signal.rate)
        for chunk, (start, end) in zip(chunks, signal.bounds, strict=True)
    )
    return SpokenScript(signal.spool, signal.rate, timeline, signal.analysis)
