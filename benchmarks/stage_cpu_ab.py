"""The browser stage of this checkout against another checkout's, page by page, interleaved, in CPU time.

    python benchmarks/stage_cpu_ab.py OTHER [--pages FOLDER] [--rounds 1]

OTHER is the root of another copy of the project (e.g. ``git worktree add /tmp/before HEAD~3``; it
needs ``node_modules/axe-core``, a link to this checkout's will do). Two processes, one with this
checkout's ``publisher`` package and one with OTHER's (its folder first on ``PYTHONPATH``), each with
its own ``BrowserStage``, check the same pages one at a time in turn (A B A B ...), so a load that
comes and goes falls on both alike. A page's cost is the CPU time (user + system) of the stage's
Chromium (every process of its process group) and of the checking process, from an answered no-op
before the check to one after it, the emptying of the page that the check leaves to the browser
included. Pages: the web outputs of ``examples/*.md`` built with this checkout's ``publisher publish``,
or every ``*.html`` under ``--pages`` (served with that folder as the site's root).

Printed: the median and mean CPU milliseconds per page of each, OTHER's time over this checkout's pair
by pair, and the pages on which the two stages' findings (rule, message, place, condition, crop name)
differ in any round. Nothing is recorded: this compares two versions of the stage on a loaded
machine; the README's figures come from ``checker_vs_axe.py``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Start both stages, feed them the pages in turn, print medians, the ratio and any difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="root of the other checkout (holds publisher/)")
    parser.add_argument("--pages", type=Path, help="folder of HTML pages (default: build the examples)")
    parser.add_argument("--rounds", type=int, default=1, help="times each page is checked by each")
    args = parser.parse_args(argv)
    if not (args.other / "publisher" / "a11y" / "browser").is_dir():
        parser.error(f"{args.other} holds no publisher/a11y/browser package")
    with tempfile.TemporaryDirectory(prefix="publisher-stage-ab-") as scratch:
        if args.pages is not None:
            root = args.pages.resolve()
            pages = sorted(root.rglob("*.html"))
        else:
            sys.path.insert(0, str(Path(__file__).parent))
            from checker_vs_axe import example_pages

            root = Path(scratch) / "site"
            pages = example_pages(root)
        if not pages:
            parser.error("no HTML pages to check")
        print(
            f"pages: {len(pages)}; rounds: {args.rounds}; "
            f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
        )
        spent, differ = _interleaved({"other": args.other.resolve(), "this": REPO}, root, pages, args.rounds)
    for name, values in spent.items():
        print(
            f"{name} ({'OTHER' if name == 'other' else 'this checkout'}): CPU median "
            f"{statistics.median(values):.1f} ms, mean {statistics.fmean(values):.1f} ms per page"
        )
    ratios = [before / after for before, after in zip(spent["other"], spent["this"], strict=True)]
    print(
        f"other/this, pair by pair: median {statistics.median(ratios):.2f}x (min {min(ratios):.2f}x, "
        f"max {max(ratios):.2f}x), {len(ratios)} pairs; load {os.getloadavg()[0]:.1f} at the end"
    )
    shown = ", ".join(str(page.relative_to(root)) for page in sorted(differ)[:10])
    print(f"pages with different findings: {len(differ)}" + (f" ({shown})" if differ else ""))
    return 0


def _interleaved(
    roots: dict[str, Path], site: Path, pages: list[Path], rounds: int
) -> tuple[dict[str, list[float]], set[Path]]:
    """CPU milliseconds per page and round of each stage, asked in turn; the pages whose findings differ."""
    workers = {
        name: subprocess.Popen(
            [sys.executable, __file__, "--serve", str(site)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(root)},
            cwd=root,
        )
        for name, root in roots.items()
    }
    spent: dict[str, list[float]] = {name: [] for name in roots}
    differ: set[Path] = set()
    try:
        for _ in range(rounds):
            for page in pages:
                found = []
                for name, worker in workers.items():
                    assert worker.stdin is not None and worker.stdout is not None
                    worker.stdin.write(f"{page}\n")
                    worker.stdin.flush()
                    answer = worker.stdout.readline()
                    if not answer:
                        raise RuntimeError(f"the {name} stage stopped at {page}")
                    milliseconds, findings = json.loads(answer)
                    spent[name].append(milliseconds)
                    found.append(findings)
                if found[0] != found[1]:
                    differ.add(page)
    finally:
        for worker in workers.values():
            if worker.stdin is not None:
                worker.stdin.close()
            worker.wait(timeout=60)
    return spent, differ


def serve(site: Path) -> None:
    """Check each page named on standard input; print its CPU milliseconds and findings (after a warm-up)."""
    from stage_steps import group_cpu

    from publisher.a11y.browser.stage import BrowserStage

    with BrowserStage() as stage:
        browser = stage._browser  # the benchmark reads the CPU time of the stage's own browser
        warmed = False
        for line in sys.stdin:
            page = Path(line.strip())
            if not warmed:
                stage.check_file(page, root=site)
                warmed = True
            browser.evaluate("0")  # answered once the browser has done what the last check left to it
            start = group_cpu(browser._pid) + time.process_time()
            checked = stage.check_file(page, root=site)
            browser.evaluate("0")
            milliseconds = (group_cpu(browser._pid) + time.process_time() - start) * 1000
            findings = [
                [finding.rule, finding.message, str(finding.location), finding.condition, finding.screenshot]
                for finding in checked.findings
            ]
            print(json.dumps([milliseconds, findings]), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve(Path(sys.argv[2]))
        sys.exit(0)
    sys.exit(main())
