"""What every benchmark shares: interleaved A/B rounds, pairwise ratios, and one results file per benchmark.

A benchmark measures its variants in turn (A B A B ...), so a load that comes and goes falls on both alike,
and reports the ratio pair by pair. ``record`` writes what it printed to ``benchmarks/results/<name>.json``;
``scripts/performance_table.py`` builds the README's performance table from those files only, so the README
quotes nothing a benchmark did not print.

Results file shape::

    {"benchmark": "checker_vs_axe", "command": "python benchmarks/checker_vs_axe.py --rounds 5",
     "date": "2026-11-30T10:00:00+00:00", "machine": "...", "cpus": 2, "load_before": [1.2, 1.0, 0.9],
     "load_after": [...], "floor": "axe-core 4.14 in Chromium on a fresh page",
     "figures": [{"label": "...", "value": 51.3, "unit": "x", "target": ">= 50", "met": true}, ...]}
"""

from __future__ import annotations

import compileall
import json
import os
import platform
import resource
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


@dataclass(frozen=True)
class Figure:
    """One printed figure: what it is, its value and unit, the target it is held against (if any)."""

    label: str
    value: float
    unit: str
    target: str = ""
    met: bool | None = None


def interleaved(variants: dict[str, Callable[[int], object]], rounds: int) -> dict[str, list[float]]:
    """Run every variant once per round, in turn (A B A B ...); wall seconds per variant per round.

    Each callable gets the round number, so it can prepare cold inputs (fresh folders, cleared caches) of
    its own before the timed part; time spent preparing is inside the measurement only if the variant
    does it inside the callable.
    """
    seconds: dict[str, list[float]] = {name: [] for name in variants}
    for round_number in range(rounds):
        for name, run in variants.items():
            started = time.perf_counter()
            run(round_number)
            seconds[name].append(time.perf_counter() - started)
    return seconds


def children_cpu_seconds() -> float:
    """User and system CPU seconds of the finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cpu_counted(
    variants: dict[str, Callable[[int], object]], cpu_seconds: dict[str, list[float]]
) -> dict[str, Callable[[int], object]]:
    """``variants`` that also note in ``cpu_seconds`` the CPU time of the processes each round started.

    CPU seconds move less than wall time when other jobs load the machine: a benchmark that runs its
    variants as child processes prints both.
    """

    def counted(name: str, run: Callable[[int], object]) -> Callable[[int], object]:
        def run_and_count(round_number: int) -> None:
            before = children_cpu_seconds()
            run(round_number)
            cpu_seconds.setdefault(name, []).append(children_cpu_seconds() - before)

        return run_and_count

    return {name: counted(name, run) for name, run in variants.items()}


def compile_bytecode() -> None:
    """Compile the project's modules to bytecode first, as an installed package has them.

    A checkout run with ``PYTHONDONTWRITEBYTECODE`` set (or never run before) compiles every module
    from source in every process: the timed runs would measure the compiler, not the program.
    """
    repo = Path(__file__).resolve().parent.parent
    for package in ("publisher", "workers", "benchmarks"):
        compileall.compile_dir(repo / package, quiet=1)


def pairwise_ratios(numerator: Sequence[float], denominator: Sequence[float]) -> list[float]:
    """The ratio of each pair of runs made in the same round."""
    return [top / bottom for top, bottom in zip(numerator, denominator, strict=True) if bottom > 0]


def summary(values: Sequence[float]) -> str:
    """Median with minimum and maximum, for printing."""
    return f"{statistics.median(values):.3g} (min {min(values):.3g}, max {max(values):.3g})"


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (empty where the system has none)."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def record(benchmark: str, floor: str, figures: Sequence[Figure], load_before: list[float]) -> Path:
    """Write the results file for ``benchmark`` (the script's stem) and return its path."""
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{benchmark}.json"
    document = {
        "benchmark": benchmark,
        "command": "python "
        + " ".join(shlex.quote(part) for part in ["benchmarks/" + Path(sys.argv[0]).name, *sys.argv[1:]]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": _machine(),
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": load_average(),
        "floor": floor,
        "figures": [asdict(figure) for figure in figures],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
