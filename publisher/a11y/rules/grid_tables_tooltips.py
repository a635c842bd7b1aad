"""Rules for tables drawn with rows of boxes instead of table markup, and for hints a script shows on
mouse hover that no key closes.

Timetables, opening hours and fare lists often come out of a CMS as a grid of ``div`` rows laid out
with CSS: they look like tables, and screen readers hear one run of words without column headers.
Hover hints built with a script (``mouseenter`` shows a ``role="tooltip"``) cover the text under them
until the pointer moves; the Escape key must close them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.dom.rule_matches import ESCAPE_KEY
from publisher.a11y.dom.scripts import inline_scripts
from publisher.a11y.registry import Violation, rule

__all__ = ["box_drawn_table", "scripted_hint_dismissible"]

# Boxes that may be a drawn table's rows and cells (a list of cards is made of li, and holds links).
_BOXES = frozenset({"div", "span", "li", "p"})
# What a cell of data holds at most: words, emphasis, a time or an abbreviation, never a control or a block.
_INLINE = frozenset({"strong", "b", "em", "i", "small", "abbr", "time", "br", "sup", "sub", "span"})
# The first row of a drawn table says it is the header: "grid-head", "row header", "thead", "kopf".
_HEAD_CLASS = re.compile(r"head|thead|kopf|titel|caption", re.IGNORECASE)
_MIN_ROWS = 3
_MAX_CELL_WORDS = 12
_BOLD = frozenset({"bold", "bolder", "600", "700", "800", "900"})


def _cells(row: _Element) -> list[_Element] | None:
    """The cells of ``row``, if every child is a small box of plain text; else None."""
    cells = [child for child in row if isinstance(child.tag, str)]
    if not 2 <= len(cells) <= 10 or any(cell.tag not in _BOXES for cell in cells):
        return None
    for cell in cells:
        if any(isinstance(part.tag, str) and part.tag not in _INLINE for part in cell.iterdescendants()):
            return None
        words = squash(text_of(cell)).split()
        if not words or len(words) > _MAX_CELL_WORDS:
            return None
    return cells


def _looks_like_header(row: _Element, cells: list[_Element], sem: Semantics) -> bool:
    if _HEAD_CLASS.search(row.get("class") or ""):
        return True
    return all(
        (sem.style(cell, "font-weight") or "") in _BOLD
        or (len(cell) == 1 and cell[0].tag in ("strong", "b") and not (cell.text or "").strip())
        for cell in cells
    )


def _grid_placed(container: _Element, sem: Semantics) -> bool:
    """The boxes are placed by a CSS grid (the container's or each row's): grid-drawn-table judges those."""
    return any(
        (sem.style(box, "display") or "") in ("grid", "inline-grid")
        for box in (container, *(child for child in container if isinstance(child.tag, str)))
    )


def _drawn_table(container: _Element, sem: Semantics) -> bool:
    rows = [child for child in container if isinstance(child.tag, str)]
    if len(rows) < _MIN_ROWS or any(row.tag not in _BOXES or row.get("role") for row in rows):
        return False
    shapes = [_cells(row) for row in rows]
    first = shapes[0]
    if first is None or any(cells is None or len(cells) != len(first) for cells in shapes):
        return False
    return _looks_like_header(rows[0], first, sem)


@rule(
    "box-drawn-table",
    description="Rows of data under a header row, drawn with div or span boxes, are marked up as a table.",
    wcag=["1.3.1"],
)
def box_drawn_table(doc: CheckedDocument) -> Iterator[Violation]:
    """A header row and rows of the same number of short text cells, made of ``div`` or ``span``, is a table
    that only looks like one: screen readers read it as a run of words, without column headers.

    Okay: <table><tr><th scope="col">Stop</th><th scope="col">Time</th></tr><tr><td>Zoo</td><td>06:12</td></tr><tr><td>Market</td><td>06:19</td></tr></table>
    Okay: <div class="cards"><div class="card"><h3>Day ticket</h3><p>€7.90</p></div><div class="card"><h3>Single</h3><p>€3.40</p></div><div class="card"><h3>Week</h3><p>€24</p></div></div>
    Okay: <div role="table" aria-label="Hours"><div role="row"><span role="columnheader">Day</span><span role="columnheader">Hours</span></div><div role="row"><span role="cell">Mon</span><span role="cell">8-18</span></div><div role="row"><span role="cell">Sat</span><span role="cell">9-13</span></div></div>
    Error: <div class="hours"><div class="row head"><span>Office</span><span>Mon to Fri</span></div><div class="row"><span>Town hall</span><span>8 to 18</span></div><div class="row"><span>Station</span><span>7 to 19</span></div></div>
    Error: <div><div><div style="font-weight: bold">Date</div><div style="font-weight: bold">Place</div></div><div><div>3 Dec</div><div>Town hall</div></div><div><div>10 Dec</div><div>Library</div></div></div>
    """
    sem = semantics(doc)
    reported: set[_Element] = set()
    for container in doc.root.iter("div", "section", "ul", "ol"):
        if container.get("role") or any(ancestor in reported for ancestor in container.iterancestors()):
            continue
        if not sem.is_exposed(container) or _grid_placed(container, sem) or not _drawn_table(container, sem):
            continue
        reported.add(container)
        yield Violation(
            message(
                doc,
                "%(element)s draws rows and columns of data with boxes: screen readers read it as one run of "
                "words, without column headers. Mark it up as a table (table, th with scope, td).",
                element=describe(container),
            ),
            container,
        )


# A script that shows something while the pointer is over an element.
_ON_HOVER = re.compile(r"""["'](?:mouseenter|mouseover|pointerenter|pointerover)["']""")
_HOVER_ATTRIBUTES = ("onmouseenter", "onmouseover", "onpointerenter", "onpointerover")


def _hidden_hints(doc: CheckedDocument, sem: Semantics) -> list[_Element]:
    """Tooltips of the page that are not shown until something opens them."""
    return [
        element
        for element in sem.with_roles("tooltip")
        if element.get("hidden") is not None or not sem.is_rendered(element)
    ]


@rule(
    "scripted-hint-dismissible",
    description="A hint a script shows on mouse hover (a tooltip) can be closed with the Escape key.",
    severity="warning",
    wcag=["1.4.13"],
)
def scripted_hint_dismissible(doc: CheckedDocument) -> Iterator[Violation]:
    """A tooltip that opens on ``mouseenter`` covers the text under it; those who zoom in must close it with
    Escape rather than move the pointer and lose their place.

    Okay: <span role="tooltip" id="t" hidden>Zone 1 is the city.</span><script>b.addEventListener("mouseenter", show); document.addEventListener("keydown", e => { if (e.key === "Escape") hide(); });</script>
    Okay: <span role="tooltip" id="t">Zone 1 is the city.</span><script>b.addEventListener("mouseenter", show);</script>
    Error: <span role="tooltip" id="t" hidden>Zone 1 is the city.</span><script>b.addEventListener("mouseenter", show); b.addEventListener("mouseleave", hide);</script>
    Error: <button onmouseover="t.hidden = false">Zone</button><span role="tooltip" id="t" hidden>Zone 1 is the city.</span>
    """
    scripts = [text for _, text in inline_scripts(doc)]
    handlers = [element.get(name) or "" for name in _HOVER_ATTRIBUTES for element in doc.having(name)]
    if not handlers and not any(_ON_HOVER.search(text) for text in scripts):
        return
    if any(ESCAPE_KEY.search(text) for text in [*scripts, *handlers]) or doc.having("onkeydown"):
        return
    sem = semantics(doc)
    for hint in _hidden_hints(doc, sem):
        yield Violation(
            message(
                doc,
                "%(element)s is a hint that a script shows on mouse hover, and no key closes it: let the Escape "
                "key hide it (a keydown listener), so that it can be dismissed without moving the pointer.",
                element=describe(hint),
            ),
            hint,
            severity="warning",
        )
