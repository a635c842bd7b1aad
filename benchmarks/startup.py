"""Start-up: `publisher --help` against starting the interpreter and against importing click.

    python benchmarks/startup.py [--rounds 20]

Three variants run in turn each round (A B C A B C ...), each a fresh process: A `publisher --help`
(the installed console script), B the floor `python -c pass`, C `python -c "import click"` (the least
a click command can cost). The project's bytecode is compiled first, as an installed package has
it. Prints the medians and the ratios A/B and A/C pair by pair, and records them in
``benchmarks/results/startup.json``. Target: `publisher --help` under 0.3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
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

TARGET_SECONDS = 0.3
FLOOR = "python -c pass (interpreter start); python -c 'import click' beside it"


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=120)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    options = parser.parse_args()
    compile_bytecode()
    load_before = load_average()
    publisher = str(Path(sys.executable).parent / "publisher")
    cpu_seconds: dict[str, list[float]] = {}
    seconds = interleaved(
        cpu_counted(
            {
                "publisher --help": lambda _: _run([publisher, "--help"]),
                "python -c pass": lambda _: _run([sys.executable, "-c", "pass"]),
                "python -c 'import click'": lambda _: _run([sys.executable, "-c", "import click"]),
            },
            cpu_seconds,
        ),
        options.rounds,
    )
    for name, values in seconds.items():
        print(f"{name:26} {summary(values)} s")
    help_seconds = seconds["publisher --help"]
    over_floor = pairwise_ratios(help_seconds, seconds["python -c pass"])
    over_click = pairwise_ratios(help_seconds, seconds["python -c 'import click'"])
    print(f"publisher --help / python -c pass, pair by pair:   {summary(over_floor)}")
    print(f"publisher --help / import click, pair by pair:     {summary(over_click)}")
    for name, values in cpu_seconds.items():
        print(f"{name:26} CPU {summary(values)} s")
    cpu_over_click = pairwise_ratios(cpu_seconds["publisher --help"], cpu_seconds["python -c 'import click'"])
    print(f"publisher --help / import click, CPU seconds, pair by pair: {summary(cpu_over_click)}")
    print(f"floor: {FLOOR}")
    median = statistics.median(help_seconds)
    record(
        "startup",
        FLOOR,
        [
            Figure("publisher --help, median", median, "s", f"< {TARGET_SECONDS} s", median < TARGET_SECONDS),
            Figure("python -c pass, median", statistics.median(seconds["python -c pass"]), "s"),
            Figure("publisher --help / python -c pass, median of pairs", statistics.median(over_floor), "x"),
            Figure("publisher --help / import click, median of pairs", statistics.median(over_click), "x"),
            Figure(
                "publisher --help, CPU seconds, median",
                statistics.median(cpu_seconds["publisher --help"]),
                "s",
            ),
            Figure(
                "publisher --help / import click, CPU seconds, median of pairs",
                statistics.median(cpu_over_click),
                "x",
            ),
        ],
        load_before,
    )


if __name__ == "__main__":
    main()
