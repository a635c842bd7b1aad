"""Pages per second of the built-in accessibility engine against axe-core in Chromium, on the same pages.

    python benchmarks/checker_vs_axe.py [--pages auto|examples|act] [--seconds 3] [--axe-rounds 3] [--rules]

Pages: the web outputs of ``examples/*.md`` (built with ``publisher publish``), or, when that is not
possible or ``--pages act`` is given, the HTML documents of the "core" ACT test cases plus a generated
30 KB article-like page. Both engines check the same files in the same run.

What is timed, per page:
- built-in: ``publisher.a11y.check_html(file bytes)`` (parse + every web rule), this process pinned to one
  core; the pages are checked in rounds until ``--seconds`` have passed, after one untimed warm-up round.
  What the engine remembers across pages is kept by text, never by page (see ``CACHED``), as when a
  release checks the pages of one site; a second, shorter run clears it before every page and is
  printed too.
- axe: in one persistent Chromium (started once, untimed), navigate to the page on a loopback server, wait
  for its load event (axe-core is injected into the new document as it is created), ``axe.run`` with the
  WCAG A/AA tags, and the violations back in Python as findings. Chromium is not pinned (it may use every
  core), so the ratio understates the built-in engine's per-core lead. One untimed warm-up page first,
  then every page ``--axe-rounds`` times (fewer than 100 pages) or once.
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

from publisher.a11y import check_html, rules_for
from publisher.a11y.browser.axe import AxeRunner
from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import parse_document
from publisher.a11y.engine import clear_caches

REPO = Path(__file__).resolve().parents[1]
ACT_CASES = REPO.parent / "shared" / "act-cases"
TARGET_RATIO = 50.0
CACHED = (
    "parsed stylesheets and compiled selectors (by stylesheet text), style attributes, colour values, "
    "language subtags, syllable counts per word; parsing, cascade, roles, names, text and every rule "
    "are computed for every page"
)

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Build the pages, time both engines on them and print pages per second and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", choices=("auto", "examples", "act"), default="auto")
    parser.add_argument("--seconds", type=float, default=3.0, help="time budget of the built-in engine")
    parser.add_argument("--act-cases", type=Path, default=ACT_CASES, help="folder holding cases.json")
    parser.add_argument("--axe-rounds", type=int, default=3, help="rounds of axe over a small page set")
    parser.add_argument("--rules", action="store_true", help="also print the slowest built-in rules")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="publisher-bench-") as scratch:
        work = Path(scratch)
        pages, source = build_pages(work, args.pages, args.act_cases)
        print(f"pages: {len(pages)} ({source}), {sum(p.stat().st_size for p in pages) / 1024:.0f} KB in all")
        built_in = time_built_in(pages, args.seconds)
        cold = time_built_in(pages, args.seconds / 3, cold=True)
        if args.rules:
            print_slowest_rules(pages)
        axe = time_axe(pages, work, args.axe_rounds if len(pages) < 100 else 1)
    ratio = built_in / axe
    print(f"built-in engine: {built_in:10.1f} pages/s  (one core; {1000 / built_in:.2f} ms per page)")
    print(f"  kept across pages: {CACHED}")
    print(f"  with that cleared before every page: {cold:.1f} pages/s ({1000 / cold:.2f} ms per page)")
    print(f"axe-core:        {axe:10.1f} pages/s  (Chromium {os.cpu_count()} cores)")
    verdict = "met" if ratio >= TARGET_RATIO else "MISSED"
    print(f"ratio:           {ratio:10.1f} x  (target >= {TARGET_RATIO:g} x: {verdict})")
    return 0


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


def time_built_in(pages: list[Path], seconds: float, *, cold: bool = False) -> float:
    """Pages per second of ``check_html`` on one core (file read included); ``cold``: caches cleared."""
    allowed = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {min(allowed)})
    try:
        for page in pages:  # warm-up: rule modules imported, caches filled
            check_html(page.read_bytes(), channel="web", path=str(page))
        checked = 0
        start = time.perf_counter()
        while (elapsed := time.perf_counter() - start) < seconds:
            for page in pages:
                if cold:
                    clear_caches()
                check_html(page.read_bytes(), channel="web", path=str(page))
            checked += len(pages)
    finally:
        os.sched_setaffinity(0, allowed)
    return checked / elapsed


def print_slowest_rules(pages: list[Path], shown: int = 10) -> None:
    """Milliseconds per page of parsing, of what rules share, and of the slowest rules (where to optimise)."""
    spent: dict[str, float] = {}
    for page in pages * 5:
        start = time.perf_counter()
        document = parse_document(page.read_bytes(), channel="web", path=str(page))
        spent["(parse)"] = spent.get("(parse)", 0.0) + time.perf_counter() - start
        # Built before the rules, so that no rule is charged with what they all share.
        shared = semantics(document)
        start = time.perf_counter()
        _ = shared.styles
        middle = time.perf_counter()
        _ = shared.unexposed, shared.by_role
        spent["(attributes, css cascade)"] = spent.get("(attributes, css cascade)", 0.0) + middle - start
        spent["(hidden, roles)"] = spent.get("(hidden, roles)", 0.0) + time.perf_counter() - middle
        for candidate in rules_for("web"):
            start = time.perf_counter()
            list(candidate.check(document))
            spent[candidate.id] = spent.get(candidate.id, 0.0) + time.perf_counter() - start
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1])[:shown]:
        print(f"  built-in {name:<28} {seconds / len(pages * 5) * 1000:6.3f} ms/page")


def time_axe(pages: list[Path], root: Path, rounds: int) -> float:
    """Pages per second of axe-core in one persistent Chromium: load + inject + ``axe.run`` per page."""
    started = time.perf_counter()
    with AxeRunner(root) as runner:
        print(f"axe-core: browser started in {time.perf_counter() - started:.2f} s (not counted)")
        runner.check_file(pages[0])  # warm-up
        times = []
        for page in pages * rounds:
            start = time.perf_counter()
            runner.check_file(page)
            times.append(time.perf_counter() - start)
    print(
        f"axe-core: median {statistics.median(times) * 1000:.0f} ms per page, max {max(times) * 1000:.0f} ms"
    )
    return len(times) / sum(times)


if __name__ == "__main__":
    if shutil.which("chromium") is None:
        print("needs Chromium: apt-get install chromium, then scripts/setup-axe.sh", file=sys.stderr)
    sys.exit(main())
