"""Rules for long documents (minutes, agendas, reports): headings that tell their sections apart, tables
that are tables and not columns of spaces, and an outline that lives in the markup, not in indentation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.etree import _Element

from publisher.a11y.dom.accname import Semantics, semantics, squash, text_of
from publisher.a11y.dom.document import CheckedDocument
from publisher.a11y.dom.headings import heading_level, headings
from publisher.a11y.dom.messages import describe, message
from publisher.a11y.registry import Violation, rule

__all__ = [
    "fixed_width_frame",
    "generic_main_heading",
    "header_row_data_cells",
    "indented_flat_list",
    "repeated_headings",
    "spaced_text_table",
]

# As many headings of one level with the same words under one parent heading as this: none says its topic.
_REPEATS = 3


@rule(
    "repeated-headings",
    description="Headings of one section differ: the same heading three times over names no topic.",
    severity="warning",
    wcag=["2.4.6"],
)
def repeated_headings(doc: CheckedDocument) -> Iterator[Violation]:
    """Minutes whose items are all headed "Agenda item" leave a heading list of identical entries.

    Okay: <h1>Minutes</h1><h2>Item 1: Opening</h2><h2>Item 2: Budget</h2><h2>Item 3: Schools</h2>
    Okay: <h1>Minutes</h1><h2>Budget</h2><h3>Decision</h3><h2>Schools</h2><h3>Decision</h3><h2>Roads</h2><h3>Decision</h3>
    Error: <h1>Minutes</h1><h2>Agenda item</h2><p>1 Opening</p><h2>Agenda item</h2><p>2 Budget</p><h2>Agenda item</h2><p>3 Schools</p>
    """
    groups: dict[tuple[int, str, int], list[_Element]] = {}
    parents: dict[int, int] = {}  # the index of the last heading seen at each level
    for index, element in enumerate(doc.shared(headings)):
        level = heading_level(element)
        parent = max((parents[above] for above in parents if above < level), default=-1)
        parents = {above: seen for above, seen in parents.items() if above < level}
        parents[level] = index
        text = squash(text_of(element)).casefold()
        if text:
            groups.setdefault((level, text, parent), []).append(element)
    for (level, _, _), same in groups.items():
        if len(same) >= _REPEATS:
            yield Violation(
                message(
                    doc,
                    'The %(count)d level %(level)d headings "%(text)s" in one section all read the same, so '
                    "a list of headings does not tell them apart: put each section's topic into its heading "
                    '(e.g. "Item 3: School transport").',
                    count=len(same),
                    level=level,
                    text=squash(text_of(same[0])),
                ),
                same[0],
                severity="warning",
            )


# Main headings that name a kind of view, not the page's subject (case-folded, whole heading).
_GENERIC_HEADINGS = frozenset(
    {
        "details", "detail", "detailansicht", "detailseite", "ansicht", "view", "item", "eintrag", "datensatz",
        "record", "inhalt", "content", "seite", "page", "untitled", "unbenannt", "titel", "title", "überschrift",
        "heading", "information", "informationen", "info", "infos", "ergebnis", "result", "anzeige", "display",
    }
)  # fmt: skip


@rule(
    "generic-main-heading",
    description='The main heading names the page\'s subject, not the kind of view ("Details").',
    severity="warning",
    wcag=["2.4.6"],
)
def generic_main_heading(doc: CheckedDocument) -> Iterator[Violation]:
    """A level 1 heading "Details" or "Ansicht" is the same on every record of a database.

    Okay: <h1>Schools Committee: meeting of 4 May 2027</h1>
    Error: <h1>Details</h1>
    Error: <h1>Detailansicht</h1>
    """
    for element in doc.shared(headings):
        text = squash(text_of(element)).strip(" :.").casefold()
        if heading_level(element) == 1 and text in _GENERIC_HEADINGS:
            yield Violation(
                message(
                    doc,
                    'The main heading "%(text)s" names only the kind of page: say what this page is about, e.g. '
                    "the committee and the date of its meeting.",
                    text=squash(text_of(element)),
                ),
                element,
                severity="warning",
            )


# A gap between columns: two or more spaces (or a tab) between two non-space characters.
_COLUMN_GAP = re.compile(r"\S(?: {2,}|\t+)(?=\S)")
_CODE_CLASS = re.compile(r"code|lang(?:uage)?-|highlight|console|shell|terminal", re.IGNORECASE)
# Rows with this many gaps, this many times, make a table drawn with spaces.
_MIN_GAPS, _MIN_ROWS = 2, 3


@rule(
    "spaced-text-table",
    description="Tables are marked up as tables, not drawn with spaces in preformatted text.",
    wcag=["1.3.1"],
)
def spaced_text_table(doc: CheckedDocument) -> Iterator[Violation]:
    """A ``pre`` block of rows and columns aligned with spaces is read out line by line, cells run together.

    Okay: <table><tr><th>Group</th><th>Yes</th></tr><tr><td>Greens</td><td>7</td></tr></table>
    Okay: <pre><code>for  i  in  range(3):&#10;    print(i,  "a  b")&#10;    print(i,  "c  d")</code></pre>
    Error: <pre>Group      Yes   No&#10;Greens       7    0&#10;Liberals     3    1</pre>
    """
    sem = semantics(doc)
    for block in doc.root.iter("pre"):
        if not sem.is_exposed(block) or block.find(".//code") is not None:
            continue
        if _CODE_CLASS.search(block.get("class") or "") or sem.role(block) not in (None, "generic"):
            continue
        rows = [line for line in text_of(block).splitlines() if len(_COLUMN_GAP.findall(line)) >= _MIN_GAPS]
        if len(rows) >= _MIN_ROWS:
            yield Violation(
                message(
                    doc,
                    "%(element)s lays out %(rows)d rows in columns with spaces: screen readers read each line as "
                    "one run of words, without column headers. Mark it up as a table (table, th, td).",
                    element=describe(block),
                    rows=len(rows),
                ),
                block,
            )


_INDENTS = ("padding-left", "margin-left", "text-indent", "padding-inline-start", "margin-inline-start")
_LEVEL_CLASS = re.compile(r"(?:level|lvl|depth|ebene|indent|einzug|sub)[-_]?(\d)", re.IGNORECASE)


def _indent(sem: Semantics, item: _Element) -> str:
    """What sets the item's indentation: its left offsets as cascaded, or a level in its class."""
    offsets = "|".join(sem.style(item, name) or "" for name in _INDENTS)
    found = _LEVEL_CLASS.search(item.get("class") or "")
    return offsets + (f"|level {found.group(1)}" if found else "")


