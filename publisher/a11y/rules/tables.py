"""Rules for data tables: header cells head something, and ``headers`` attributes point at headers.

The table model costs O(n log n) in the size of the page: rows and cells are found in one pass with
a stack rather than an ancestor walk per element, a cell is kept as the box of rows and columns it
spans, never as a list of its slots (``rowspan="65534" colspan="1000"`` would be 65 million of
them), and both placing cells and asking what a header heads use trees over the columns.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lxml.etree import _Element, iterwalk

from publisher.a11y.dom.accname import semantics
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = ["CellBox", "TableGrid", "table_grid", "td_headers_attr", "th_has_data_cells"]

_TABLE_ROLES = frozenset({"table", "grid", "treegrid"})
_CELL_ROLES = frozenset({"cell", "gridcell", "columnheader", "rowheader"})
_HEADER_ROLES = frozenset({"columnheader", "rowheader"})


def _span(cell: _Element, attribute: str) -> int:
    value = (cell.get(attribute) or "1").strip()
    return max(1, min(int(value), 1000)) if value.isdigit() else 1


@dataclass(frozen=True)
class CellBox:
    """The rows ``top <= row < bottom`` and columns ``left <= column < right`` a cell covers."""

    top: int
    bottom: int
    left: int
    right: int


@dataclass
class _Structure:
    """Which rows belong to which table and which cells to which row, found in one document pass."""

    html_rows: dict[_Element, list[_Element]] = field(default_factory=dict)
    aria_rows: dict[_Element, list[_Element]] = field(default_factory=dict)
    cells: dict[_Element, list[_Element]] = field(default_factory=dict)


def _structure(doc: CheckedDocument) -> _Structure:
    # A row belongs to its nearest table (a <tr> to its nearest <table>), a cell to its nearest row.
    sem = semantics(doc)
    found = _Structure()
    html_tables: list[_Element] = []
    owners: list[_Element] = []
    rows: list[_Element] = []
    for event, element in iterwalk(doc.root, events=("start", "end")):
        if not isinstance(element.tag, str):
            continue
        role = sem.role(element)
        is_owner = element.tag == "table" or role in _TABLE_ROLES
        is_row = element.tag == "tr" or role == "row"
        if event == "end":
            for stack, member in ((html_tables, element.tag == "table"), (owners, is_owner), (rows, is_row)):
                if member:
                    stack.pop()
            continue
        if element.tag == "tr" and html_tables:
            found.html_rows.setdefault(html_tables[-1], []).append(element)
        if role == "row" and owners:
            found.aria_rows.setdefault(owners[-1], []).append(element)
        if rows and (element.tag in ("td", "th") or role in _CELL_ROLES):
            found.cells.setdefault(rows[-1], []).append(element)
        if element.tag == "table":
            html_tables.append(element)
        if is_owner:
            owners.append(element)
        if is_row:
            rows.append(element)
    return found


class TableGrid:
    """The cells of one table laid out on rows and columns (``colspan`` and ``rowspan`` honoured)."""

    def __init__(self, table: _Element, structure: _Structure) -> None:
        self.table = table
        self.cells: dict[_Element, CellBox] = {}
        rows = (structure.html_rows if table.tag == "table" else structure.aria_rows).get(table, [])
        widest = sum(_span(cell, "colspan") for row in rows for cell in structure.cells.get(row, []))
        covered = _Coverage1D(widest + 1)
        # Cells reaching down into later rows, as (bottom, left, right); no column from ``reach`` on is covered.
        reaching: list[tuple[int, int, int]] = []
        reach = 0
        for row_index, row in enumerate(rows):
            while reaching and reaching[0][0] <= row_index:
                _, left, right = heapq.heappop(reaching)
                covered.add(left, right, -1)
            if not reaching:
                reach = 0
            column = 0
            for cell in structure.cells.get(row, []):
                if column < reach:
                    column = covered.first_free(column)
                width = _span(cell, "colspan")
                # A rowspan beyond the last row ends there, as in browsers.
                bottom = min(row_index + _span(cell, "rowspan"), len(rows))
                self.cells[cell] = CellBox(row_index, bottom, column, column + width)
                if bottom > row_index + 1:
                    heapq.heappush(reaching, (bottom, column, column + width))
                    covered.add(column, column + width, 1)
                    reach = max(reach, column + width)
                column += width

    def columns(self, cell: _Element) -> range:
        """The column numbers ``cell`` spans."""
        box = self.cells.get(cell)
        return range(box.left, box.right) if box else range(0)

    def rows(self, cell: _Element) -> range:
        """The row numbers ``cell`` spans."""
        box = self.cells.get(cell)
        return range(box.top, box.bottom) if box else range(0)


class _Coverage1D:
    """How many spans cover each column, changed a range at a time, and the first uncovered column.

    A sparse segment tree: logarithmic in the table's width for every change and question, so cells
    spanning many rows cost no more to step over than one-row cells.
    """

    def __init__(self, width: int) -> None:
        self._size = 1 << max(width, 1).bit_length()
        self._least: dict[int, int] = {}  # the least cover in a node's range, its own additions included
        self._added: dict[int, int] = {}  # what was added to a node's whole range

    def add(self, left: int, right: int, amount: int) -> None:
        """Add ``amount`` to the cover of columns ``left <= column < right``."""
        self._add(1, 0, self._size, left, right, amount)

    def _add(self, node: int, low: int, high: int, left: int, right: int, amount: int) -> None:
        if right <= low or high <= left:
            return
        if left <= low and high <= right:
            self._added[node] = self._added.get(node, 0) + amount
            self._least[node] = self._least.get(node, 0) + amount
            return
        middle = (low + high) // 2
        self._add(2 * node, low, middle, left, right, amount)
        self._add(2 * node + 1, middle, high, left, right, amount)
        children = min(self._least.get(2 * node, 0), self._least.get(2 * node + 1, 0))
        self._least[node] = children + self._added.get(node, 0)

    def first_free(self, start: int) -> int:
        """The first column at or after ``start`` that no span covers."""
        found = self._first_free(1, 0, self._size, start, 0)
        return start if found is None else found

    def _first_free(self, node: int, low: int, high: int, start: int, above: int) -> int | None:
        if high <= start or self._least.get(node, 0) + above > 0:
            return None
        if high - low == 1:
            return low
        above += self._added.get(node, 0)
        middle = (low + high) // 2
        found = self._first_free(2 * node, low, middle, start, above)
        return found if found is not None else self._first_free(2 * node + 1, middle, high, start, above)


def table_grid(doc: CheckedDocument) -> dict[_Element, TableGrid]:
    """A grid for every table in the accessibility tree that has the role table, grid or treegrid."""
    sem = semantics(doc)
    tables = [element for element in sem.with_roles(*_TABLE_ROLES) if sem.is_exposed(element)]
    if not tables:  # most pages: no pass over the document for rows and cells
        return {}
    structure = doc.shared(_structure)
    return {element: TableGrid(element, structure) for element in tables}


class _Coverage:
    """Intervals on one axis of a table, each with an extent on the other axis; asked for a range of
    the first axis, whether an interval covering part of it reaches outside a given extent.

    For column headers the intervals are the cells' columns and the extents their rows: a header
    heads something when a cell in one of its columns has a row outside the header's rows.
    Built in O(n log n): coordinates compressed, each point painted once, ranges answered by trees.
    """

    def __init__(self, intervals: list[tuple[int, int, int, int]], bounds: set[int]) -> None:
        points = sorted({point for start, end, _, _ in intervals for point in (start, end)} | bounds)
        self._index = {point: number for number, point in enumerate(points)}
        size = max(len(points) - 1, 1)
        least = _painted(size, [(self._index[s], self._index[e], low) for s, e, low, _ in intervals], min)
        most = _painted(size, [(self._index[s], self._index[e], high) for s, e, _, high in intervals], max)
        self._least = _RangeTree(least, min)
        self._most = _RangeTree(most, max)

    def reaches_outside(self, start: int, end: int, low: int, high: int) -> bool:
        """Whether an interval overlapping ``[start, end)`` reaches before ``low`` or past ``high``."""
        first, last = self._index[start], self._index[end]
        return self._least.query(first, last) < low or self._most.query(first, last) > high


_NONE = 1 << 62


def _painted(size: int, intervals: list[tuple[int, int, int]], best: Callable[[int, int], int]) -> list[int]:
    """For each point, the best value of the intervals covering it (each point painted once)."""
    values = [_NONE if best is min else -_NONE] * size
    following = list(range(size + 1))  # the next point not painted yet, with path compression

    def unpainted(point: int) -> int:
        root = point
        while following[root] != root:
            root = following[root]
        while following[point] != root:
            following[point], point = root, following[point]
        return root

    for start, end, value in sorted(intervals, key=lambda interval: interval[2], reverse=best is max):
        point = unpainted(start)
        while point < end:
            values[point] = value
            following[point] = point + 1
            point = unpainted(point + 1)
    return values


class _RangeTree:
    """Minimum or maximum over a range of a fixed list, in logarithmic time (a segment tree)."""

    def __init__(self, values: list[int], best: Callable[[int, int], int]) -> None:
        self._size = len(values)
        self._best = best
        self._empty = _NONE if best is min else -_NONE
        self._tree = [self._empty] * self._size + values
        for node in range(self._size - 1, 0, -1):
            self._tree[node] = best(self._tree[2 * node], self._tree[2 * node + 1])

    def query(self, first: int, last: int) -> int:
        """The best value of positions ``first <= position < last``."""
        result = self._empty
        first += self._size
        last += self._size
        while first < last:
            if first & 1:
                result = self._best(result, self._tree[first])
                first += 1
            if last & 1:
                last -= 1
                result = self._best(result, self._tree[last])
            first >>= 1
            last >>= 1
        return result


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
        for cell in grid.cells:
            for ref in (cell.get("headers") or "").split():
                target = doc.by_id.get(ref)
                if target is not None and target is not cell:
                    headed.add(target)
        headers = [
            (header, box, role)
            for header, box in grid.cells.items()
            if (role := sem.role(header)) in _HEADER_ROLES and sem.is_exposed(header) and header not in headed
        ]
        if not headers:
            continue
        # Cells that a header can head: those that do not name their headers themselves.
        open_cells = [box for cell, box in grid.cells.items() if cell.get("headers") is None]
        columns = _Coverage(
            [(box.left, box.right, box.top, box.bottom) for box in open_cells],
            {point for _, box, _ in headers for point in (box.left, box.right)},
        )
        rows = _Coverage(
            [(box.top, box.bottom, box.left, box.right) for box in open_cells],
            {point for _, box, _ in headers for point in (box.top, box.bottom)},
        )
        for header, box, role in headers:
            if role == "columnheader":
                assigned = columns.reaches_outside(box.left, box.right, box.top, box.bottom)
            else:
                assigned = rows.reaches_outside(box.top, box.bottom, box.left, box.right)
            if not assigned:
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
        for cell in grid.cells:
            refs = (cell.get("headers") or "").split()
            bad = [
                ref
                for ref in refs
                if (target := doc.by_id.get(ref)) is None
                or target is cell
                or target not in grid.cells
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
