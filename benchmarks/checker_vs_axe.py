"""The built-in checker, axe-core and the browser stage on the same pages, interleaved, with cold caches.

    python benchmarks/checker_vs_axe.py [--pages auto|examples|act] [--rounds 5] [--rules] [--checker-cpu]

Pages: the HTML outputs of ``examples/*.md`` (built with ``publisher publish``), or, when that is not
possible or ``--pages act`` is given, the HTML documents of the "core" ACT test cases plus a generated
30 KB article-like page.

For every page, in every round, three measurements run back to back (A B C, then the next page):
- A, built-in checker: ``clear_caches(keep_style_sheets=True)`` first, then ``check_html(file bytes)``:
  parse and every web rule. This process pinned to one core. Every cache is cleared but the parsed
  site style sheet and the selectors compiled from it, which a publish keeps from one page of a
  release to the next (they are keyed by the sheet's text; the warm-up page fills them): the page
  as the next page of a publish finds the checker. Colours, style attributes, words, languages and
  everything else page-specific start cold.
- B, the floor: axe-core 4.14 in Chromium on a fresh page: navigate to it on a loopback server, wait
  for its load event (axe-core injected into the new document), ``axe.run`` with the WCAG A/AA tags,
  violations back in Python. One persistent browser, started once (not timed); not pinned.
- C, the browser stage as a release runs it: its own Chromium, a fresh page, the Tab walk, every probe
  under every condition (light, dark when the page reacts to it, 320 CSS px, 200 %, text spacing),
  the axe-core rules the static stage and the probes leave to it (light; link-in-text-block in dark
  mode too), findings and screenshot crops.
- D, axe-core alone under the stage's three axe conditions: a fresh page each in light mode, dark mode
  and at 320 CSS px (what axe-core needs to cover the same modes without the stage).

Printed: the median time per page of each, and the ratios B/A, C/B and C/D computed pair by pair
(each page in each round) with their median, minimum and maximum. The target of the built-in checker:
B/A >= 50; of the browser stage: C/B <= 1 (C/D is printed beside it, for what the same modes cost
with axe-core alone).

``--checker-cpu``: only A, as CPU time (user + system) per page, for comparing changes to the checker
on a loaded machine, where wall time mostly measures the load; beside it the same with every cache
cleared, the style sheets too (the first page of a process). Nothing is recorded.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image
from record import Figure, load_average, pairwise_ratios, record

from publisher.a11y import check_html, rules_for
from publisher.a11y.browser.axe import AxeRunner
from publisher.a11y.browser.stage import BrowserStage
from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import parse_document
from publisher.a11y.engine import clear_caches

FLOOR = "axe-core 4.14 in Chromium on a fresh page (navigate, load, axe.run with the WCAG A/AA tags)"
REPO = Path(__file__).resolve().parents[1]
ACT_CASES = REPO.parent / "shared" / "act-cases"
TARGET_RATIO = 50.0

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Build the pages, time the three engines interleaved on them and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", choices=("auto", "examples", "act"), default="auto")
    parser.add_argument("--rounds", type=int, default=5, help="times each page is measured by each engine")
    parser.add_argument("--act-cases", type=Path, default=ACT_CASES, help="folder holding cases.json")
    parser.add_argument("--rules", action="store_true", help="also print the slowest built-in rules")
    parser.add_argument(
        "--checker-cpu",
        action="store_true",
        help="only the built-in checker's CPU time per page, cold caches (no browser; nothing recorded)",
    )
    args = parser.parse_args(argv)
    load_before = load_average()
    print(f"floor: {FLOOR}")
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as scratch:
        work = Path(scratch)
        pages, source = build_pages(work, args.pages, args.act_cases)
        print(f"pages: {len(pages)} ({source}), {sum(p.stat().st_size for p in pages) / 1024:.0f} KB in all")
        print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; rounds: {args.rounds}")
        if args.rules:
            print_slowest_rules(pages)
        if args.checker_cpu:
            print_checker_cpu(pages, args.rounds)
            return 0
        times = interleaved(pages, work, args.rounds)
    record("checker_vs_axe", FLOOR, report(times), load_before)
    return 0


def report(times: dict[str, list[float]]) -> list[Figure]:
    """Print the medians per page and the ratios pair by pair; return them as figures to record."""
    built_in, axe, stage, modes = (times[name] for name in ("built-in", "axe", "stage", "axe-modes"))
    figures = []
    for label, values in (
        ("A built-in checker, cold caches (site style sheet kept), one core", built_in),
        ("B axe-core, fresh page (floor)", axe),
        ("C browser stage, fresh page", stage),
        ("D axe-core, light + dark + 320px", modes),
    ):
        median = statistics.median(values) * 1000
        print(f"{label + ':':<44} median {median:8.2f} ms per page")
        figures.append(Figure(label + ", median per page", round(median, 2), "ms"))
    for label, ratios, target in (
        (
            "B/A: built-in checker faster than axe-core",
            pairwise_ratios(axe, built_in),
            f">= {TARGET_RATIO:g}",
        ),
        ("C/B: browser stage cost against axe-core", pairwise_ratios(stage, axe), "<= 1"),
        ("C/D: browser stage against axe-core in three modes", pairwise_ratios(stage, modes), ""),
    ):
        median = statistics.median(ratios)
        met = (median >= TARGET_RATIO if target.startswith(">=") else median <= 1.0) if target else None
        verdict = "" if met is None else f"  target {target}x: {'met' if met else 'MISSED'}"
        print(
            f"{label}, pair by pair: median {median:6.2f}x (min {min(ratios):.2f}x, max {max(ratios):.2f}x)"
            + verdict
        )
        figures.append(Figure(label + ", median pair by pair", round(median, 2), "x", target, met))
    return figures


def build_pages(work: Path, choice: str, act_cases: Path) -> tuple[list[Path], str]:
    """The HTML files to check and a label saying where they came from."""
    if choice in ("auto", "examples"):
        try:
            return example_pages(work / "site"), "web outputs of examples/*.md"
        except (OSError, RuntimeError) as error:
            if choice == "examples":
                raise
            print(f"note: examples not built ({error}); using ACT core cases", file=sys.stderr)
    return act_pages(work, act_cases), "ACT core cases + generated 30 KB article"


def example_pages(out: Path) -> list[Path]:
    """Run ``publisher publish examples/*.md --out OUT`` and return every HTML file it wrote."""
    articles = sorted((REPO / "examples").glob("*.md"))
    command = [
        str(Path(sys.executable).with_name("publisher")),
        "publish",
        *map(str, articles),
        "--out",
        str(out),
    ]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    pages = sorted(out.rglob("*.html"))
    if run.returncode != 0 or not pages:
        last = (run.stderr.strip().splitlines() or ["no HTML written"])[-1]
        raise RuntimeError(f"publisher publish exited {run.returncode}: {last}")
    return pages


def act_pages(work: Path, act_cases: Path) -> list[Path]:
    """The HTML documents of the core ACT cases (assets at /test-assets/) and one generated article."""
    cases = json.loads((act_cases / "cases.json").read_text(encoding="utf-8"))
    folder = work / "act"
    folder.mkdir()
    (work / "test-assets").symlink_to(act_cases / "test-assets")
    pages = []
    for number, case in enumerate(cases):
        # Left out: cases needing the internet (no network here) or assets the data set does not ship
        # (audio and video files; axe waits 10 s for a broken autoplaying medium, which is no check speed).
        complete = all((act_cases / asset.lstrip("/")).is_file() for asset in case["asset_paths"])
        if (
            case["group"] == "core"
            and case["language"] == "html"
            and not case["external_resources"]
            and complete
        ):
            page = folder / f"{case['rule_id']}-{number}.html"
            page.write_text(case["document"], encoding="utf-8")
            pages.append(page)
    pages.append(article_page(work))
    return pages


def article_page(work: Path, size: int = 30_000) -> Path:
    """An invented press release of about ``size`` bytes: landmarks, figure, quote, lists, a table."""
    Image.new("RGB", (640, 360), (30, 100, 150)).save(work / "lageplan.png")
    topics = ["Radverkehr", "Schulbau", "Hochwasserschutz", "Stadtgrün", "Breitband", "Bürgerdienste"]
    sections: list[str] = []
    number = 0
    while sum(len(section) for section in sections) < size - 2_000:
        topic = topics[number % len(topics)]
        number += 1
        sections.append(
            f'<section aria-labelledby="s{number}">'
            f'<h2 id="s{number}">{topic}: Stand der Arbeiten {number}</h2>'
            f"<p>Die Verwaltung hat im Abschnitt {number} den Ausbau für {topic.lower()} fortgesetzt. "
            "Bis zum Herbst sollen die Arbeiten an allen geplanten Orten abgeschlossen sein, teilte das "
            "zuständige Amt mit. Anwohnerinnen und Anwohner werden vorab schriftlich informiert.</p>"
            f"<ul><li>Baubeginn im {number % 12 + 1}. Monat</li><li>Kosten: {number * 120} 000 Euro</li>"
            "<li>Ansprechperson im Bürgerbüro</li></ul>"
            f'<p>Weitere Unterlagen stehen im <a href="unterlagen-{number}.html">Bericht zu {topic} '
            f"(Abschnitt {number})</a> bereit.</p></section>"
        )
    body = "\n".join(sections)
    html = f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Jahresbericht der Bauverwaltung – Pressestelle</title>
<style>body{{font:1rem/1.5 sans-serif;color:#1a1a1a;background:#fff}}a{{color:#0b4f8a}}</style></head>
<body><a href="#inhalt">Zum Inhalt springen</a>
<header><nav aria-label="Hauptnavigation"><a href="../index.html">Startseite</a></nav></header>
<main id="inhalt"><article><h1>Jahresbericht der Bauverwaltung</h1>
<p><time datetime="2026-03-02T10:00+01:00">2. März 2026</time></p>
<figure><img src="../lageplan.png" alt="Lageplan der Baustellen im Stadtgebiet" width="640" height="360">
<figcaption>Lageplan der Baustellen. Foto: Pressestelle</figcaption></figure>
<blockquote><p>Wir bauen dort, wo es den Menschen im Alltag hilft.</p>
<footer>— Baudezernentin</footer></blockquote>
{body}
<table><caption>Ausgaben nach Bereich</caption><tr><th scope="col">Bereich</th><th scope="col">Euro</th></tr>
<tr><td>Radverkehr</td><td>1 200 000</td></tr><tr><td>Schulbau</td><td>3 400 000</td></tr></table>
</article></main><footer><a href="../barrierefreiheit.html">Erklärung zur Barrierefreiheit</a></footer>
</body></html>
"""
    page = work / "act" / "jahresbericht.html"
    page.write_text(html, encoding="utf-8")
    return page


def interleaved(pages: list[Path], root: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds per page of each engine, measured A B C per page and round (warm-up page not counted)."""
    times: dict[str, list[float]] = {"built-in": [], "axe": [], "stage": [], "axe-modes": []}
    allowed = os.sched_getaffinity(0)
    with AxeRunner(root) as axe, BrowserStage() as stage:
        check_html(pages[0].read_bytes(), channel="web")  # rule modules imported once, as in a worker
        axe.check_file(pages[0])
        stage.check_file(pages[0], root=root)
        for _ in range(rounds):
            for page in pages:
                os.sched_setaffinity(0, {min(allowed)})
                try:
                    start = time.perf_counter()
                    clear_caches(keep_style_sheets=True)
                    check_html(page.read_bytes(), channel="web", path=str(page))
                    times["built-in"].append(time.perf_counter() - start)
                finally:
                    os.sched_setaffinity(0, allowed)
                start = time.perf_counter()
                axe.check_file(page)
                times["axe"].append(time.perf_counter() - start)
                start = time.perf_counter()
                stage.check_file(page, root=root)
                times["stage"].append(time.perf_counter() - start)
                start = time.perf_counter()
                for scheme, width in (("light", 1280), ("dark", 1280), ("light", 320)):
                    _emulate(axe, scheme, width)
                    axe.check_file(page)
                _emulate(axe, "light", 1280)
                times["axe-modes"].append(time.perf_counter() - start)
    return times


def _emulate(axe: AxeRunner, scheme: str, width: int) -> None:
    """Set the colour scheme and viewport width of axe-core's browser (DevTools, as the stage does)."""
    browser = axe._browser  # the benchmark drives the runner's browser as the stage drives its own
    feature = {"name": "prefers-color-scheme", "value": scheme}
    browser.send("Emulation.setEmulatedMedia", {"features": [feature]}, session=browser.session)
    metrics = {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": False}
    browser.send("Emulation.setDeviceMetricsOverride", metrics, session=browser.session)


def print_checker_cpu(pages: list[Path], rounds: int) -> None:
    """CPU milliseconds per page of A (caches cleared first), the measure to compare on a loaded machine.

    Interleaved page by page with the same check after clearing the style sheet caches too.
    """
    check_html(pages[0].read_bytes(), channel="web")  # rule modules imported once, as in a worker
    spent: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(rounds):
        for page in pages:
            data = page.read_bytes()
            for keep in (True, False):
                start = time.process_time()
                clear_caches(keep_style_sheets=keep)
                check_html(data, channel="web", path=str(page))
                spent[keep].append(time.process_time() - start)
    for keep, label in ((True, "cold caches, site style sheet kept"), (False, "every cache cold")):
        median, mean = statistics.median(spent[keep]) * 1000, statistics.fmean(spent[keep]) * 1000
        print(f"A built-in checker, {label}: CPU median {median:.2f} ms, mean {mean:.2f} ms per page")


def print_slowest_rules(pages: list[Path], shown: int = 10) -> None:
    """Milliseconds per page of parsing, of what rules share, and of the slowest rules (where to optimise).

    CPU time, with the caches cleared before each page as for A (the site's style sheet kept).
    """
    spent: dict[str, float] = {}
    for page in pages * 5:
        clear_caches(keep_style_sheets=True)
        start = time.process_time()
        document = parse_document(page.read_bytes(), channel="web", path=str(page))
        spent["(parse)"] = spent.get("(parse)", 0.0) + time.process_time() - start
        # Built before the rules, so that no rule is charged with what they all share.
        shared = semantics(document)
        start = time.process_time()
        _ = shared.styles
        middle = time.process_time()
        _ = shared.unexposed, shared.by_role
        spent["(attributes, css cascade)"] = spent.get("(attributes, css cascade)", 0.0) + middle - start
        spent["(hidden, roles)"] = spent.get("(hidden, roles)", 0.0) + time.process_time() - middle
        for candidate in rules_for("web"):
            start = time.process_time()
            list(candidate.check(document))
            spent[candidate.id] = spent.get(candidate.id, 0.0) + time.process_time() - start
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1])[:shown]:
        print(f"  built-in {name:<28} {seconds / len(pages * 5) * 1000:6.3f} ms/page")


if __name__ == "__main__":
    if shutil.which("chromium") is None:
        print("needs Chromium: apt-get install chromium, then scripts/setup-axe.sh", file=sys.stderr)
    sys.exit(main())
