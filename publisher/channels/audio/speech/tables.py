"""Tables and figures as a listener hears them: small tables row by row, large ones summarised.

A row is read with its first cell as the label and every other cell with its column header:
a bare number under a counted noun becomes "12 Brunnen", one under a header with a unit
("Förderung (Euro)") becomes "Förderung 96 000 Euro", text becomes "Status: in Planung".
A table larger than ``MAX_ROWS`` rows or ``MAX_COLUMNS`` columns is summarised in one sentence
(how many rows, which columns, where to find it). A figure says what it shows: caption and alt text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from publisher.model import Image, Table, plain_text

__all__ = ["MAX_COLUMNS", "MAX_ROWS", "figure_sentences", "table_sentences"]

MAX_ROWS = 8
MAX_COLUMNS = 5

_NUMBER = re.compile(r"^[+±−-]?\s?\d[\d.,\s\u00a0\u202f]*$")
_UNIT_IN_HEADER = re.compile(
    r"^(?P<name>.*?)\s*(?:\((?P<paren>[^)]+)\)|\[(?P<bracket>[^\]]+)\]|\bin\s+(?P<in>.+))$"
)
_EMPTY = frozenset({"", "-", "–", "—", "/", "k. A.", "n. v."})
_TOTALS = frozenset({"gesamt", "insgesamt", "summe", "total", "gesamtsumme"})
# Header endings that name a measure, not a counted thing: "Fördersumme", "Anteil", "Jahr".
_MEASURES = (
    "summe",
    "betrag",
    "quote",
    "anteil",
    "zahl",
    "wert",
    "kosten",
    "höhe",
    "fläche",
    "jahr",
    "rate",
    "mittel",
    "ung",
    "menge",
    "stand",
    "volumen",
    "budget",
    "preis",
    "dauer",
    "zeit",
    "rang",
    "platz",
    "nummer",
    "datum",
    "status",
    "art",
)


def _cell(text: str) -> str:
    return " ".join(text.split())


def _counted_noun(header: str) -> bool:
    """Whether a header names what a bare number counts ("Brunnen", "Schulen"), so it follows the number."""
    return (
        bool(header) and " " not in header and header[0].isupper() and not header.lower().endswith(_MEASURES)
    )


def _column_reading(header: str, value: str) -> str:
    if value in _EMPTY:
        return ""
    if not header:
        return value
    unit = _UNIT_IN_HEADER.match(header)
    if unit and _NUMBER.match(value):
        name = unit["name"].strip(" ,:")
        measure = unit["paren"] or unit["bracket"] or unit["in"]
        return f"{name} {value} {measure}".strip()
    if _NUMBER.match(value) and _counted_noun(header):
        return f"{value} {header}"
    counted = re.match(r"^(?:Anzahl|Zahl)\s(?:der\s)?(\w+)$", header)
    if _NUMBER.match(value) and counted:
        return f"{value} {counted[1]}"
    if _NUMBER.match(value) or re.search(r"\d", value):
        return f"{header} {value}"
    return f"{header}: {value}"


def _label(header: str, value: str) -> str:
    if not header or value.lower() in _TOTALS or " " in header or len(value.split()) > 1:
        return value
    if header.lower() in value.lower() or not header[0].isupper():
        return value
    return f"{header} {value}"


def _row(headers: list[str], cells: list[str]) -> str:
    if not cells:
        return ""
    label = _label(headers[0] if headers else "", cells[0]) if cells[0] not in _EMPTY else ""
    readings = [
        reading
        for index, value in enumerate(cells[1:], start=1)
        if (reading := _column_reading(headers[index] if index < len(headers) else "", value))
    ]
    if not label:
        return ", ".join(readings) + "."
    return f"{label}: {', '.join(readings)}." if readings else f"{label}."


def _joined(items: list[str], gettext: Callable[[str], str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return gettext("{first} and {last}").format(first=", ".join(items[:-1]), last=items[-1])


def table_sentences(table: Table, gettext: Callable[[str], str]) -> list[str]:
    """What a listener hears for a table: an introduction and its rows, or one summary sentence."""
    headers = [_cell(plain_text(cell)) for cell in table.header]
    rows = [[_cell(plain_text(cell)) for cell in row] for row in table.rows]
    columns = max([len(headers), *(len(row) for row in rows)], default=0)
    if not rows:
        return []
    if len(rows) > MAX_ROWS or columns > MAX_COLUMNS:
        named = [header for header in headers if header]
        if table.caption:
            template = gettext(
                "The table “{caption}” with {rows} rows and the columns {columns} is on the web page."
            )
        else:
            template = gettext("A table with {rows} rows and the columns {columns} is on the web page.")
        if not named:
            template = (
                gettext("The table “{caption}” with {rows} rows is on the web page.")
                if table.caption
                else gettext("A table with {rows} rows is on the web page.")
            )
        return [template.format(caption=table.caption, rows=len(rows), columns=_joined(named, gettext))]
    intro = (
        gettext("Table “{caption}”:").format(caption=table.caption) if table.caption else gettext("A table:")
    )
    return [intro, *(sentence for row in rows if (sentence := _row(headers, row)) != ".")]


def figure_sentences(image: Image, gettext: Callable[[str], str]) -> list[str]:
    """What a figure shows, from its caption and its alt text; nothing for a decorative image."""
    if image.decorative:
        return []
    caption = (image.caption or "").strip()
    alt = image.alt.strip()
    if caption and (not alt or alt.lower() in caption.lower()):
        return [gettext("Figure: {text}").format(text=caption)]
    if caption and caption.lower() not in alt.lower():
        return [gettext("Figure “{caption}”: {alt}").format(caption=caption, alt=alt)]
    return [gettext("Figure: {text}").format(text=alt)]
