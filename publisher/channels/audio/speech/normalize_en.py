"""English text normalisation: what a reader says for numbers, amounts, dates, times and abbreviations."""

from __future__ import annotations

import re
from decimal import Decimal

from num2words import num2words  # type: ignore[import-untyped]

from publisher.channels.audio.speech.normalize import LanguageRules, expand_abbreviations, speak_address, tidy

__all__ = ["ABBREVIATIONS", "MONTHS", "RULES", "normalize", "number_words"]

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ABBREVIATIONS = {
    "Prof.": "Professor",
    "Dr.": "Doctor",
    "Mr.": "Mister",
    "Mrs.": "Missus",
    "e. g.": "for example",
    "i. e.": "that is",
    "etc.": "et cetera",
    "approx.": "approximately",
    "vs.": "versus",
    "No.": "number",
    "Dept.": "Department",
    "incl.": "including",
    "min.": "minimum",
    "max.": "maximum",
}
_CURRENCIES = {
    "€": ("euro", "euros"),
    "EUR": ("euro", "euros"),
    "$": ("dollar", "dollars"),
    "£": ("pound", "pounds"),
}
_SCALES = {"m": "million", "million": "million", "bn": "billion", "billion": "billion", "k": "thousand"}
_UNITS = {
    "km²": "square kilometres",
    "m²": "square metres",
    "km/h": "kilometres per hour",
    "mph": "miles per hour",
    "km": "kilometres",
    "kg": "kilograms",
    "kWh": "kilowatt hours",
    "MW": "megawatts",
    "ha": "hectares",
    "°C": "degrees Celsius",
}
_ADDRESS_WORDS = {".": "dot", "/": "slash", "-": "dash", "_": "underscore", "@": "at"}

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONTH = "|".join(MONTHS)


def number_words(written: str) -> str:
    """An English number as words, without the commas num2words puts between groups."""
    if len(written) > 1 and written.startswith("0") and "." not in written:
        return " ".join(num2words(int(digit), lang="en") for digit in written)
    value = written.replace(",", "")
    # Whole numbers go in as int: the same words, many times faster than num2words' Decimal path.
    return str(num2words(int(value) if "." not in value else Decimal(value), lang="en")).replace(",", "")


def _year(written: str) -> str:
    return str(num2words(int(written), lang="en", to="year"))


def _ordinal(number: int) -> str:
    return str(num2words(number, lang="en", to="ordinal"))


def _amounts(text: str) -> str:
    scales = "|".join(sorted(_SCALES, key=len, reverse=True))
    symbols = "|".join(re.escape(symbol) for symbol in _CURRENCIES)

    def money(number: str, scale: str | None, currency: str) -> str:
        singular, plural = _CURRENCIES[currency]
        if scale:
            return f"{number_words(number)} {_SCALES[scale]} {plural}"
        whole, _, cents = number.partition(".")
        unit = singular if Decimal(whole.replace(",", "")) == 1 else plural
        spoken = f"{number_words(whole)} {unit}"
        return f"{spoken} {number_words(cents.lstrip('0') or '0')}" if cents and int(cents) else spoken

    text = re.sub(
        rf"({symbols})\s?({_NUMBER})(?:\s?({scales})\b)?",
        lambda m: money(m.group(2), m.group(3), m.group(1)),
        text,
    )
    return re.sub(
        rf"({_NUMBER})\s?(?:({scales})\s)?(EUR)\b",
        lambda m: money(m.group(1), m.group(2), m.group(3)),
        text,
    )


def _percentages(text: str) -> str:
    return re.sub(
        rf"({_NUMBER})\s?(?:%|percent\b|per cent\b)", lambda m: f"{number_words(m.group(1))} percent", text
    )


def _units(text: str) -> str:
    units = "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
    return re.sub(
        rf"({_NUMBER})\s?({units})(?![\w²])",
        lambda m: f"{number_words(m.group(1))} {_UNITS[m.group(2)]}",
        text,
    )


def _dates(text: str) -> str:
    text = re.sub(
        r"\b(\d{4})-(\d{2})-(\d{2})\b",
        lambda m: f"the {_ordinal(int(m.group(3)))} of {MONTHS[int(m.group(2)) - 1]} {_year(m.group(1))}",
        text,
    )
    text = re.sub(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s({_MONTH})(?:,?\s(\d{{4}}))?\b",
        lambda m: (
            f"the {_ordinal(int(m.group(1)))} of {m.group(2)}"
            + (f" {_year(m.group(3))}" if m.group(3) else "")
        ),
        text,
    )
    return re.sub(
        rf"\b({_MONTH})\s(\d{{1,2}})(?:st|nd|rd|th)?(?:,\s?(\d{{4}}))?\b",
        lambda m: (
            f"{m.group(1)} {_ordinal(int(m.group(2)))}" + (f", {_year(m.group(3))}" if m.group(3) else "")
        ),
        text,
    )


def _times(text: str) -> str:
    def clock(hour: str, minute: str | None, meridiem: str | None) -> str:
        words = number_words(str(int(hour)))
        if minute and minute != "00":
            words += (
                " oh " + number_words(minute[1]) if minute.startswith("0") else " " + number_words(minute)
            )
        elif not meridiem:
            words += " hundred" if int(hour) > 12 else " o'clock"
        return f"{words} {meridiem[0].lower()} m" if meridiem else words

    text = re.sub(
        r"\b(\d{1,2}):(\d{2})\s?(am|pm|a\.m\.|p\.m\.)?(?!\w)",
        lambda m: clock(m.group(1), m.group(2), m.group(3)),
        text,
        flags=re.IGNORECASE,
    )
    return re.sub(
        r"\b(\d{1,2})\s?(am|pm|a\.m\.|p\.m\.)(?!\w)",
        lambda m: clock(m.group(1), None, m.group(2)),
        text,
        flags=re.IGNORECASE,
    )


def _ranges(text: str) -> str:
    return re.sub(rf"(?<![\d.,])({_NUMBER})\s?[–-]\s?({_NUMBER})(?![\d])", r"\1 to \2", text)


def _ordinals(text: str) -> str:
    return re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", lambda m: _ordinal(int(m.group(1))), text)


def _years(text: str) -> str:
    return re.sub(r"(?<![\d.,$€£])(1[1-9]\d\d|20\d\d)(?![\d]|[.,]\d)", lambda m: _year(m.group(1)), text)


def _numbers(text: str) -> str:
    return re.sub(rf"(?<![\w.])(?:{_NUMBER})(?![\w])", lambda m: number_words(m.group(0)), text)


def _symbols(text: str) -> str:
    text = re.sub(r"(?<=\d)/(?=\d)", " slash ", text)
    return text.replace("&", " and ").replace("§", " section ")


def normalize(sentence: str) -> str:
    """One English sentence as a reader would say it."""
    text = speak_address(sentence, _ADDRESS_WORDS)
    text = _dates(text)
    text = _times(text)
    text = _ranges(text)
    text = _amounts(text)
    text = _percentages(text)
    text = _units(text)
    text = expand_abbreviations(text, ABBREVIATIONS)
    text = _symbols(text)
    text = _ordinals(text)
    text = _years(text)
    text = _numbers(text)
    return tidy(text)


RULES = LanguageRules(
    language="en",
    normalize=normalize,
    abbreviations=ABBREVIATIONS,
    final_abbreviations=frozenset({"etc."}),
    months=MONTHS,
    address_words=_ADDRESS_WORDS,
)