@rule(
    "indented-flat-list",
    description="A list whose items are indented to show levels nests the lower levels as lists.",
    wcag=["1.3.1"],
)
def indented_flat_list(doc: CheckedDocument) -> Iterator[Violation]:
    """A table of contents drawn by indenting some items of one flat list tells its levels by eye alone.

    Okay: <ul><li><a href="#a">Budget</a><ul><li><a href="#b">Schools</a></li></ul></li><li><a href="#c">Roads</a></li></ul>
    Error: <ul><li><a href="#a">Budget</a></li><li style="padding-left:2rem"><a href="#b">Schools</a></li><li><a href="#c">Roads</a></li></ul>
    Error: <ul><li class="level-1"><a href="#a">Budget</a></li><li class="level-2"><a href="#b">Schools</a></li><li class="level-1"><a href="#c">Roads</a></li></ul>
    """
    sem = semantics(doc)
    for container in doc.root.iter("ul", "ol"):
        items = [item for item in container if item.tag == "li" and sem.is_exposed(item)]
        if len(items) < 3 or any(
            item.find(".//ul") is not None or item.find(".//ol") is not None for item in items
        ):
            continue
        # The first item may differ on its own (no gap before it); levels show in the items after it.
        if len({_indent(sem, item) for item in items[1:]}) > 1:
            yield Violation(
                message(
                    doc,
                    "The items of %(element)s are indented differently to show levels, but the list is flat, "
                    "so screen readers hear one level: nest the lower items in a list inside their parent item.",
                    element=describe(container),
                ),
                container,
            )


