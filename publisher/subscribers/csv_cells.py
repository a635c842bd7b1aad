"""CSV cells that a spreadsheet opens as text, never as a formula (CSV or formula injection).

Spreadsheets run a cell as a formula when it starts with ``=``, ``+``, ``-`` or ``@`` (some also
after leading tabs, line breaks or spaces, or with the full-width forms of these signs). Such a
cell is written with a leading apostrophe, which spreadsheets show as text; reading it back
removes exactly that apostrophe, so an export imports unchanged.

>>> safe_cell("=HYPERLINK(1)"), safe_cell("a@example.org"), read_cell("'=1+1")
("'=HYPERLINK(1)", 'a@example.org', '=1+1')
"""

from __future__ import annotations

import re

__all__ = ["read_cell", "safe_cell"]

_TRIGGERS = "=+-@＝＋－＠"
# A formula sign after any run of blanks and control characters, or such a character first.
_FORMULA = re.compile(rf"^[\s\x00-\x1f\x7f]*[{_TRIGGERS}]|^[\x00-\x1f\x7f]")
_ESCAPED = re.compile(rf"^'+(?:[\s\x00-\x1f\x7f]*[{_TRIGGERS}]|[\x00-\x1f\x7f])")


def safe_cell(value: object) -> str:
    """``value`` as a CSV cell that no spreadsheet evaluates (an apostrophe before a formula sign)."""
    text = "" if value is None else str(value)
    if _FORMULA.match(text) or _ESCAPED.match(text):
        return "'" + text
    return text


def read_cell(text: str) -> str:
    """A cell as ``safe_cell`` wrote it, back to its value."""
    return text[1:] if _ESCAPED.match(text) else text
