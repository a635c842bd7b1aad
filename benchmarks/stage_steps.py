"""Where the browser stage's time goes on the examples' pages: per DevTools step, and CPU time of both sides.

    python benchmarks/stage_steps.py [--rounds 3] [--steps] [--site DIR]

Builds the HTML outputs of ``examples/*.md`` (as ``checker_vs_axe.py`` does; ``--site``: takes the HTML
files of a site published before instead, e.g. with ``publisher publish examples/*.md --out DIR``), then
checks every page with one ``BrowserStage`` and, interleaved, with axe-core alone on a fresh page
(``AxeRunner``, the floor of ``checker_vs_axe.py``). Printed per page, median over pages and rounds:

- CPU time (user + system) of Chromium (every process of its process group, from the start of one
  check to the start of the next, so that what a check leaves the browser to do after it returns
  counts too) plus this Python process (during the check), for the stage and for axe-core alone, and
  their ratio pair by pair: the measure to compare on a loaded machine, where wall time mostly
  measures the load;
- the stage's wall time per kind of DevTools step (navigate, each probe script, key presses,
  emulation, screenshots) and the number of round trips, to see where it waits.

Nothing is recorded: a development aid, not a benchmark result.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checker_vs_axe import example_pages

from publisher.a11y.browser.axe import AxeRunner
from publisher.a11y.browser.chromium import Chromium
from publisher.a11y.browser.stage import BrowserStage

_TICKS = os.sysconf("SC_CLK_TCK")


def group_cpu(group: int) -> float:
    """CPU seconds (user + system) spent so far by the live processes of process group ``group``."""
    total = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (fields := _stat(entry)) and int(fields[2]) == group:
            total += int(fields[11]) + int(fields[12])  # fields after the name: state, ppid, pgrp, ...
    return total / _TICKS


def _stat(pid: str) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return []


def both_cpu(browser: Chromium) -> float:
    """CPU seconds of ``browser``'s processes and of this one."""
    return group_cpu(browser._pid) + time.process_time()


def step_name(method: str, params: dict[str, Any]) -> str:
    """A short name for one DevTools command, naming the probe an evaluation calls."""
    if method != "Runtime.evaluate":
        return method.split(".")[1]
    expression = params.get("expression", "")
    if "axe.run" in expression:
        return "evaluate axe.run"
    probes = [word for word in expression.replace("(", " ").split() if word.startswith("P.")]
    return "evaluate " + (",".join(dict.fromkeys(probes))[:60] or expression[:40])


def timed_browser(browser: Chromium, steps: dict[str, list[float]], cpu: dict[str, list[float]]) -> None:
    """Wrap ``browser``'s send and send_many: each call's wall time and Chromium's CPU time, by step name.

    The CPU time is Chromium's while the step ran: work the browser does after a reply (painting,
    say) counts to the next step.
    """
    send, send_many = browser.send, browser.send_many

    def timed(name: str, call: Callable[[], Any]) -> Any:
        used = group_cpu(browser._pid)
        start = time.perf_counter()
        try:
            return call()
        finally:
            steps[name].append(time.perf_counter() - start)
            cpu[name].append(group_cpu(browser._pid) - used)

    def one(method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> Any:
        return timed(step_name(method, params or {}), lambda: send(method, params, session=session))

    def many(commands: list[tuple[str, dict[str, Any]]], *, session: str | None = None) -> Any:
        name = " + ".join(dict.fromkeys(step_name(method, params) for method, params in commands))
        return timed(f"[{len(commands)}] {name}"[:90], lambda: send_many(commands, session=session))

    def navigate(url: str, **options: Any) -> None:
        timed("(navigate until the load event)", lambda: load(url, **options))

    load = browser.navigate
    browser.send, browser.send_many = one, many  # type: ignore[method-assign]
    browser.navigate = navigate  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--steps",
        action="store_true",
        help="also time each step (its bookkeeping adds to the stage's CPU time)",
    )
    parser.add_argument(
        "--site", type=Path, help="a published site's folder: its pages, not the examples built anew"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="publisher-steps-") as scratch:
        root = args.site.resolve() if args.site else Path(scratch)
        pages = sorted(root.rglob("*.html")) if args.site else example_pages(root / "site")
        print(f"{len(pages)} pages, load {os.getloadavg()[0]:.1f}, rounds {args.rounds}")
        steps: dict[str, list[float]] = defaultdict(list)
        step_cpu: dict[str, list[float]] = defaultdict(list)
        cpu: dict[str, list[float]] = {"stage": [], "axe": []}
        with AxeRunner(root) as axe, BrowserStage() as stage:
            axe.check_file(pages[0])
            stage.check_file(pages[0], root=root)
            if args.steps:
                timed_browser(stage._browser, steps, step_cpu)
            engines: dict[str, tuple[Chromium, Callable[[Path], object]]] = {
                "axe": (axe._browser, axe.check_file),
                "stage": (stage._browser, lambda page: stage.check_file(page, root=root)),
            }
            # Chromium's CPU from the start of one check to the start of the next of the same engine
            # (work a check leaves to the browser after it returns counts to it), this process's in the call.
            starts: dict[str, list[float]] = {"axe": [], "stage": []}
            ends: list[float] = []  # the stage's, when each check returned
            for _ in range(args.rounds):
                for page in pages:
                    for name, (browser, check) in engines.items():
                        starts[name].append(group_cpu(browser._pid))
                        before = time.process_time()
                        check(page)
                        cpu[name].append(time.process_time() - before)
                    ends.append(group_cpu(stage._browser._pid))
            for name, (browser, _) in engines.items():
                browser.evaluate("0")  # answered once the browser has done what the last check left to it
                starts[name].append(group_cpu(browser._pid))
                for number, (start, end) in enumerate(itertools.pairwise(starts[name])):
                    cpu[name][number] += end - start
            left = "(after the check returned: work left to the browser)"
            steps[left] = []
            step_cpu[left] = [start - end for end, start in zip(ends, starts["stage"][1:], strict=True)]
        checks = len(cpu["stage"])
        for name in ("axe", "stage"):
            median, mean = statistics.median(cpu[name]) * 1000, statistics.fmean(cpu[name]) * 1000
            print(f"CPU {name:<6} median {median:7.1f} ms, mean {mean:7.1f} ms per page")
        ratios = [stage / axe for stage, axe in zip(cpu["stage"], cpu["axe"], strict=True) if axe]
        overall = sum(cpu["stage"]) / sum(cpu["axe"])
        median = statistics.median(ratios)
        print(f"CPU stage/axe pair by pair: median {median:.2f}x; all pages together: {overall:.2f}x")
        if not args.steps:
            return 0
        print("stage per page by step: wall ms, Chromium CPU ms, calls")
        for name, spent in sorted(steps.items(), key=lambda item: -sum(step_cpu[item[0]])):
            wall, used = sum(spent) / checks * 1000, sum(step_cpu[name]) / checks * 1000
            print(f"  {wall:7.1f}  {used:7.1f}  {len(spent) / checks:5.1f}  {name}")
        trips = sum(len(spent) for name, spent in steps.items() if not name.startswith("(")) / checks
        print(f"  round trips per page: {trips:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
