"""Rules for structure that only the look of a page shows: tables drawn with a CSS grid and a multi-part
field under one label (headings drawn with a large bold font: ``bold-heading`` with
``publisher.a11y.dom.headings.styled_heading_lines``).

Each rule's docstring carries one-line ``Okay:`` and ``Error:`` examples that a test runs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["field_parts_one_label", "grid_drawn_table"]

_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "small", "abbr", "code", "br", "bdi", "time"})

# Column tracks of a grid: repeat(5, 1fr) counts five; repeat(auto-fill, ...) makes a flowing card grid.
_REPEAT = re.compile(r"repeat\(\s*(\d+)\s*,")
_FLOWING = re.compile(r"repeat\(\s*auto-(?:fill|fit)")
_MIN_COLUMNS = 3
_MIN_ROWS = 3
_CELL_TAGS = frozenset({"div", "span", "p"})


def _column_count(template: str) -> int:
    """How many columns ``grid-template-columns`` lays out (0 when they flow with the width)."""
    if _FLOWING.search(template) or "subgrid" in template or "masonry" in template:
        return 0
    repeated = sum(int(count) for count in _REPEAT.findall(template))
    outside = re.sub(r"repeat\((?:[^()]|\([^()]*\))*\)", " ", template)
    outside = re.sub(r"\((?:[^()]|\([^()]*\))*\)", "", outside)  # minmax(...), fit-content(...)
    tracks = [token for token in outside.split() if not token.startswith("[")]
    return repeated + len(tracks)


def _leaf_cells(container: _Element, sem: Semantics) -> list[_Element] | None:
    """The container's children when each is a cell of text (no blocks, no role), else None."""
    cells = [child for child in container if isinstance(child.tag, str)]
    for cell in cells:
        if cell.tag not in _CELL_TAGS or cell.get("role") or not sem.is_exposed(cell):
            return None
        if any(isinstance(inner.tag, str) and inner.tag not in _INLINE for inner in cell.iterdescendants()):
            return None
    return cells


@rule(
    "grid-drawn-table",
    description="Data laid out in rows and columns with a CSS grid of plain boxes is marked up as a table.",
    wcag=["1.3.1"],
)
def grid_drawn_table(doc: CheckedDocument) -> Iterator[Violation]:
    """A timetable of divs placed by ``display: grid`` shows columns only to the eye: no headers are read.

    Okay: <style>.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); }</style><div class="cards"><div>A</div><div>B</div><div>C</div><div>D</div><div>E</div><div>F</div><div>G</div><div>H</div><div>I</div></div>
    Okay: <style>.plan { display: grid; grid-template-columns: repeat(3, 1fr); }</style><div class="plan" role="table" aria-label="Plan"><div role="row"><span role="columnheader">Zeit</span></div></div>
    Error: <style>.row { display: grid; grid-template-columns: 1fr 1fr 2fr; }</style><div><div class="row"><div>Date</div><div>Time</div><div>Place</div></div><div class="row"><div>3 Dec</div><div>14:30</div><div>Town hall</div></div><div class="row"><div>10 Dec</div><div>09:00</div><div>Library</div></div></div>
    Error: <style>.plan { display: grid; grid-template-columns: 6rem repeat(2, 1fr); }</style><div class="plan"><div>Zeit</div><div>Montag</div><div>Dienstag</div><div>08:15</div><div>Chemie</div><div></div><div>10:15</div><div></div><div>Physik</div></div>
    """
    sem = semantics(doc)
    rows: dict[_Element, list[_Element]] = {}  # grids of one row each, by the element holding them
    for container in doc.root.iter("div", "section", "ul", "ol", "li"):
        if (sem.style(container, "display") or "") not in ("grid", "inline-grid"):
            continue
        if sem.explicit_role(container) is not None or not sem.is_exposed(container):
            continue
        columns = _column_count(sem.style(container, "grid-template-columns") or "")
        cells = _leaf_cells(container, sem) if columns >= _MIN_COLUMNS else None
        if cells is None:
            continue
        if len(cells) >= columns * _MIN_ROWS:
            yield _grid_violation(doc, container, len(cells), columns)
        elif len(cells) >= _MIN_COLUMNS and (parent := container.getparent()) is not None:
            rows.setdefault(parent, []).append(container)
    for parent, found in rows.items():
        if len(found) >= _MIN_ROWS and sem.explicit_role(parent) is None:
            count = sum(len(_leaf_cells(row, sem) or ()) for row in found)
            columns = _column_count(sem.style(found[0], "grid-template-columns") or "")
            yield _grid_violation(doc, parent, count, columns)


def _grid_violation(doc: CheckedDocument, container: _Element, count: int, columns: int) -> Violation:
    return Violation(
        message(
            doc,
            "%(element)s lays out %(count)d boxes in %(columns)d columns with a CSS grid, like a table: "
            "screen readers read them one after another without row or column headers. Mark it up as a "
            "table (table, th, td).",
            element=describe(container),
            count=count,
            columns=columns,
        ),
        container,
    )


_PART_FIELDS = frozenset({"select", "input"})
_PART_TYPES = frozenset({"", "text", "number", "tel"})


def _is_part(element: _Element) -> bool:
    kind = (element.get("type") or "").lower()
    return element.tag in _PART_FIELDS and (element.tag == "select" or kind in _PART_TYPES)


def _unlabelled_parts(first: _Element, sem: Semantics) -> list[_Element]:
    """The fields right after ``first`` in its container that have no name of their own."""
    parts = []
    for sibling in first.itersiblings():
        if not isinstance(sibling.tag, str):
            continue
        if sibling.tag == "label" or sibling.find(".//label") is not None:
            break
        if _is_part(sibling) and sem.is_exposed(sibling):
            if sem.name(sibling).strip():
                break
            parts.append(sibling)
        elif next(sibling.iter("input", "select", "textarea"), None) is not None:
            break  # another kind of field, or a block holding fields: the row has ended
    return parts


@rule(
    "field-parts-one-label",
    description="Each part of a field split into parts (day, month, year) has its own label.",
    wcag=["3.3.2"],
)
def field_parts_one_label(doc: CheckedDocument) -> Iterator[Violation]:
    """One label "Date of birth" names only the first of three boxes: the others are unlabelled (WCAG F82).

    Okay: <fieldset><legend>Geburtsdatum</legend><label for="t">Tag</label><input id="t"><label for="m">Monat</label><input id="m"></fieldset>
    Okay: <label for="p">Phone</label><input id="p" type="tel"><input type="tel" aria-label="Extension">
    Error: <label for="t">Geburtsdatum</label><div><select id="t"><option>Tag</option></select><select><option>Monat</option></select><select><option>Jahr</option></select></div>
    Error: <label for="a">Phone</label><input id="a" type="tel" size="4"> / <input type="tel" size="8">
    """
    sem = semantics(doc)
    for label in doc.root.iter("label"):
        field = doc.by_id.get(label.get("for") or "")
        if field is None or not _is_part(field) or not sem.is_exposed(field):
            continue
        parts = _unlabelled_parts(field, sem)
        if parts:
            yield Violation(
                message(
                    doc,
                    "The label “%(label)s” names only the first of %(count)d fields in a row; %(element)s and "
                    "the others have no label: give each part its own label (e.g. day, month, year) and group "
                    "them in a fieldset whose legend names the whole.",
                    label=squash(text_of(label)),
                    count=len(parts) + 1,
                    element=describe(parts[0]),
                ),
                parts[0],
            )
