"""Benchmark: the audio channel, checks included, against its floor ``espeak-ng -v de | lame`` (mono).

The floor is the cheapest way to turn the same spoken text into an MP3: espeak-ng's German voice
piped into lame, mono, at the channel's bit rate. The channel does every step a release runs for
audio: script and normalisation (with language switching on: the article carries an English span
and loanwords), synthesis with a cold chunk cache, loudness, encoding, tags, transcripts, and its
checks (``verify``). Rounds interleave floor, sequential and parallel (A B C A B C ...); ratios are
taken pair by pair within a round, of wall time (the figures) and of CPU time (printed: user and
system time of the process and its children, which the load of other jobs distorts much less).
Peak memory is measured on a 30-minute article in a fresh process, which also reports whether the
release imported scipy; the import cost of the audio channel is measured against a bare start.

Usage: python benchmarks/audio_vs_bare.py [--rounds 5] [--article examples/x.md] [--minutes 30]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from record import Figure, interleaved, load_average, pairwise_ratios, record, summary

from publisher.channels.audio import AudioChannel
from publisher.channels.base import RenderJob
from publisher.model import Article
from publisher.settings import Settings
from publisher.sources import parse_article

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
FLOOR = "espeak-ng -v de piped to lame (mono, same bit rate) on the same spoken text"
# An English span and loanwords, so that every run switches voices as a release does.
SWITCHING = {
    "type": "paragraph",
    "children": [
        {"type": "text", "text": "Die Start-ups des Landes zeigen im Workshop ihre Must-haves für die "},
        {"type": "span", "lang": "en", "children": [{"type": "text", "text": "Smart Region"}]},
        {"type": "text", "text": ", das Feedback kommt im Livestream."},
    ],
}
# The peak is read from /proc (VmHWM, this process's own memory since it started): ru_maxrss of a
# process started by subprocess also counts the memory of the benchmark that started it (Linux
# carries the starting process's peak across exec), so it reported the benchmark's own peak.
MEMORY_RUN = """
import sys, tempfile
from pathlib import Path
from publisher.channels.audio import AudioChannel
from publisher.channels.base import RenderJob
from publisher.model import Article
article = Article.model_validate_json(Path(sys.argv[1]).read_text(encoding="utf-8"))
with tempfile.TemporaryDirectory() as folder:
    root = Path(folder)
    from publisher.settings import Settings
    settings = Settings(audio={"cache_dir": root / "cache"})
    job = RenderJob(settings=settings, assets_dir=root, workdir=root / "work", out_dir=root / "out")
    job.workdir.mkdir()
    channel = AudioChannel()
    findings = channel.verify(article, job, channel.render(article, job))
    from publisher.audio_summary import mp3_duration
    scipy = any(name.split(".")[0] in ("scipy", "pyloudnorm") for name in sys.modules)
    peak_kb = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0])
    print(peak_kb / 1024, mp3_duration(job.workdir / "audio.mp3"), "yes" if scipy else "no")
"""
FLOOR_MEMORY_RUN = """
import resource, subprocess, sys
speak = subprocess.Popen(["espeak-ng", "-v", "de", "-s", sys.argv[2], "--stdout", "-f", sys.argv[1]],
                         stdout=subprocess.PIPE)
encode = ["lame", "--quiet", "-m", "m", "-b", sys.argv[3], "-", sys.argv[4]]
subprocess.run(encode, stdin=speak.stdout, check=True)
speak.wait()
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
"""


def longest_example() -> Path:
    """The example article with the most characters (the flawed examples are not releases)."""
    return max(EXAMPLES.glob("*.md"), key=lambda path: len(path.read_text(encoding="utf-8")))


def with_switching(article: Article, repeat: int = 1) -> Article:
    """The article with the language-switching paragraph, its body repeated ``repeat`` times."""
    data = article.model_dump(mode="json")
    data["body"] = [*data["body"] * repeat, SWITCHING]
    return Article.model_validate(data)


def floor(text: Path, speed: int, bitrate: int, target: Path) -> None:
    """espeak-ng's German voice piped straight into lame, mono: no script, loudness, tags or checks."""
    speak = subprocess.Popen(
        ["espeak-ng", "-v", "de", "-s", str(speed), "--stdout", "-f", str(text)], stdout=subprocess.PIPE
    )
    subprocess.run(
        ["lame", "--quiet", "-m", "m", "-b", str(bitrate), "-", str(target)], stdin=speak.stdout, check=True
    )
    if speak.stdout is not None:
        speak.stdout.close()
    if speak.wait() != 0:
        raise RuntimeError("espeak-ng failed")


def release_audio(article: Article, folder: Path, workers: int) -> Path:
    """The audio channel as a release runs it: render with a cold chunk cache, then its checks."""
    settings = Settings(audio={"workers": workers, "cache_dir": folder / "cache"})
    job = RenderJob(settings=settings, assets_dir=folder, workdir=folder / "work", out_dir=folder / "out")
    job.workdir.mkdir(parents=True)
    channel = AudioChannel()
    errors = [f for f in channel.verify(article, job, channel.render(article, job)) if f.severity == "error"]
    if errors:
        raise RuntimeError(f"the audio channel's checks failed: {errors}")
    return job.workdir


