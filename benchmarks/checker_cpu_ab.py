"""The built-in checker of this checkout against another checkout's, page by page, interleaved, in CPU time.

    python benchmarks/checker_cpu_ab.py OTHER [--pages FOLDER] [--rounds 3]

OTHER is the root of another copy of the project, e.g. the previous version unpacked with
``git archive HEAD~3 | tar -x -C /tmp/before``. Two processes check the same HTML pages, one with this
checkout's ``publisher`` package and one with OTHER's (its folder first on ``PYTHONPATH``), one page at
a time in turn (A B A B ...), so a load that comes and goes falls on both alike. Each page is checked
as in ``checker_vs_axe.py``: ``clear_caches(keep_style_sheets=True)``, then ``check_html`` of the file's
bytes as a web page, timed as the CPU time of its own process. Pages: the web outputs of
``examples/*.md`` built with this checkout's ``publisher publish``, or every ``*.html`` under ``--pages``.

Printed: the median and mean CPU milliseconds per page of each, and OTHER's time over this checkout's,
pair by pair (median, minimum, maximum). Nothing is recorded: this compares two versions of the checker
on a loaded machine; the README's figures come from ``checker_vs_axe.py``.
"""

from __future__ import annotations

import argparse
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
    """Start both checkers, feed them the pages in turn, print medians and the pairwise ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("other", type=Path, help="root of the other checkout (holds publisher/)")
    parser.add_argument("--pages", type=Path, help="folder of HTML pages (default: build the examples)")
    parser.add_argument("--rounds", type=int, default=3, help="times each page is checked by each")
    args = parser.parse_args(argv)
    if not (args.other / "publisher" / "a11y").is_dir():
        parser.error(f"{args.other} holds no publisher/a11y package")
    with tempfile.TemporaryDirectory(prefix="publisher-ab-") as scratch:
        if args.pages is not None:
            pages = sorted(args.pages.rglob("*.html"))
        else:
            sys.path.insert(0, str(Path(__file__).parent))
            from checker_vs_axe import example_pages

            pages = example_pages(Path(scratch) / "site")
        if not pages:
            parser.error("no HTML pages to check")
        print(
            f"pages: {len(pages)}; rounds: {args.rounds}; "
            f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
        )
        spent = _interleaved({"other": args.other.resolve(), "this": REPO}, pages, args.rounds)
    for name, values in spent.items():
        print(
            f"{name} ({'OTHER' if name == 'other' else 'this checkout'}): CPU median "
            f"{statistics.median(values):.2f} ms, mean {statistics.fmean(values):.2f} ms per page"
        )
    ratios = [before / after for before, after in zip(spent["other"], spent["this"], strict=True)]
    print(
        f"other/this, pair by pair: median {statistics.median(ratios):.2f}x (min {min(ratios):.2f}x, "
        f"max {max(ratios):.2f}x), {len(ratios)} pairs; load {os.getloadavg()[0]:.1f} at the end"
    )
    return 0


def _interleaved(roots: dict[str, Path], pages: list[Path], rounds: int) -> dict[str, list[float]]:
    """CPU milliseconds per page and round of each checker, asked in turn."""
    workers = {
        name: subprocess.Popen(
            [sys.executable, __file__, "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(root)},
            cwd=root,
        )
        for name, root in roots.items()
    }
    spent: dict[str, list[float]] = {name: [] for name in roots}
    try:
        for _ in range(rounds):
            for page in pages:
                for name, worker in workers.items():
                    assert worker.stdin is not None and worker.stdout is not None
                    worker.stdin.write(f"{page}\n")
                    worker.stdin.flush()
                    answer = worker.stdout.readline()
                    if not answer:
                        raise RuntimeError(f"the {name} checker stopped at {page}")
                    spent[name].append(float(answer))
    finally:
        for worker in workers.values():
            if worker.stdin is not None:
                worker.stdin.close()
            worker.wait(timeout=60)
    return spent


def serve() -> None:
    """Check each page named on standard input; print the CPU milliseconds it took (after a warm-up)."""
    from publisher.a11y import check_html
    from publisher.a11y.engine import clear_caches

    warmed = False
    for line in sys.stdin:
        page = Path(line.strip())
        data = page.read_bytes()
        if not warmed:  # rule modules imported and the site's style sheet parsed, as in a worker
            check_html(data, channel="web")
            warmed = True
        start = time.process_time()
        clear_caches(keep_style_sheets=True)
        check_html(data, channel="web", path=str(page))
        print(f"{(time.process_time() - start) * 1000:.4f}", flush=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        serve()
        sys.exit(0)
    sys.exit(main())
