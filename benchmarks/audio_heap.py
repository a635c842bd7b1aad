"""Benchmark: the audio render's heap settings (``signal/heap.py``) on and off, peak memory and CPU time.

Each round releases the 30-minute article of ``audio_vs_bare.py`` in two fresh processes, one
with the render's arena limit and trims turned into no-ops, one as it ships, in turns. Each
prints its own peak (``VmHWM``) and its own CPU time (user and system); the encoders and
espeak-ng's worker processes are not counted in either. Prints only: the figures that the
README's table holds come from ``audio_vs_bare.py``.

Usage: python benchmarks/audio_heap.py [--rounds 3] [--minutes 30]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from audio_vs_bare import MEMORY_RUN, longest_example, with_switching

from publisher.sources import parse_article

# The benchmark's article is about 7.6 minutes long when spoken.
_EXAMPLE_MINUTES = 7.6
_WITHOUT = """
import publisher.channels.audio as audio
audio.limit_arenas = audio.release_freed = lambda: None
"""
_CPU = """
import resource
own = resource.getrusage(resource.RUSAGE_SELF)
print(own.ru_utime + own.ru_stime)
"""


def release(article: Path, prelude: str) -> tuple[float, float]:
    """Peak MB and CPU seconds of a fresh process releasing ``article`` after running ``prelude``."""
    command = [sys.executable, "-c", prelude + MEMORY_RUN + _CPU, str(article)]
    printed = subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()
    return float(printed[0]), float(printed[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds")
    parser.add_argument("--minutes", type=float, default=30.0, help="length of the article")
    options = parser.parse_args(argv)
    repeat = max(1, round(options.minutes / _EXAMPLE_MINUTES))
    article = with_switching(parse_article(longest_example()).article, repeat)
    runs: dict[str, list[tuple[float, float]]] = {"without": [], "with": []}
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as folder:
        source = Path(folder) / "article.json"
        source.write_text(article.model_dump_json(), encoding="utf-8")
        for _ in range(options.rounds):
            for name, prelude in (("without", _WITHOUT), ("with", "")):
                runs[name].append(release(source, prelude))
                megabytes, seconds = runs[name][-1]
                print(f"  {name:7} heap settings: peak {megabytes:.0f} MB, CPU {seconds:.2f} s", flush=True)
    for name, measured in runs.items():
        peak = statistics.median(megabytes for megabytes, _ in measured)
        cpu = statistics.median(seconds for _, seconds in measured)
        print(f"{name:7} heap settings, median of {options.rounds}: peak {peak:.0f} MB, CPU {cpu:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
