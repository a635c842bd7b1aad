"""Numbers and spacing as a typesetter of the article's language writes them.

Every number the project shows a reader (file sizes, pixel counts, durations) is formatted here
with Babel, so a German page says "3,0 MB" and "4.000 × 3.000 Pixel", an English one "3.0 MB".
"""

from __future__ import annotations

from babel.numbers import format_decimal

from publisher.i18n import babel_locale

__all__ = ["NBSP", "format_count", "format_file_size", "format_megabytes"]

NBSP = "\u00a0"


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
