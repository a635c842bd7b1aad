"""Seconds the built-in checker takes on large hostile pages, against parsing the same page (the floor).

    python benchmarks/checker_scaling.py [--runs 3]

Each page shape is checked at a size and at five times that size: a checker that is linear in the page
takes five times as long (the "growth" column), a quadratic one twenty-five times. Shapes: a table
with a header cell in every row (4,000 rows took 54 s before the table model was rebuilt), cells
spanning as many rows and columns as HTML allows, links sharing one text, audio players, a closed
details element and a disabled fieldset with many children (work hidden in lxml's C loops, which the
test's line count cannot see), images without alt text and a wide header row. Runs of the two sizes
are interleaved after an untimed warm-up; medians are printed. Times are CPU seconds of this process
(user + system): on a loaded machine wall time mostly measures the other processes, and a large page
waits longer for the cores than a small one. A linear check shows 4-7 here (garbage collection and
caches grow with the heap; the table model adds its log factor); a quadratic one shows 20 and more.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from lxml.etree import HTMLParser, fromstring
from record import Figure, load_average, record

from publisher.a11y import check_html

__all__ = ["main"]

GROWTH_LIMIT = 10.0  # a linear checker grows 5x at five times the size, a quadratic one 25x
FLOOR = "a checker linear in the page (5× the time at 5× the size); lxml parsing printed for scale"


def _page(body: str) -> str:
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Meldung</title></head>'
        f"<body><main><h1>Meldung</h1>{body}</main></body></html>"
    )


SHAPES: dict[str, tuple[int, Callable[[int], str]]] = {
    "table, a header cell per row": (
        4_000,
        lambda n: _page(
            "<table><thead><tr><th>Kreis</th><th>Mio. €</th></tr></thead><tbody>"
            + "".join(f"<tr><th>Kreis {i}</th><td>{i},5</td></tr>" for i in range(n))
            + "</tbody></table>"
        ),
    ),
    "table, rowspan=65534 colspan=1000": (
        2_000,
        lambda n: _page(
            "<table>"
            + "".join(f'<tr><th rowspan="65534" colspan="1000">{i}</th><td>x</td></tr>' for i in range(n))
            + "</table>"
        ),
    ),
    "wide header row": (
        2_000,
        lambda n: _page("<table><tr>" + "".join(f"<th>S{i}</th>" for i in range(n)) + "</tr></table>"),
    ),
    "links with one text": (
        2_000,
        lambda n: _page("".join(f'<p><a href="/seite/{i}">Mehr erfahren</a></p>' for i in range(n))),
    ),
    "audio players": (
        1_000,
        lambda n: _page("".join(f'<p><audio src="a{i}.mp3" controls></audio></p>' for i in range(n))),
    ),
    "closed details of many paragraphs": (
        4_000,
        lambda n: _page(
            "<details><summary>Mehr</summary>"
            + "".join(f'<p><a href="/d{i}">Teil {i}</a></p>' for i in range(n))
            + "</details>"
        ),
    ),
    "disabled fieldset, long legend": (
        2_000,
        lambda n: _page(
            "<form><fieldset disabled><legend>"
            + "".join(f"<span>Teil {i}</span>" for i in range(n))
            + "</legend>"
            + "".join(f'<label>Feld {i} <input name="f{i}"></label>' for i in range(n))
            + "</fieldset></form>"
        ),
    ),
    "images without alt": (
        2_000,
        lambda n: _page("".join(f'<img src="bild{i}.png">' for i in range(n))),
    ),
}


def _seconds(action: Callable[[], object]) -> float:
    start = time.process_time()
    action()
    return time.process_time() - start


def main(argv: list[str] | None = None) -> int:
    """Time every shape at two sizes and print seconds, the parsing floor and the growth."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size; medians are printed")
    options = parser.parse_args(argv)
    load_before = load_average()
    figures: list[Figure] = []
    for _, make in SHAPES.values():  # untimed: catalogs loaded and patterns compiled on first use
        check_html(make(10))
    print(f"{'shape':36} {'size':>7} {'check s':>8} {'parse s':>8} {'× parse':>8} {'growth ×5':>9}")
    for name, (size, make) in SHAPES.items():
        pages = {count: make(count) for count in (size, 5 * size)}
        checks: dict[int, list[float]] = {count: [] for count in pages}
        parses: dict[int, list[float]] = {count: [] for count in pages}
        for _ in range(options.runs):
            for count, html in pages.items():  # interleaved, so load on the machine hits both sizes alike
                checks[count].append(_seconds(lambda html=html: check_html(html)))
                parses[count].append(_seconds(lambda html=html: fromstring(html, HTMLParser())))
        small, large = (statistics.median(checks[count]) for count in pages)
        for count in pages:
            check, parse = statistics.median(checks[count]), statistics.median(parses[count])
            shown = f"{large / small:9.1f}" if count != size else ""
            print(f"{name:36} {count:7} {check:8.2f} {parse:8.3f} {check / parse:8.0f} {shown}")
        growth = large / small
        figures.append(Figure(f"{name}: growth at 5× size", growth, "x", "< 10", growth < GROWTH_LIMIT))
    print(f"floor: {FLOOR}")
    record("checker_scaling", FLOOR, figures, load_before)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
