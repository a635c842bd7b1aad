"""Profile: where the audio channel's CPU time goes, stage by stage, beside its floor's two programs.

Releases the article of ``audio_vs_bare.py`` (the longest example with language switching) with
a cold chunk cache, render and checks, after one release to warm up. Each stage is timed by the
CPU time of the thread running it (``time.thread_time``, so stages in parallel threads add up
and waiting costs nothing); children by ``RUSAGE_CHILDREN``: the MP3 encoders (ffmpeg, reaped
when their parts are written) and, with ``--workers`` above one, espeak-ng's worker processes
(reaped once the render is done). The floor's espeak-ng and lame are run one after the other on
the spoken text. Stages nest (the checks' measures include K-weighting, envelope and silence
search of the encoded samples; the encoder feed includes the gain and the spool reads), so the
rows do not add up to the totals. Prints only; CPU time, which the load of other jobs distorts
much less than wall time.

Usage: python benchmarks/audio_stages.py [--rounds 3] [--workers 1]
"""

from __future__ import annotations

import argparse
import functools
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from audio_vs_bare import longest_example, release_audio, with_switching
from record import load_average

import publisher.channels.audio as channel
from publisher.channels.audio import streamed
from publisher.channels.audio.signal import analysis, encode, filters, silence, spool
from publisher.channels.audio.signal.join import SignalJoiner
from publisher.channels.audio.signal.level import Leveller
from publisher.channels.audio.signal.loudness import GainCurve
from publisher.channels.audio.speech import chunks
from publisher.settings import Settings
from publisher.sources import parse_article

# (module or class, attribute, stage): the functions whose threads' CPU time is counted.
STAGES: list[tuple[object, str, str]] = [
    (channel, "build_script", "speech script and normalisation"),
    (chunks, "_synthesize", "synthesis (in-process library, or waiting for a worker)"),
    (filters.KWeighting, "power", "loudness: K-weighting"),
    (analysis, "peak_envelope", "true peak: 4x oversampled envelope (chunks)"),
    (streamed, "measure_signal", "checks' measures of the encoded samples (thread)"),
    (silence.SilenceFinder, "add", "silence search"),
    (SignalJoiner, "add", "joining chunks (spool, analysis)"),
    (Leveller, "extend", "gain and limiter curve"),
    (GainCurve, "apply", "gain applied to the samples"),
    (spool.Spool, "read", "spool reads"),
    (encode._Encoder, "encode", "encoder feed (clip, convert, pipe)"),
    (encode, "walk_file", "frame walk of the parts"),
    (channel, "write_tags", "ID3 tags and chapters"),
    (channel, "frames_digest", "digest of the frames"),
    (channel, "check_audio", "checks of the file"),
    (channel, "build_feed", "podcast feed"),
]


def _counted(function: Callable[..., object], stage: str, spent: dict[str, float]) -> Callable[..., object]:
    @functools.wraps(function)
    def counted(*args: object, **kwargs: object) -> object:
        start = time.thread_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[stage] += time.thread_time() - start

    return counted


def _children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _own() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def channel_stages(workers: int, folder: Path, spent: dict[str, float]) -> None:
    """One release of the benchmark's article, adding each stage's CPU seconds to ``spent``."""
    article = with_switching(parse_article(longest_example()).article)
    encoded: list[float] = []
    parts = encode.Mp3Encoders.encode_parts

    def encode_parts(self: encode.Mp3Encoders, *args: object, **kwargs: object) -> object:
        result = parts(self, *args, **kwargs)  # type: ignore[arg-type]
        encoded.append(_children())
        return result

    encode.Mp3Encoders.encode_parts = encode_parts  # type: ignore[method-assign]
    try:
        own, children = _own(), _children()
        release_audio(article, folder, workers)
        own, children = _own() - own, _children() - children
    finally:
        encode.Mp3Encoders.encode_parts = parts  # type: ignore[method-assign]
    encoders = encoded[-1] - (_children() - children) if encoded else 0.0
    spent["children: MP3 encoders (ffmpeg)"] += encoders
    spent["children: espeak-ng worker processes"] += children - encoders
    spent["process total"] += own
    spent["channel total (process and children)"] += own + children


def floor_stages(text: Path, folder: Path, spent: dict[str, float]) -> None:
    """The floor's two programs one after the other, each one's CPU seconds added to ``spent``."""
    audio = Settings().audio
    wav, mp3 = folder / "floor.wav", folder / "floor.mp3"
    start = _children()
    speak = ["espeak-ng", "-v", "de", "-s", str(audio.speed_wpm), "-w", str(wav), "-f", str(text)]
    subprocess.run(speak, check=True)
    spoken = _children()
    subprocess.run(
        ["lame", "--quiet", "-m", "m", "-b", str(audio.bitrate_kbps), str(wav), str(mp3)], check=True
    )
    spent["floor: espeak-ng"] += spoken - start
    spent["floor: lame"] += _children() - spoken
    spent["floor total"] += _children() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="releases measured (after one to warm up)")
    parser.add_argument("--workers", type=int, default=1, help="audio.workers (0: one per core)")
    options = parser.parse_args(argv)
    load_before = load_average()
    runs: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="publisher-stages-") as folder:
        base = Path(folder)
        article = with_switching(parse_article(longest_example()).article)
        text = release_audio(article, base / "warm", options.workers) / "audio.txt"
        originals = [(owner, name, getattr(owner, name)) for owner, name, _ in STAGES]
        for round_number in range(options.rounds):
            spent: dict[str, float] = defaultdict(float)
            for owner, name, stage in STAGES:
                setattr(owner, name, _counted(getattr(owner, name), stage, spent))
            try:
                channel_stages(options.workers, base / f"channel-{round_number}", spent)
            finally:
                for owner, name, original in originals:
                    setattr(owner, name, original)
            floor_stages(text, base / f"channel-{round_number}", spent)
            for stage, seconds in spent.items():
                runs[stage].append(seconds)
    print(f"{longest_example().name}, audio.workers={options.workers}, {options.rounds} rounds; "
          f"load before {load_before}; CPU seconds, median (min-max)")  # fmt: skip
    for stage, seconds in runs.items():
        print(f"  {stage:58} {statistics.median(seconds):6.3f} ({min(seconds):.3f}-{max(seconds):.3f})")
    ratio = [total / floor for total, floor in zip(runs["channel total (process and children)"],
                                                    runs["floor total"], strict=True)]  # fmt: skip
    print(f"  channel / floor, CPU time: {statistics.median(ratio):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
