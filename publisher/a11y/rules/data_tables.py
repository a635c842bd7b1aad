"""Rules for how tables are marked up: data tables have headers and a name, layout tables have none.

One pass over the document gives each table its own rows and cells (nested tables kept apart), so
the rules stay linear in the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml.etree import _Element, iterwalk

from publisher.a11y.dom.accname import semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.messages import N_, describe, message
from publisher.a11y.registry import Violation, rule

__all__ = [
    "TableFacts",
    "layout_table_markup",
    "nested_data_table",
    "table_caption",
    "table_facts",
    "table_has_headers",
    "th_empty",
    "th_scope_valid",
]

_SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})


@dataclass
class TableFacts:
    """What one table holds, not counting tables nested in it."""

    rows: int = 0
    widest: int = 0
    headers: list[_Element] = field(default_factory=list)
    cells: int = 0
    marked: bool = False  # scope, headers attributes, thead or a caption: data-table markup
    nested_in: _Element | None = None


def _layout(table: _Element) -> bool:
    tokens = (table.get("role") or "").lower().split()
    return bool(tokens) and tokens[0] in ("presentation", "none")


def table_facts(doc: CheckedDocument) -> dict[_Element, TableFacts]:
    """Each table's rows, widest row, header cells and data-table markup, in one document pass."""
    return doc.shared(_facts)


def _facts(doc: CheckedDocument) -> dict[_Element, TableFacts]:
    facts: dict[_Element, TableFacts] = {}
    tables: list[_Element] = []
    row_width: list[int] = []
    for event, element in iterwalk(doc.root, events=("start", "end")):
        tag = element.tag
        if not isinstance(tag, str):
            continue
        if event == "end":
            if tag == "table":
                tables.pop()
            elif tag == "tr" and tables and row_width:
                found = facts[tables[-1]]
                found.widest = max(found.widest, row_width.pop())
            continue
        if tag == "table":
            facts[element] = TableFacts(nested_in=tables[-1] if tables else None)
            if element.find("caption") is not None or element.get("summary"):
                facts[element].marked = True
            tables.append(element)
        elif not tables:
            continue
        elif tag == "tr":
            facts[tables[-1]].rows += 1
            row_width.append(0)
        elif tag in ("td", "th"):
            found = facts[tables[-1]]
            found.cells += 1
            if row_width:
                row_width[-1] += 1
            if tag == "th":
                found.headers.append(element)
            if element.get("scope") is not None or element.get("headers") is not None:
                found.marked = True
        elif tag in ("thead", "tfoot"):
            facts[tables[-1]].marked = True
    return facts


def _data_table(table: _Element, found: TableFacts) -> bool:
    return not _layout(table) and (
        bool(found.headers) or found.marked or (found.rows >= 2 and found.widest >= 2)
    )


@rule(
    "table-has-headers",
    description="Data tables mark their header cells with th (or headers and scope).",
    wcag=["1.3.1"],
)
def table_has_headers(doc: CheckedDocument) -> Iterator[Violation]:
    """A table of two or more rows and columns has header cells, unless marked as a layout table.

    Okay: <table><tr><th scope="col">Kreis</th><th scope="col">Mittel</th></tr><tr><td>Obermoor</td><td>12 Mio.</td></tr></table>
    Okay: <table role="presentation"><tr><td>Links</td><td>Rechts</td></tr><tr><td>a</td><td>b</td></tr></table>
    Error: <table><tr><td>Kreis</td><td>Mittel</td></tr><tr><td>Obermoor</td><td>12 Mio.</td></tr></table>
    """
    for table, found in table_facts(doc).items():
        if _layout(table) or found.headers or found.rows < 2 or found.widest < 2:
            continue
        yield Violation(
            message(
                doc,
                "Table %(element)s has no header cells, so screen readers cannot say which column or row a "
                'value belongs to: mark the headings as th with scope="col" or scope="row" (or, if the table '
                'only arranges content, give it role="presentation").',
                element=describe(table),
            ),
            table,
        )


@rule(
    "th-scope-valid",
    description="The scope attribute of a header cell is row, col, rowgroup or colgroup.",
    wcag=["1.3.1"],
)
def th_scope_valid(doc: CheckedDocument) -> Iterator[Violation]:
    """``scope`` on a ``th`` names a direction browsers know; on a ``td`` it is obsolete.

    Okay: <table><tr><th scope="col">Kreis</th></tr><tr><td>Obermoor</td></tr></table>
    Error: <table><tr><th scope="column">Kreis</th></tr><tr><td>Obermoor</td></tr></table>
    Error: <table><tr><td scope="col">Kreis</td></tr><tr><td>Obermoor</td></tr></table>
    """
    for cell in doc.having("scope"):
        value = (cell.get("scope") or "").strip().lower()
        if cell.tag == "th" and value in _SCOPES:
            continue
        if cell.tag not in ("th", "td"):
            continue
        text = (
            N_(
                'Header cell %(element)s has scope="%(value)s": use scope="col" for a column heading or '
                'scope="row" for a row heading.'
            )
            if cell.tag == "th"
            else N_(
                'Cell %(element)s has a scope attribute but is a td: make the heading a th with scope="col" or '
                'scope="row".'
            )
        )
        yield Violation(message(doc, text, element=describe(cell), value=value), cell)