def _rows(table: _Element) -> list[_Element]:
    """The table's own rows, in order (not those of a table inside a cell)."""
    return [row for row in table.iter("tr") if next(row.iterancestors("table"), None) is table]


@rule(
    "header-row-data-cells",
    description="The cells of a table's header rows (a group heading over several columns) are header cells.",
    wcag=["1.3.1"],
)
def header_row_data_cells(doc: CheckedDocument) -> Iterator[Violation]:
    """A group heading over columns ("Budget 2027" spanning Yes, No, Abstained) written as ``td`` heads nothing.

    Okay: <table><thead><tr><td></td><th colspan="2" scope="colgroup">Budget</th></tr><tr><th>Group</th><th>Yes</th><th>No</th></tr></thead></table>
    Error: <table><thead><tr><td></td><td colspan="2"><b>Budget</b></td></tr><tr><th>Group</th><th>Yes</th><th>No</th></tr></thead></table>
    Error: <table><tr><td colspan="2">Budget</td></tr><tr><th>Yes</th><th>No</th></tr><tr><td>3</td><td>4</td></tr></table>
    """
    sem = semantics(doc)
    for table in doc.root.iter("table"):
        if sem.role(table) != "table" or not sem.is_exposed(table):
            continue
        rows = _rows(table)
        first_header = next((index for index, row in enumerate(rows) if row.find("th") is not None), None)
        if first_header is None:
            continue
        for index, row in enumerate(rows):
            section = row.getparent()
            if (section is None or section.tag != "thead") and index >= first_header:
                continue
            cell = next((cell for cell in row.iterchildren("td") if squash(text_of(cell))), None)
            if cell is not None:
                yield Violation(
                    message(
                        doc,
                        'The cell "%(text)s" heads the columns below it but is a data cell (td): make it a '
                        'header cell, e.g. <th scope="colgroup" colspan="…">, so that screen readers read it '
                        "with the cells it heads.",
                        text=squash(text_of(cell)),
                    ),
                    cell,
                )
                break


# Frames that hold what may scroll in two dimensions (WCAG 1.4.10's exception): maps, players, charts.
_TWO_DIMENSIONAL_FRAME = re.compile(
    r"map|karte|video|player|stream|youtube|vimeo|chart|diagramm|grafik|game|spiel", re.IGNORECASE
)
_PX = re.compile(r"^\s*(\d+(?:\.\d+)?)px\s*$")
_NARROW = 320  # CSS pixels of the narrowest screen a page has to fit without scrolling sideways


def _fixed_px(value: str | None) -> float:
    found = _PX.match(value or "")
    return float(found.group(1)) if found else 0.0


@rule(
    "fixed-width-frame",
    description="A frame that shows a text document fits a narrow screen: no fixed width wider than 320 px.",
    wcag=["1.4.10"],
    channels=["web"],
)
def fixed_width_frame(doc: CheckedDocument) -> Iterator[Violation]:
    """A report shown in an ``iframe`` 1000 px wide makes a phone, or a page zoomed to 400 %, scroll sideways.

    Okay: <iframe src="report.html" title="Report on school transport" style="width:100%" height="400"></iframe>
    Okay: <iframe src="map.html" title="Map of the constituencies" style="width:800px"></iframe>
    Error: <iframe src="report.html" title="Report on school transport" style="width:1000px;max-width:none"></iframe>
    """
    sem = semantics(doc)
    for frame in doc.root.iter("iframe"):
        if not sem.is_visible(frame) or _TWO_DIMENSIONAL_FRAME.search(
            f"{frame.get('src')} {frame.get('title')}"
        ):
            continue
        width = max(_fixed_px(sem.style(frame, "width")), _fixed_px(sem.style(frame, "min-width")))
        limit = sem.style(frame, "max-width")
        if width > _NARROW and (limit in (None, "none") or _fixed_px(limit) > _NARROW):
            yield Violation(
                message(
                    doc,
                    "%(element)s is %(width)d px wide whatever the screen: on a phone or at 400 %% zoom the "
                    "document in it needs sideways scrolling. Give it width: 100%% (or max-width: 100%%).",
                    element=describe(frame),
                    width=int(width),
                ),
                frame,
            )
