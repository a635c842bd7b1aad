"""Rules for data tables: header cells head something, and ``headers`` attributes point at headers."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["TableGrid", "table_grid", "td_headers_attr", "th_has_data_cells"]

_TABLE_ROLES = frozenset({"table", "grid", "treegrid"})
_CELL_ROLES = frozenset({"cell", "gridcell", "columnheader", "rowheader"})
_HEADER_ROLES = frozenset({"columnheader", "rowheader"})


def _span(cell: _Element, attribute: str) -> int:
    value = (cell.get(attribute) or "1").strip()
    return max(1, min(int(value), 1000)) if value.isdigit() else 1


class TableGrid:
    """The cells of one table laid out on rows and columns (``colspan`` and ``rowspan`` honoured)."""

    def __init__(self, table: _Element, sem: Semantics) -> None:
        self.table = table
        self.slots: dict[_Element, list[tuple[int, int]]] = {}
        occupied: set[tuple[int, int]] = set()
        for row_index, row in enumerate(self._rows(table, sem)):
            column = 0
            for cell in self._cells(row, sem):
                while (row_index, column) in occupied:
                    column += 1
                width, height = _span(cell, "colspan"), _span(cell, "rowspan")
                cell_slots = [(row_index + r, column + c) for r in range(height) for c in range(width)]
                occupied.update(cell_slots)
                self.slots[cell] = cell_slots
                column += width

    @staticmethod
    def _rows(table: _Element, sem: Semantics) -> list[_Element]:
        if table.tag == "table":
            return [row for row in table.iter("tr") if next(row.iterancestors("table"), None) is table]
        return [
            row
            for row in table.iter()
            if isinstance(row.tag, str) and sem.role(row) == "row" and _owner(row, sem) is table
        ]

    @staticmethod
    def _cells(row: _Element, sem: Semantics) -> list[_Element]:
        return [
            cell
            for cell in row.iter()
            if cell is not row
            and isinstance(cell.tag, str)
            and (cell.tag in ("td", "th") or sem.role(cell) in _CELL_ROLES)
            and next((a for a in cell.iterancestors() if a.tag == "tr" or sem.role(a) == "row"), None) is row
        ]

    def columns(self, cell: _Element) -> frozenset[int]:
        """The column numbers ``cell`` spans."""
        return self._spans[cell][1] if cell in self._spans else frozenset()

    def rows(self, cell: _Element) -> frozenset[int]:
        """The row numbers ``cell`` spans."""
        return self._spans[cell][0] if cell in self._spans else frozenset()

    @cached_property
    def _spans(self) -> dict[_Element, tuple[frozenset[int], frozenset[int]]]:
        # Asked for every pair of header and cell: worked out once per cell.
        return {
            cell: (frozenset(row for row, _ in slots), frozenset(column for _, column in slots))
            for cell, slots in self.slots.items()
        }


def _owner(element: _Element, sem: Semantics) -> _Element | None:
    return next((a for a in element.iterancestors() if a.tag == "table" or sem.role(a) in _TABLE_ROLES), None)


def table_grid(doc: CheckedDocument) -> dict[_Element, TableGrid]:
    """A grid for every table in the accessibility tree that has the role table, grid or treegrid."""
    sem = semantics(doc)
    return {
        element: TableGrid(element, sem)
        for element in sem.with_roles(*_TABLE_ROLES)
        if sem.is_exposed(element)
    }


@rule(
    "th-has-data-cells",
    description="Table header cells head at least one cell.",
    wcag=["1.3.1"],
    act=["d0f69e"],
)
def th_has_data_cells(doc: CheckedDocument) -> Iterator[Violation]:
    """Every header cell has cells in its column (column header) or row (row header) that it labels.

    Okay: <table><tr><th>Year</th><th>Budget</th></tr><tr><td>2024</td><td>3 m</td></tr></table>
    Error: <table><tr><th>Year</th><th>Budget</th></tr><tr><td>2024</td></tr></table>
    """
    sem = semantics(doc)
    for grid in doc.shared(table_grid).values():
        headed: set[_Element] = set()
        for cell in grid.slots:
            for ref in (cell.get("headers") or "").split():
                target = doc.by_id.get(ref)
                if target is not None and target is not cell:
                    headed.add(target)
        for header, slots in grid.slots.items():
            role = sem.role(header)
            if role not in _HEADER_ROLES or not sem.is_exposed(header) or header in headed:
                continue
            own_rows, own_columns = grid.rows(header), grid.columns(header)
            assigned = any(
                cell is not header
                and cell.get("headers") is None
                and (
                    (
                        role == "columnheader"
                        and own_columns & grid.columns(cell)
                        and grid.rows(cell) - own_rows
                    )
                    or (
                        role == "rowheader"
                        and own_rows & grid.rows(cell)
                        and grid.columns(cell) - own_columns
                    )
                )
                for cell in grid.slots
            )
            if slots and not assigned:
                yield Violation(
                    message(
                        doc,
                        'Header cell "%(text)s" has no cells under it (or beside it): remove the empty '
                        "header or fill in the table's cells.",
                        text=sem.name(header) or describe(header),
                    ),
                    header,
                )


@rule(
    "td-headers-attr",
    description="The headers attribute of a table cell points at header cells of the same table.",
    wcag=["1.3.1"],
    act=["a25f45"],
)
def td_headers_attr(doc: CheckedDocument) -> Iterator[Violation]:
    """Each id in a cell's ``headers`` attribute names another header cell of the same ``table``.

    Okay: <table><tr><th id="y">Year</th></tr><tr><td headers="y">2024</td></tr></table>
    Error: <table><tr><th id="y">Year</th></tr><tr><td headers="year">2024</td></tr></table>
    Error: <table><tr><td id="self" headers="self">2024</td></tr></table>
    """
    sem = semantics(doc)
    for table, grid in doc.shared(table_grid).items():
        if table.tag != "table" or sem.is_offscreen(table):
            continue
        for cell in grid.slots:
            refs = (cell.get("headers") or "").split()
            bad = [
                ref
                for ref in refs
                if (target := doc.by_id.get(ref)) is None
                or target is cell
                or target not in grid.slots
                or sem.role(target) not in _HEADER_ROLES
            ]
            if bad:
                yield Violation(
                    message(
                        doc,
                        'Table cell %(element)s refers to "%(ids)s" in its headers attribute, which is not a '
                        "header cell of the same table: use the ids of that table's th elements.",
                        element=describe(cell),
                        ids=" ".join(bad),
                    ),
                    cell,
                )
