"""A pytest plugin that logs each test's CPU time, for finding the costly tests on a loaded machine.

    PUBLISHER_TEST_CPU_LOG=cpu.jsonl python -m pytest -p tests.cpu_clock -n 2 --dist loadgroup tests/release
    python -m tests.cpu_clock cpu.jsonl          # the costliest files and tests, and when each
                                                 # test process ran its first and last test

Wall time lies when other work shares the cores; CPU time does not. Each line of the log holds a
test's id, the CPU seconds of the test process (``own``), of the processes it started
(``started``: those it waited for, and the growth of those still running, such as Chromium, a
worker or an espeak-ng pool, read from /proc; one that ends during the test counts only its growth
since the test began), the test process (``worker``), its start (``begin``, seconds since the epoch)
and its wall seconds. Nothing is asserted on them.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

_LOG = os.environ.get("PUBLISHER_TEST_CPU_LOG", "test-cpu.jsonl")
_TICKS = os.sysconf("SC_CLK_TCK")


def _running_descendants() -> dict[int, tuple[int, int]]:
    """Each process below this one: its parent and its CPU clock ticks (with its reaped children's)."""
    parents: dict[int, tuple[int, int]] = {}
    for name in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
            parents[int(name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
        except (OSError, IndexError, ValueError):
            continue  # the process ended while it was read
    found: dict[int, tuple[int, int]] = {}
    frontier = {os.getpid()}
    while frontier:
        below = {pid for pid, (parent, _) in parents.items() if parent in frontier and pid not in found}
        found.update({pid: parents[pid] for pid in below})
        frontier = below
    return found


def _counted_before(running: dict[int, tuple[int, int]], after: dict[int, tuple[int, int]]) -> int:
    """The ticks, already counted as growth, of the processes that ended meanwhile and were reaped.

    A reaped process adds its whole life to its reaper's total, so what earlier tests counted of it
    comes off. One whose parent ended too was likely left to init (Chromium's renderers when the
    browser goes): nothing of it reaches this process, so nothing comes off.
    """
    me = os.getpid()
    return sum(
        ticks
        for pid, (parent, ticks) in running.items()
        if pid not in after and (parent == me or parent in after)
    )


def _clocks() -> tuple[float, float, dict[int, tuple[int, int]]]:
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time(), reaped.ru_utime + reaped.ru_stime, _running_descendants()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None]:
    own, reaped, running = _clocks()
    begun = time.time()
    started = time.monotonic()
    yield
    wall = time.monotonic() - started
    own_after, reaped_after, running_after = _clocks()
    grown = sum(ticks - running.get(pid, (0, 0))[1] for pid, (_, ticks) in running_after.items())
    counted = _counted_before(running, running_after)
    line = {
        "id": item.nodeid,
        "worker": os.environ.get("PYTEST_XDIST_WORKER", "main"),
        "own": round(own_after - own, 3),
        "started": round(reaped_after - reaped + (grown - counted) / _TICKS, 3),
        "begin": round(begun, 3),
        "wall": round(wall, 3),
    }
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps(line) + "\n")


def summary(log: Path, files: int = 40, tests: int = 25) -> str:
    """The total, the costliest files and the costliest tests of a log, CPU seconds first."""
    rows: dict[str, dict[str, Any]] = {}
    for text in log.read_text(encoding="utf-8").splitlines():
        row = json.loads(text)
        rows[row["id"]] = row  # a test run twice counts once, as its last run
    by_file: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    for row in rows.values():
        total = by_file[row["id"].split("::")[0]]
        total[0] += row["own"] + row["started"]
        total[1] += row["wall"]
        total[2] += 1
    cpu = sum(total[0] for total in by_file.values())
    lines = [f"{cpu:.1f} CPU-s in {len(rows)} tests"]
    for name, (seconds, wall, count) in sorted(by_file.items(), key=lambda item: -item[1][0])[:files]:
        lines.append(f"{seconds:8.1f} CPU-s {wall:8.1f} wall-s {count:5.0f} tests  {name}")
    lines.append("")
    for row in sorted(rows.values(), key=lambda row: -(row["own"] + row["started"]))[:tests]:
        lines.append(f"{row['own'] + row['started']:8.1f} CPU-s {row['wall']:8.1f} wall-s  {row['id']}")
    lines.extend(["", *timeline(rows.values())])
    return "\n".join(lines)


def timeline(rows: Any) -> list[str]:
    """When each test process began its first test and ended its last, and its CPU seconds meanwhile."""
    workers: dict[str, list[float]] = {}
    for row in rows:
        if "begin" not in row:
            return []  # a log of an older version of this plugin
        span = workers.setdefault(row["worker"], [row["begin"], 0.0, 0.0])
        span[0] = min(span[0], row["begin"])
        span[1] = max(span[1], row["begin"] + row["wall"])
        span[2] += row["own"] + row["started"]
    if not workers:
        return []
    zero = min(span[0] for span in workers.values())
    return [
        f"{name}: tests from {begin - zero:7.1f} s to {end - zero:7.1f} s, {cpu:7.1f} CPU-s"
        for name, (begin, end, cpu) in sorted(workers.items())
    ]


if __name__ == "__main__":
    print(summary(Path(sys.argv[1] if len(sys.argv) > 1 else _LOG)))
