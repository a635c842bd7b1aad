"""A web-only publish of one article against a bare render of the same page template.

    python benchmarks/web_publish.py [--rounds 10] [--article FILE.md] [--no-browser-stage] [--no-first-run]

Each round runs, each as a fresh process into a fresh site folder (cold per-page caches): B the floor,
``python benchmarks/bare_render.py`` (PyYAML front matter, markdown-it-py, jinja2 rendering
``templates/web/article.html.j2`` with a bytecode cache, nothing else); A ``publisher publish
--channels web`` of the same article with the static checks (staging, render, checks, report, site
files, the all-or-nothing switch: every step a release runs) and the browser stage off; C the same
publish with the browser stage on (Chromium and axe-core, as a release runs by default); and D the
publish of A as the first run on a machine, with an empty user cache (``publisher.user_cache``: the
language model, the compiled templates and the scaled copies of the article's image made anew). The
project's bytecode is compiled first, as an installed package has it, and A, B and C share one user
cache, filled by one untimed run of each before the rounds (as any run after the first finds it; for
the image this is a release of an image released before on the machine, a correction or a second
site: a new image costs its encoding, as in D). Runs are interleaved (B A C D B A C D ...);
medians and the ratios A/B, C/B and D/B pair by pair are printed (wall time, and for A/B also the CPU
seconds of the processes, which a loaded machine disturbs less) and recorded in
``benchmarks/results/web_publish.json``. Target: A/B under 2.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from record import (
    Figure,
    compile_bytecode,
    cpu_counted,
    interleaved,
    load_average,
    pairwise_ratios,
    record,
    summary,
)

REPO = Path(__file__).resolve().parent.parent
TARGET = 2.0
FLOOR = (
    "python benchmarks/bare_render.py: a fresh Python process that parses the article with PyYAML and "
    "markdown-it-py and renders the page template with jinja2 (compiled templates cached), nothing else; "
    "bytecode compiled and user caches filled before the rounds for floor and publish alike"
)


def _environment(cache_home: Path, browser_stage: bool = False) -> dict[str, str]:
    environment = {
        **os.environ,
        "PUBLISHER_CONFIG": str(REPO / "examples" / "publisher.toml"),
        "PUBLISHER_A11Y__BROWSER_STAGE": "true" if browser_stage else "false",
        "XDG_CACHE_HOME": str(cache_home),
    }
    environment.pop("PUBLISHER_BROKER_URL", None)  # released in this process, as on a desk without workers
    return environment


def _publish(article: Path, out: Path, cache_home: Path, browser_stage: bool = False) -> None:
    publisher = str(Path(sys.executable).parent / "publisher")
    command = [publisher, "publish", str(article), "--channels", "web", "--out", str(out)]
    environment = _environment(cache_home, browser_stage)
    result = subprocess.run(command, env=environment, capture_output=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"publish exited {result.returncode}: {result.stderr.decode()[-2000:]}")


def _bare(article: Path, out: Path, cache_home: Path) -> None:
    out.mkdir(parents=True)
    command = [
        sys.executable,
        str(REPO / "benchmarks" / "bare_render.py"),
        str(article),
        str(out / "index.html"),
    ]
    subprocess.run(command, env=_environment(cache_home), check=True, timeout=600)


def _options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--article", type=Path, default=REPO / "examples" / "open-data-portal.md")
    parser.add_argument("--no-browser-stage", action="store_true", help="leave out variant C")
    parser.add_argument("--no-first-run", action="store_true", help="leave out variant D")
    return parser.parse_args()


def _variants(article: Path, root: Path, options: argparse.Namespace) -> dict[str, Callable[[int], object]]:
    """The runs to interleave, by name, each into a fresh folder under ``root`` (round ``number``)."""
    cache = root / "user-cache"
    variants: dict[str, Callable[[int], object]] = {
        "bare render (floor)": lambda number: _bare(article, root / f"bare-{number}", cache),
        "publish --channels web": lambda number: _publish(article, root / f"static-{number}", cache),
    }
    if not options.no_browser_stage:
        variants["publish, browser stage on"] = lambda number: _publish(
            article, root / f"browser-{number}", cache, browser_stage=True
        )
    if not options.no_first_run:
        variants["publish, empty user cache"] = lambda number: _publish(
            article, root / f"first-{number}", root / f"empty-cache-{number}"
        )
    return variants


def _measure(
    article: Path, options: argparse.Namespace
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall seconds and CPU seconds of each variant's runs, after one untimed run of A and B each."""
    root = Path(tempfile.mkdtemp(prefix="publisher-web-publish-"))
    cpu_seconds: dict[str, list[float]] = {}
    try:
        _bare(article, root / "warm-bare", root / "user-cache")
        _publish(article, root / "warm-publish", root / "user-cache")
        seconds = interleaved(cpu_counted(_variants(article, root, options), cpu_seconds), options.rounds)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return seconds, cpu_seconds


def _static_figures(seconds: dict[str, list[float]], cpu_seconds: dict[str, list[float]]) -> list[Figure]:
    """Print and return the figures of A against B: medians, and the ratios in wall and CPU time."""
    for name, values in seconds.items():
        print(f"{name:28} {summary(values)} s")
    floor = seconds["bare render (floor)"]
    static = pairwise_ratios(seconds["publish --channels web"], floor)
    print(f"publish / bare render, pair by pair:                    {summary(static)}")
    cpu = pairwise_ratios(cpu_seconds["publish --channels web"], cpu_seconds["bare render (floor)"])
    for name, values in cpu_seconds.items():
        print(f"{name:28} CPU {summary(values)} s")
    print(f"publish / bare render, CPU seconds, pair by pair:       {summary(cpu)}")
    return [
        Figure("bare render (floor), median", statistics.median(floor), "s"),
        Figure("publish --channels web, median", statistics.median(seconds["publish --channels web"]), "s"),
        Figure(
            "publish (static checks) / bare render, median of pairs",
            statistics.median(static),
            "x",
            f"< {TARGET:g}",
            statistics.median(static) < TARGET,
        ),
        Figure(
            "publish (static checks) / bare render, CPU seconds, median of pairs", statistics.median(cpu), "x"
        ),
    ]


def _further_figures(seconds: dict[str, list[float]]) -> list[Figure]:
    """Print and return the ratios of C and D (those that ran) to B, in wall time."""
    floor = seconds["bare render (floor)"]
    figures = []
    if "publish, browser stage on" in seconds:
        browser = pairwise_ratios(seconds["publish, browser stage on"], floor)
        print(f"publish with browser stage / bare render, pair by pair: {summary(browser)}")
        figures.append(
            Figure(
                "publish with browser stage / bare render, median of pairs", statistics.median(browser), "x"
            )
        )
    if "publish, empty user cache" in seconds:
        first = pairwise_ratios(seconds["publish, empty user cache"], floor)
        print(f"publish, empty user cache / bare render, pair by pair:  {summary(first)}")
        figures.append(
            Figure("publish, empty user cache / bare render, median of pairs", statistics.median(first), "x")
        )
    return figures


def main() -> None:
    options = _options()
    article = options.article.resolve()
    compile_bytecode()
    load_before = load_average()
    seconds, cpu_seconds = _measure(article, options)
    figures = _static_figures(seconds, cpu_seconds) + _further_figures(seconds)
    print(f"floor: {FLOOR}")
    record("web_publish", FLOOR, figures, load_before)


if __name__ == "__main__":
    main()