def _cpu_seconds() -> float:
    """User and system time of this process and its finished children (ffmpeg, lame, espeak-ng)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _with_cpu(run: Callable[[int], object], spent: list[float]) -> Callable[[int], object]:
    """``run``, adding the CPU time of each call to ``spent`` (the load of other jobs distorts it less)."""

    def timed(number: int) -> object:
        start = _cpu_seconds()
        result = run(number)
        spent.append(_cpu_seconds() - start)
        return result

    return timed


def _fresh(base: Path, name: str, number: int) -> Path:
    folder = base / f"{name}-{number}"
    folder.mkdir()
    return folder


def peak_memory(article: Article, base: Path) -> tuple[float, float, str]:
    """Peak resident memory (MB) of a fresh process releasing ``article``'s audio, the audio's length,
    and whether scipy was imported."""
    source = base / "long.json"
    source.write_text(article.model_dump_json(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", MEMORY_RUN, str(source)], capture_output=True, text=True, check=True
    )
    megabytes, seconds, scipy = result.stdout.split()
    return float(megabytes), float(seconds), scipy


def import_seconds(rounds: int) -> tuple[list[float], list[float]]:
    """Seconds to start Python and import the audio channel, against a bare start."""
    runs = interleaved(
        {
            "bare": lambda _: subprocess.run([sys.executable, "-c", "pass"], check=True),
            "audio": lambda _: subprocess.run(
                [sys.executable, "-c", "import publisher.channels.audio"], check=True
            ),
        },
        rounds,
    )
    return runs["bare"], runs["audio"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument(
        "--article", type=Path, default=None, help="article to speak (default: longest example)"
    )
    parser.add_argument("--minutes", type=float, default=30.0, help="length of the article for peak memory")
    options = parser.parse_args(argv)
    load_before = load_average()
    path = options.article or longest_example()
    article = with_switching(parse_article(path).article)
    audio = Settings().audio
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as folder:
        base = Path(folder)
        # One release first: the floor speaks exactly the text the channel speaks.
        first = release_audio(article, base / "first", workers=1)
        text = first / "audio.txt"
        spoken = text.read_text(encoding="utf-8")
        cpu: dict[str, list[float]] = {"floor": [], "sequential": [], "parallel": []}
        runs = interleaved(
            {
                "floor": _with_cpu(
                    lambda n: floor(
                        text, audio.speed_wpm, audio.bitrate_kbps, _fresh(base, "floor", n) / "a.mp3"
                    ),
                    cpu["floor"],
                ),
                "sequential": _with_cpu(
                    lambda n: release_audio(article, _fresh(base, "sequential", n), workers=1),
                    cpu["sequential"],
                ),
                "parallel": _with_cpu(
                    lambda n: release_audio(article, _fresh(base, "parallel", n), workers=0), cpu["parallel"]
                ),
            },
            options.rounds,
        )
        from publisher.audio_summary import mp3_duration

        duration = mp3_duration(first / "audio.mp3")
        repeat = max(1, round(options.minutes * 60 / duration))
        long_article = with_switching(parse_article(path).article, repeat)
        channel_mb, long_seconds, scipy = peak_memory(long_article, base)
        long_text = base / "long.txt"
        long_text.write_text(spoken * repeat, encoding="utf-8")
        floor_mb = float(
            subprocess.run(
                [sys.executable, "-c", FLOOR_MEMORY_RUN, str(long_text), str(audio.speed_wpm),
                 str(audio.bitrate_kbps), str(base / "long-floor.mp3")],
                capture_output=True, text=True, check=True,
            ).stdout
        )  # fmt: skip
    bare_start, audio_start = import_seconds(options.rounds)
    sequential = pairwise_ratios(runs["sequential"], runs["floor"])
    parallel = pairwise_ratios(runs["parallel"], runs["floor"])
    import_cost = statistics.median(audio_start) - statistics.median(bare_start)
    print(f"article: {path.name} with an English span and loanwords ({len(spoken)} spoken characters, "
          f"{len(spoken.split())} words, {duration:.1f} s of audio)")  # fmt: skip
    print(f"floor: {FLOOR}; channel: render with a cold chunk cache and its checks")
    print(f"{options.rounds} interleaved rounds (floor, sequential, parallel); load before {load_before}")
    for name in ("floor", "sequential", "parallel"):
        print(f"  {name:11} wall s: {summary(runs[name])}")
    print(f"  sequential / floor, pair by pair: {summary(sequential)}   target <= 1.25")
    print(f"  parallel / floor, pair by pair:   {summary(parallel)}   target < 1.0")
    for name in ("sequential", "parallel"):
        ratios = summary(pairwise_ratios(cpu[name], cpu["floor"]))
        print(f"  CPU time (process and children), {name} / floor: {ratios}")
    print(f"peak memory, {long_seconds / 60:.1f}-minute article: channel {channel_mb:.0f} MB, "
          f"floor {floor_mb:.0f} MB   target < 150 MB")  # fmt: skip
    print(f"importing the audio channel costs {import_cost:.2f} s over a bare start; "
          f"the release imported scipy: {scipy}")  # fmt: skip
    figures = [
        Figure("audio sequential / floor", round(statistics.median(sequential), 2), "x", "<= 1.25",
               statistics.median(sequential) <= 1.25),
        Figure("audio parallel / floor", round(statistics.median(parallel), 2), "x", "< 1.0",
               statistics.median(parallel) < 1.0),
        Figure(f"audio peak memory, {long_seconds / 60:.0f}-minute article", round(channel_mb), "MB", "< 150",
               channel_mb < 150),
        Figure("floor peak memory, same article", round(floor_mb), "MB"),
        Figure("audio channel import over a bare start", round(import_cost, 2), "s"),
    ]  # fmt: skip
    print(json.dumps({"results": str(record("audio_vs_bare", FLOOR, figures, load_before))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
