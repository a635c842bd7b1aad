"""The linear table model lays cells out as a slot-by-slot grid would, and finds the same headers."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.etree import _Element

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import parse_document
from publisher.a11y.rules.tables import table_grid, th_has_data_cells

CELL = st.tuples(
    st.sampled_from(["td", "th"]),
    st.integers(1, 3),  # colspan
    st.integers(1, 5),  # rowspan, sometimes past the last row
    st.sampled_from(["", ' scope="row"', ' scope="col"', ' headers="h0"']),
)
TABLE = st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=6)


def html_of(rows: list[list[tuple[str, int, int, str]]]) -> str:
    body = "".join(
        "<tr>"
        + "".join(
            f'<{tag} id="h{r}{c}" colspan="{wide}" rowspan="{tall}"{extra}>{tag}{r}{c}</{tag}>'
            for c, (tag, wide, tall, extra) in enumerate(row)
        )
        + "</tr>"
        for r, row in enumerate(rows)
    )
    head = '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
    return f'{head}<body><table id="h0">{body}</table></body></html>'


def slot_layout(rows: list[_Element]) -> dict[_Element, set[tuple[int, int]]]:
    """The HTML table model slot by slot: each cell at the first free column, rowspans cut at the end."""
    slots: dict[_Element, set[tuple[int, int]]] = {}
    occupied: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        column = 0
        for cell in row:
            while (r, column) in occupied:
                column += 1
            wide, tall = int(cell.get("colspan", "1")), int(cell.get("rowspan", "1"))
            cell_slots = {
                (r + dr, column + dc) for dr in range(min(tall, len(rows) - r)) for dc in range(wide)
            }
            occupied |= cell_slots
            slots[cell] = cell_slots
            column += wide
    return slots


@settings(max_examples=300, deadline=None)
@given(TABLE)
def test_grid_and_header_rule_agree_with_a_slot_grid(table: list[list[tuple[str, int, int, str]]]) -> None:
    document = parse_document(html_of(table))
    sem = semantics(document)
    rows = list(document.root.iter("tr"))
    expected = slot_layout(rows)
    (grid,) = table_grid(document).values()
    for cell, box in grid.cells.items():
        laid_out = {(r, c) for r in range(box.top, box.bottom) for c in range(box.left, box.right)}
        assert laid_out == expected[cell], cell.text

    headed = {document.by_id[ref] for cell in expected for ref in (cell.get("headers") or "").split()}
    unassigned = []
    for header, own in expected.items():
        role = sem.role(header)
        if role not in ("columnheader", "rowheader") or header in headed:
            continue
        own_rows, own_columns = {r for r, _ in own}, {c for _, c in own}
        assigned = False
        for cell, slots in expected.items():
            if cell is header or cell.get("headers") is not None:
                continue
            rows_of, columns_of = {r for r, _ in slots}, {c for _, c in slots}
            if role == "columnheader" and own_columns & columns_of and rows_of - own_rows:
                assigned = True
            if role == "rowheader" and own_rows & rows_of and columns_of - own_columns:
                assigned = True
        if not assigned:
            unassigned.append(header)
    assert [violation.element for violation in th_has_data_cells(document)] == unassigned
