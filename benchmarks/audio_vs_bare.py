"""Benchmark: the audio channel for the longest example article against bare ``espeak-ng | ffmpeg``.

Both speak the same text (the channel's ``audio.txt``) with the same voice, rate and MP3 bit
rate. The channel also builds and normalises the script, measures and limits loudness, tags
chapters and writes the transcripts. It runs sequentially (one chunk at a time) and with
parallel chunks; the chunk cache is fresh for every run, so every chunk is synthesised.

Usage: python benchmarks/audio_vs_bare.py [--runs 5] [--article examples/x.md]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from publisher.audio_summary import mp3_duration
from publisher.channels.audio import AudioChannel
from publisher.channels.audio.speech.engines.espeak import EspeakEngine
from publisher.channels.base import RenderJob
from publisher.model import Article
from publisher.settings import Settings
from publisher.sources.markdown import parse_article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def longest_example() -> Path:
    """The example article with the most characters (the flawed examples are not releases)."""
    return max(EXAMPLES.glob("*.md"), key=lambda path: len(path.read_text(encoding="utf-8")))


def bare(text: Path, voice: str, speed: int, bitrate: int, target: Path) -> None:
    """espeak-ng piped straight into ffmpeg's MP3 encoder: no script, loudness, tags or transcript."""
    speak = subprocess.Popen(
        ["espeak-ng", "-v", voice, "-s", str(speed), "--stdout", "-f", str(text)], stdout=subprocess.PIPE
    )
    encode = ["ffmpeg", "-v", "error", "-nostdin", "-y", "-i", "pipe:0", "-ar", "44100", "-ac", "1"]
    subprocess.run(
        [*encode, "-c:a", "libmp3lame", "-b:a", f"{bitrate}k", str(target)], stdin=speak.stdout, check=True
    )
    if speak.stdout is not None:
        speak.stdout.close()
    if speak.wait() != 0:
        raise RuntimeError("espeak-ng failed")


def channel(article: Article, folder: Path, workers: int) -> Path:
    """The whole audio channel render, with a fresh chunk cache."""
    settings = Settings(audio={"workers": workers, "cache_dir": folder / "cache"})
    job = RenderJob(settings=settings, assets_dir=folder, workdir=folder / "work", out_dir=folder / "out")
    job.workdir.mkdir(parents=True)
    AudioChannel().render(article, job)
    return job.workdir


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished child processes (espeak-ng, ffmpeg)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def timed(runs: int, variants: dict[str, Callable[[Path], object]]) -> dict[str, tuple[float, float]]:
    """Median wall time and median CPU time of each variant over ``runs`` rounds, each in a fresh folder.

    Variants take turns within a round, so load from other processes falls on all of them alike;
    CPU time is the figure that other processes on the machine disturb least.
    """
    walls: dict[str, list[float]] = {name: [] for name in variants}
    cpus: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(runs):
        for name, action in variants.items():
            with tempfile.TemporaryDirectory(prefix="publisher-bench-") as folder:
                cpu, wall = _cpu_seconds(), time.perf_counter()
                action(Path(folder))
                walls[name].append(time.perf_counter() - wall)
                cpus[name].append(_cpu_seconds() - cpu)
    return {name: (statistics.median(walls[name]), statistics.median(cpus[name])) for name in variants}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per variant; the median is printed")
    parser.add_argument(
        "--article", type=Path, default=None, help="article to speak (default: longest example)"
    )
    options = parser.parse_args(argv)
    path = options.article or longest_example()
    article = parse_article(path).article
    settings = Settings().audio
    voice = EspeakEngine().voice_for(article.lang)

    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as folder:
        # One render first: the bare pipeline speaks exactly the text the channel spoke.
        workdir = channel(article, Path(folder) / "first", workers=1)
        text = workdir / "audio.txt"
        spoken = text.read_text(encoding="utf-8")
        duration = mp3_duration(workdir / "audio.mp3")
        medians = timed(
            options.runs,
            {
                "bare": lambda out: bare(
                    text, voice, settings.speed_wpm, settings.bitrate_kbps, out / "bare.mp3"
                ),
                "sequential": lambda out: channel(article, out, workers=1),
                "parallel": lambda out: channel(article, out, workers=0),
            },
        )
    words = len(spoken.split())
    print(f"article: {path.name} ({len(spoken)} spoken characters, {words} words, {duration:.1f} s of audio)")
    print(f"voice: espeak-ng {voice}, {settings.speed_wpm} wpm; MP3 {settings.bitrate_kbps} kbit/s, mono")
    print(
        "both encode with ffmpeg's libmp3lame at 44.1 kHz, CBR, LAME's default quality (no -q:a or "
        "-compression_level); the channel's render is timed, not its verify checks"
    )
    print(f"median of {options.runs} runs each, variants taking turns; {os.cpu_count()} cores")
    print(f"{'':34}{'wall':>8}{'ratio':>8}{'CPU':>8}{'ratio':>8}")
    bare_wall, bare_cpu = medians["bare"]
    labels = {
        "bare": "bare espeak-ng | ffmpeg",
        "sequential": "audio channel, sequential",
        "parallel": "audio channel, parallel chunks",
    }
    for name, label in labels.items():
        wall, cpu = medians[name]
        print(f"{label:34}{wall:7.2f}s{wall / bare_wall:7.2f}x{cpu:7.2f}s{cpu / bare_cpu:7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