@rule(
    "th-empty",
    description="Header cells are not empty.",
    wcag=["1.3.1"],
)
def th_empty(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``th`` has text (or an accessible name); an empty corner cell is a ``td``.

    Okay: <table><tr><td></td><th scope="col">2025</th></tr><tr><th scope="row">Kreis</th><td>12</td></tr></table>
    Error: <table><tr><th></th><th scope="col">2025</th></tr><tr><th scope="row">Kreis</th><td>12</td></tr></table>
    """
    sem = semantics(doc)
    for table, found in table_facts(doc).items():
        if _layout(table):
            continue
        for cell in found.headers:
            if squash(text_of(cell)) or sem.name(cell) or not sem.is_exposed(cell):
                continue
            yield Violation(
                message(
                    doc,
                    "Header cell %(element)s is empty, so screen readers announce a heading without words: "
                    "write the heading, or make an empty corner cell a td.",
                    element=describe(cell),
                ),
                cell,
            )


@rule(
    "table-caption",
    description="Data tables have a caption or an accessible name that says what they show.",
    severity="warning",
    wcag=["1.3.1"],
    channels=["web"],
)
def table_caption(doc: CheckedDocument) -> Iterator[Violation]:
    """A data table (with header cells) is named by a ``caption``, ``aria-label`` or ``aria-labelledby``.

    Okay: <table><caption>Fördermittel nach Kreis</caption><tr><th scope="col">Kreis</th></tr><tr><td>Obermoor</td></tr></table>
    Okay: <table aria-label="Fördermittel nach Kreis"><tr><th scope="col">Kreis</th></tr><tr><td>Obermoor</td></tr></table>
    Error: <table><tr><th scope="col">Kreis</th></tr><tr><td>Obermoor</td></tr></table>
    """
    sem = semantics(doc)
    for table, found in table_facts(doc).items():
        if _layout(table) or not found.headers or not sem.is_exposed(table):
            continue
        caption = table.find("caption")
        if sem.name(table) or (caption is not None and squash(text_of(caption))):
            continue
        yield Violation(
            message(
                doc,
                "Data table %(element)s has no caption: add a caption element that says what the table "
                "shows, so that readers can find it and know what it is about.",
                element=describe(table),
            ),
            table,
        )


@rule(
    "layout-table-markup",
    description="Tables marked as layout carry no data-table markup (th, caption, scope, headers).",
    wcag=["1.3.1"],
)
def layout_table_markup(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``role="presentation"`` table has no ``th``, ``caption``, ``summary``, ``scope`` or ``headers``.

    Okay: <table role="presentation"><tr><td>Text</td><td>Bild</td></tr></table>
    Error: <table role="presentation"><caption>Termine</caption><tr><td>Text</td></tr></table>
    Error: <table role="none"><tr><th>Datum</th></tr><tr><td>Montag</td></tr></table>
    """
    for table, found in table_facts(doc).items():
        if not _layout(table) or not (found.headers or found.marked):
            continue
        yield Violation(
            message(
                doc,
                'Table %(element)s is marked as a layout table (role="presentation") but has header cells or '
                "a caption: if it holds data, remove the role; if it only arranges content, use td cells and "
                "no caption, scope or headers.",
                element=describe(table),
            ),
            table,
        )


@rule(
    "nested-data-table",
    description="Data tables are not nested inside other data tables.",
    wcag=["1.3.1"],
)
def nested_data_table(doc: CheckedDocument) -> Iterator[Violation]:
    """A data table does not sit in a cell of another data table (screen readers cannot relate the cells).

    Okay: <table><tr><th scope="col">Kreis</th></tr><tr><td>Obermoor</td></tr></table>
    Okay: <table role="presentation"><tr><td><table><tr><th scope="col">Kreis</th></tr><tr><td>Obermoor</td></tr></table></td></tr></table>
    Error: <table><tr><th scope="col">Kreis</th></tr><tr><td><table><tr><th scope="col">Jahr</th></tr><tr><td>2025</td></tr></table></td></tr></table>
    """
    facts = table_facts(doc)
    for table, found in facts.items():
        outer = found.nested_in
        if outer is None or not _data_table(table, found) or not _data_table(outer, facts[outer]):
            continue
        yield Violation(
            message(
                doc,
                "Data table %(element)s is nested in a cell of another data table: screen readers cannot "
                "relate its cells to the outer headers; show the two tables one after the other.",
                element=describe(table),
            ),
            table,
        )
