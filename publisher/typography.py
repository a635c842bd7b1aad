"""Numbers and spacing as a typesetter of the article's language writes them.

Every number the project shows a reader (file sizes, pixel counts, durations) is formatted here
with Babel, so a German page says "3,0 MB" and "4.000 × 3.000 Pixel", an English one "3.0 MB".
"""

from __future__ import annotations

import re

from babel.numbers import format_decimal

from publisher.i18n import babel_locale

__all__ = ["NARROW_NBSP", "NBSP", "format_count", "format_file_size", "format_megabytes", "typeset"]

NBSP = "\u00a0"
# Between the letters of an abbreviation ("z. B."), as German typesetting has it: narrow and unbreakable.
NARROW_NBSP = "\u202f"

_UNITS = (
    "%|‰|€|\\$|£|°C|°|km/h|km²|km|m²|m³|cm|mm|m|kg|g|t|l|ml|kWh|MWh|GWh|kW|MW|GW|W|V|h|min|s|"
    "Mio\\.|Mrd\\.|Tsd\\.|Euro|Cent|Prozent|Uhr|kB|MB|GB|TB|ha|Hektar|Meter|Kilometer|Tonnen"
)
# "40 km", "5 %", "14,2 Mio. €": a line never ends between a number and its unit.
_NUMBER_UNIT = re.compile(rf"(?<=\d) (?=(?:{_UNITS})(?![\w²³]))")
# "96 000": digit groups written with spaces stay together.
_DIGIT_GROUPS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
# "Nr. 3", "Abs. 1", "§ 12", "S. 4", "No. 5": the reference stays with its number.
_REFERENCE = re.compile(
    r"(?<![\w.])(Nr|Nrn|Abs|Art|Az|Drs|Kap|Bd|Ziff|Anl|S|ca|rd|No|p|pp)\. (?=\d)|(§§?) (?=\d)"
)
# "16,5 Mio. €": the scale stays with its currency.
_SCALE_CURRENCY = re.compile(r"(?<=Mio\.|Mrd\.|Tsd\.) (?=€|Euro\b|Dollar\b|\$)")
# "9. Dezember": the day stays with its month.
_DAY_MONTH = re.compile(
    r"(?<=\d\.) (?=(?:Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember)\b)"
)
# "z. B.", "d. h.", "u. a.", "i. V.", "u. Ä.": the letters of an abbreviation are not split over lines.
_ABBREVIATION = re.compile(r"(?<![\w.])([a-zäöü]\.) (?=[a-zäöüA-ZÄÖÜ]\.)")


def format_megabytes(size: int, language: str) -> str:
    """A size in bytes as megabytes with one decimal, in the language's number format.

    >>> format_megabytes(3_040_000, "de"), format_megabytes(3_040_000, "en")
    ('3,0', '3.0')
    """
    return format_decimal(size / 1e6, format="#,##0.0", locale=babel_locale(language))


def format_count(number: int, language: str) -> str:
    """A whole number with the language's digit grouping: ``4.000`` in German, ``4,000`` in English."""
    return format_decimal(number, format="#,##0", locale=babel_locale(language))


def format_file_size(size: int, language: str) -> str:
    """A file's size for a download link: kilobytes below one megabyte, else megabytes with one decimal.

    The number and its unit are joined by a no-break space, so a line never ends between them.

    >>> format_file_size(11_856, "de"), format_file_size(3_040_000, "de"), format_file_size(3_040_000, "en")
    ('12\xa0kB', '3,0\xa0MB', '3.0\xa0MB')
    """
    if size < 1_000_000:
        return f"{format_count(max(1, round(size / 1000)), language)}{NBSP}kB"
    return f"{format_megabytes(size, language)}{NBSP}MB"


def typeset(text: str) -> str:
    """``text`` with no-break spaces where a line must not break (number and unit, "Nr. 3", "z. B.").

    >>> typeset("Rund 40 km, z. B. nach Nr. 3 und § 12 Abs. 1, 96 000 Euro")
    'Rund 40\\xa0km, z.\\u202fB. nach Nr.\\xa03 und §\\xa012 Abs.\\xa01, 96\\xa0000\\xa0Euro'
    """
    if " " not in text:
        return text
    text = _ABBREVIATION.sub(lambda match: match.group(1) + NARROW_NBSP, text)
    text = _REFERENCE.sub(lambda match: match.group().rstrip(" ") + NBSP, text)
    text = _DIGIT_GROUPS.sub(NBSP, text)
    text = _SCALE_CURRENCY.sub(NBSP, text)
    text = _DAY_MONTH.sub(NBSP, text)
    return _NUMBER_UNIT.sub(NBSP, text)
