"""Every rule's work grows linearly with the document: counted, not timed.

The work of a rule is the number of Python lines it executes (with the engine locating its findings),
counted by a trace function, so the figure is the same on an idle and on a loaded machine. For
documents of n, 2n and 4n repeated parts, a linear rule's extra work from 2n to 4n is twice its extra
work from n to 2n (n log n: about 2.2); a quadratic one's is four times. The table rule of the past
(4,000 rows in 54 s) shows 3.9 here, as did a transcript search per player, a sibling index per finding
and a scan of all cells per header.

Work done inside one C call (lxml's ``find``, which looks ahead past the first match, or ``x in list``)
executes no Python line and is invisible here; ``benchmarks/checker_scaling.py`` times such shapes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from publisher.a11y.dom.document import parse_document
from publisher.a11y.engine import check_document, clear_caches, rules_for
from tests.conftest import REPO

N = 100
# Linear gives 2.0 and n log n about 2.2; quadratic work gives 4.
MAX_GROWTH = 2.6
# Below this many extra lines a rule's work is a constant (a page title, a viewport), not a trend.
NOISE = 300


def page(body: str, head: str = "") -> str:
    return (
        '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Meldung</title>'
        f"{head}</head><body><main><h1>Meldung</h1>{body}</main></body></html>"
    )


def email(body: str) -> str:
    return page(f'<table role="presentation"><tr><td style="font-size:16px">{body}</td></tr></table>')


SHAPES: dict[str, Callable[[int], str]] = {
    "table-rows": lambda n: page(
        "<table><caption>Mittel</caption><thead><tr><th>Kreis</th><th>Mio. €</th></tr></thead><tbody>"
        + "".join(f"<tr><td>Kreis {i}</td><td>{i},5</td></tr>" for i in range(n))
        + "</tbody></table>"
    ),
    "table-row-headers": lambda n: page(
        "<table><tr><td></td><th>Wert</th></tr>"
        + "".join(f"<tr><th>Zeile {i}</th><td>{i}</td></tr>" for i in range(n))
        + "</table>"
    ),
    "table-only-headers": lambda n: page(
        "<table>" + "".join(f"<tr><th>A{i}</th><th>B{i}</th></tr>" for i in range(n)) + "</table>"
    ),
    "table-wide-header-row": lambda n: page(
        "<table><tr>" + "".join(f"<th>S{i}</th>" for i in range(n)) + "</tr><tr><td>1</td></tr></table>"
    ),
    "table-spans": lambda n: page(
        '<table><tr><th colspan="3">Kopf</th></tr>'
        + "".join(
            f'<tr><th rowspan="2">{i}</th><td colspan="2">x</td></tr><tr><td>a</td><td>b</td></tr>'
            for i in range(n // 2)
        )
        + "</table>"
    ),
    "table-rowspan-ladder": lambda n: page(
        "<table>" + "".join(f'<tr><td rowspan="40">{i}</td><th>h</th></tr>' for i in range(n)) + "</table>"
    ),
    "table-headers-attribute": lambda n: page(
        '<table><tr><th id="k">Kreis</th><th id="w">Wert</th></tr>'
        + "".join(f'<tr><td headers="k">{i}</td><td headers="w k fehlt{i}">{i}</td></tr>' for i in range(n))
        + "</table>"
    ),
    "aria-grid": lambda n: page(
        '<div role="grid">'
        + "".join(
            f'<div role="row"><span role="rowheader">Z{i}</span><span role="gridcell">{i}</span></div>'
            for i in range(n)
        )
        + "</div>"
    ),
    "nested-tables": lambda n: page(
        "<table><tr><td>" * 60
        + "<table>"
        + "".join(f"<tr><th>{i}</th><td>x</td></tr>" for i in range(n))
        + "</table>"
        + "</td></tr></table>" * 60
    ),
    "links-same-text": lambda n: page(
        "".join(f'<p><a href="/seite/{i}">Mehr erfahren</a></p>' for i in range(n))
    ),
    "links-named": lambda n: page(
        "".join(f'<p><a href="/bericht/{i}">Jahresbericht {i}</a></p>' for i in range(n))
    ),
    "headings": lambda n: page(
        "".join(f"<h{2 + i % 5}>Abschnitt {i}</h{2 + i % 5}><p>Text.</p>" for i in range(n))
    ),
    "duplicate-ids": lambda n: page("".join(f'<p id="absatz{i % 7}">Text</p>' for i in range(n))),
    "deep-nesting": lambda n: page(
        "<div>" * 200 + "".join(f"<p>Absatz {i}</p>" for i in range(n)) + "</div>" * 200
    ),
    "long-list": lambda n: page("<ul>" + "".join(f"<li>Punkt {i}</li>" for i in range(n)) + "</ul>"),
    "images-without-alt": lambda n: page("".join(f'<img src="bild{i}.png">' for i in range(n))),
    "images-placeholder-alt": lambda n: page("".join(f'<img src="b{i}.png" alt="Bild">' for i in range(n))),
    "capitals": lambda n: page(
        "".join(f"<p>DIES IST EIN LAUTER SATZ NUMMER {i} IN GROSSBUCHSTABEN</p>" for i in range(n))
    ),
    "form-fields": lambda n: page(
        "<form>"
        + "".join(
            f'<label for="f{i}">Feld {i}</label><input id="f{i}" autocomplete="name">' for i in range(n)
        )
        + "".join(f'<input name="ohne{i}">' for i in range(n))
        + "</form>"
    ),
    "aria-references": lambda n: page(
        "".join(
            f'<div id="n{i}">Name {i}</div><button aria-labelledby="n{i} n{(i + 1) % n}" '
            f'aria-describedby="n{i} fehlt">B</button>'
            for i in range(n)
        )
    ),
    "tabs": lambda n: page(
        '<div role="tablist">'
        + "".join(
            f'<button role="tab" aria-controls="p{i}" aria-selected="false">T{i}</button>' for i in range(n)
        )
        + "</div>"
        + "".join(f'<div role="tabpanel" id="p{i}">x</div>' for i in range(n))
    ),
    "inline-styles": lambda n: page(
        "".join(
            f'<p style="color:#{i % 9}{i % 9}{i % 9};background:#fff;line-height:1.{i % 9} !important;'
            f'letter-spacing:0.0{i % 9}em !important;word-spacing:0.0{i % 9}em !important">Text {i}</p>'
            for i in range(n)
        )
    ),
    "stylesheet": lambda n: page(
        "".join(f'<p class="c{i}">Text {i}</p>' for i in range(n)),
        head="<style>" + "".join(f".c{i}{{color:#{i % 9}{i % 9}{i % 9}}}" for i in range(n)) + "</style>",
    ),
    "languages": lambda n: page(
        "<p>"
        + "".join(f'<span lang="{["en", "fr", "xx-!!", "de-AT"][i % 4]}">w{i}</span> ' for i in range(n))
        + "</p>"
    ),
    "prose": lambda n: page(
        "".join(
            f"<p>Die Landesregierung fördert den Ausbau der Glasfasernetze mit {i} Millionen Euro.</p>"
            for i in range(n)
        )
    ),
    "hidden-focusable": lambda n: page(
        "".join(f'<div aria-hidden="true"><a href="/x{i}">x</a><button>b</button></div>' for i in range(n))
    ),
    "nested-hidden": lambda n: page(
        '<div aria-hidden="true">' * 100
        + "".join(f'<a href="/x{i}">x</a>' for i in range(n))
        + "</div>" * 100
    ),
    "disabled-fieldset": lambda n: page(
        "<form><fieldset disabled><legend>"
        + "".join(f"<span>Teil {i}</span>" for i in range(n))
        + "</legend>"
        + "".join(f'<label>Feld {i} <input name="f{i}"></label>' for i in range(n))
        + "</fieldset></form>"
    ),
    "closed-details": lambda n: page(
        "<details><summary>Mehr</summary>"
        + "".join(f'<p><a href="/d{i}">Teil {i}</a></p>' for i in range(n))
        + "</details>"
    ),
    "figure-of-images": lambda n: page(
        "<figure>"
        + "".join(f'<img src="b{i}.png" alt="Bild {i} der Reihe">' for i in range(n))
        + "<figcaption>Bild 3 der Reihe</figcaption></figure>"
    ),
    "media-players": lambda n: page(
        "".join(
            f'<audio src="a{i}.mp3" controls autoplay></audio><video src="v{i}.mp4" controls></video>'
            for i in range(n)
        )
    ),
    "frames-and-svg": lambda n: page(
        "".join(
            f'<iframe src="f{i}.html"></iframe><svg role="img"><title>t{i}</title></svg>' for i in range(n)
        )
    ),
    "menus": lambda n: page(
        '<ul role="menu">' + "".join(f'<li role="menuitem">m{i}</li>' for i in range(n)) + "</ul>"
    ),
    "presentation-conflicts": lambda n: page(
        "".join(f'<img role="presentation" alt="" src="x{i}.png" tabindex="0">' for i in range(n))
    ),
    "email": lambda n: email(
        "".join(
            f'<p style="font-size:13px">Text {i} <a href="https://example.org/{i}">mehr</a></p>'
            f'<img src="i{i}.png" alt="Bild">'
            for i in range(n)
        )
    ),
}


def lines_per_rule(html: str, channel: str) -> dict[str, int]:
    """Python lines each rule executes on ``html`` (locating its findings included), caches cleared."""
    clear_caches()
    document = parse_document(html, channel=channel)  # type: ignore[arg-type]
    counts: dict[str, int] = {}
    running = [""]

    def count_lines(frame: FrameType, event: str, arg: Any) -> Any:
        if event == "line":
            counts[running[0]] = counts.get(running[0], 0) + 1
        return count_lines

    def on_call(frame: FrameType, event: str, arg: Any) -> Any:
        return count_lines

    rules = rules_for(document.channel)
    original = {rule.id: rule.check for rule in rules}

    def tracked(rule_id: str) -> Callable[..., Any]:
        def check(doc: Any) -> Any:
            running[0] = rule_id
            yield from original[rule_id](doc)

        return check

    for rule in rules:
        object.__setattr__(rule, "check", tracked(rule.id))
    sys.settrace(on_call)
    try:
        check_document(document)
    finally:
        sys.settrace(None)
        for rule in rules:
            object.__setattr__(rule, "check", original[rule.id])
    return counts


# Spans as large as HTML allows: kept as slots, 400 such cells would need some 10^8 of them.
HUGE_SPANS: dict[str, Callable[[int], str]] = {
    "table-huge-spans": lambda n: page(
        "<table>"
        + "".join(f'<tr><th rowspan="65534" colspan="1000">{i}</th><td>x</td></tr>' for i in range(n))
        + "</table>"
    ),
    "table-huge-colspans": lambda n: page(
        '<table><tr><th colspan="1000">Kopf</th></tr>'
        + "".join(f'<tr><td colspan="1000">{i}</td><th rowspan="1000">h</th></tr>' for i in range(n))
        + "</table>"
    ),
}


def faster_growing_rules(make: Callable[[int], str], channel: str) -> dict[str, str]:
    """The rules whose work from 2n to 4n parts grows more than MAX_GROWTH times that from n to 2n."""
    lines_per_rule(make(N), channel)  # first use loads catalogs and compiles patterns: not the rule's work
    small, middle, large = (lines_per_rule(make(size), channel) for size in (N, 2 * N, 4 * N))
    growth = {}
    for rule, work in large.items():
        first, second = middle.get(rule, 0) - small.get(rule, 0), work - middle.get(rule, 0)
        if second > NOISE and second > MAX_GROWTH * max(first, 1):
            growth[rule] = f"{small.get(rule, 0)} → {middle.get(rule, 0)} → {work} lines"
    return growth


@pytest.mark.parametrize("shape", list(SHAPES))
def test_every_rule_grows_linearly_with_the_document(shape: str) -> None:
    growth = faster_growing_rules(SHAPES[shape], "email" if shape == "email" else "web")
    assert not growth, f"work grows faster than the document ({shape}): {growth}"


# Run in a child process with a memory ceiling: a table model that lists slots must fail the test,
# not exhaust the machine's memory.
_CHILD = """
import json, resource
resource.setrlimit(resource.RLIMIT_AS, (2_000_000_000, 2_000_000_000))
from tests.a11y.rules.test_rule_scaling import HUGE_SPANS, faster_growing_rules
print(json.dumps({name: faster_growing_rules(make, "web") for name, make in HUGE_SPANS.items()}))
"""


def test_huge_spans_cost_no_more_than_small_ones() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD], cwd=REPO, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"the check did not complete: {done.stderr[-1500:]}"
    assert json.loads(done.stdout) == {name: {} for name in HUGE_SPANS}
