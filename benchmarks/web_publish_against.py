"""The CPU of a web publish from this checkout against the same publish from another checkout.

    git worktree add /tmp/publisher-before main   # or any commit
    python benchmarks/web_publish_against.py /tmp/publisher-before [--rounds 8] [--article FILE.md]

Runs ``publisher publish --channels web`` of one article as variant A of ``benchmarks/web_publish.py``
runs it (a fresh process into a fresh site folder, browser stage off, no broker, a user cache filled
by one untimed run), once with this checkout's code and once with the other checkout's (its
``publisher`` package first on ``PYTHONPATH``, same interpreter and libraries), interleaved round by
round, each with a user cache of its own. Prints the CPU seconds of each (the process and its
children, which a loaded machine disturbs less than wall time) and their ratio pair by pair, to
show what a change saves. Nothing is recorded.
"""

from __future__ import annotations

import argparse
import compileall
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from record import cpu_counted, interleaved, load_average, pairwise_ratios, summary
from web_publish import REPO, _environment

RUN = "from publisher.cli import run; run()"


def _publish(checkout: Path, article: Path, out: Path, cache_home: Path) -> None:
    command = [sys.executable, "-c", RUN, "publish", str(article), "--channels", "web", "--out", str(out)]
    environment = {**_environment(cache_home), "PYTHONPATH": str(checkout)}
    result = subprocess.run(command, env=environment, cwd=checkout, capture_output=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(
            f"publish from {checkout} exited {result.returncode}: {result.stderr.decode()[-2000:]}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="another checkout of the project (e.g. a git worktree)")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--article", type=Path, default=REPO / "examples" / "open-data-portal.md")
    options = parser.parse_args()
    article = options.article.resolve()
    checkouts = {"this checkout": REPO, "other checkout": options.other.resolve()}
    if not (checkouts["other checkout"] / "publisher" / "cli.py").is_file():
        raise SystemExit(f"{options.other}: no publisher/cli.py there; give a checkout of the project")
    for checkout in checkouts.values():
        compileall.compile_dir(checkout / "publisher", quiet=1)
    root = Path(tempfile.mkdtemp(prefix="publisher-web-against-"))
    variants = {
        name: (lambda number, name=name, checkout=checkout: _publish(
            checkout, article, root / f"{name}-{number}".replace(" ", "-"), root / f"cache-{name}"
        ))
        for name, checkout in checkouts.items()
    }  # fmt: skip
    cpu: dict[str, list[float]] = {}
    try:
        for run in variants.values():
            run("warm")
        interleaved(cpu_counted(variants, cpu), options.rounds)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    for name, values in cpu.items():
        print(f"{name:16} CPU {summary(values)} s  ({checkouts[name]})")
    ratios = pairwise_ratios(cpu["this checkout"], cpu["other checkout"])
    print(f"this / other, CPU seconds, pair by pair: {summary(ratios)}")
    print(f"load average (1, 5, 15 min) at the end: {load_average()}")


if __name__ == "__main__":
    main()
