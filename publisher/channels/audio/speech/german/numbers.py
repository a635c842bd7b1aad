"""German numbers as words: cardinals, decimals, digits, ordinals with their endings, years.

num2words gives the words; it is slow (about half a millisecond a call), so every result is
cached: a press release repeats the same few numbers.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from num2words import num2words  # type: ignore[import-untyped]

__all__ = [
    "NUMBER",
    "THOUSANDS_SPACE",
    "cardinal",
    "digits",
    "is_one",
    "number_words",
    "ordinal",
    "plain_value",
    "year",
]

# Spaces a typesetter puts between digit groups: space, no-break space, thin and narrow no-break space.
THOUSANDS_SPACE = " \u00a0\u2009\u202f"
# A written number: "1.200", "96 000", "1,5", "12"; the groups after the first have three digits.
NUMBER = (
    rf"\d{{1,3}}(?:\.\d{{3}})+(?:,\d+)?|\d{{1,3}}(?:[{THOUSANDS_SPACE}]\d{{3}})+(?:,\d{{1,2}}(?!\d))?(?![\d,])"
    r"|\d+(?:,\d+)?"
)

_DIGIT_WORDS = ("null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun")
_GROUPING = re.compile(rf"[.{THOUSANDS_SPACE}]")


def plain_value(written: str) -> Decimal:
    """The value of a written German number: "1.200" -> 1200, "96 000" -> 96000, "1,5" -> 1.5."""
    return Decimal(_GROUPING.sub("", written).replace(",", "."))


def is_one(written: str) -> bool:
    """Whether a written number is exactly one ("1", not "1,5" or "1,0")."""
    return _GROUPING.sub("", written) == "1"


def digits(written: str) -> str:
    """Digits one by one: "0711" -> "null sieben eins eins"."""
    return " ".join(_DIGIT_WORDS[int(digit)] for digit in written if digit.isdigit())


@lru_cache(maxsize=4096)
def _integer_words(value: int) -> str:
    return str(num2words(value, lang="de"))


def number_words(written: str) -> str:
    """A German number as words: "1.200" -> "eintausendzweihundert", "1,35" -> "eins Komma drei fünf".

    Leading zeros (codes, extensions) are read digit by digit; the digits after a decimal comma
    are read one by one, as written, trailing zeros included.
    """
    whole, _, fraction = _GROUPING.sub("", written).partition(",")
    if len(whole) > 1 and whole.startswith("0") and not fraction:
        return digits(whole)
    words = _integer_words(int(whole or "0"))
    return f"{words} Komma {digits(fraction)}" if fraction else words


def cardinal(written: str, article: str = "eins") -> str:
    """A number before a word: ``article`` ("ein", "eine", "einem", ...) stands for exactly one."""
    return article if is_one(written) else number_words(written)


@lru_cache(maxsize=1024)
def _ordinal_stem(value: int) -> str:
    return str(num2words(value, lang="de", to="ordinal"))


def ordinal(value: int, ending: str = "n") -> str:
    """An ordinal with an adjective ending after its "-e": ``ordinal(3)`` -> "dritten", ``""`` -> "dritte"."""
    return _ordinal_stem(value) + ending


@lru_cache(maxsize=512)
def year(written: str) -> str:
    """A year as spoken: 1990 -> "neunzehnhundertneunzig", 2026 -> "zweitausendsechsundzwanzig"."""
    return str(num2words(int(written), lang="de", to="year"))
