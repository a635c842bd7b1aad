"""German text normalisation: what a reader says for numbers, amounts, dates, abbreviations, gendered forms.

Each step is a small function over one sentence; ``normalize`` runs them in an order where
the specific forms (amounts, dates, times) go before the general ones (plain numbers).
"""

from __future__ import annotations

import re
from decimal import Decimal

from num2words import num2words  # type: ignore[import-untyped]

from publisher.speech.normalize import LanguageRules, expand_abbreviations, speak_address, tidy

__all__ = ["ABBREVIATIONS", "MONTHS", "RULES", "normalize", "number_words"]

MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
ABBREVIATIONS = {
    "Prof.": "Professor",
    "Dr.": "Doktor",
    "z. B.": "zum Beispiel",
    "bzw.": "beziehungsweise",
    "ca.": "circa",
    "Nr.": "Nummer",
    "u. a.": "unter anderem",
    "usw.": "und so weiter",
    "etc.": "et cetera",
    "d. h.": "das heißt",
    "ggf.": "gegebenenfalls",
    "inkl.": "inklusive",
    "vgl.": "vergleiche",
    "evtl.": "eventuell",
    "bspw.": "beispielsweise",
    "mind.": "mindestens",
    "max.": "maximal",
    "Tel.": "Telefon",
    "Str.": "Straße",
    "Abs.": "Absatz",
    "Jh.": "Jahrhundert",
    "u. U.": "unter Umständen",
    "i. d. R.": "in der Regel",
    "o. ä.": "oder Ähnliches",
    "St.": "Sankt",
}
# Scale words after a number; the singular is used after exactly one.
_SCALES = {
    "Mio.": ("eine Million", "Millionen"),
    "Million": ("eine Million", "Millionen"),
    "Millionen": ("eine Million", "Millionen"),
    "Mrd.": ("eine Milliarde", "Milliarden"),
    "Milliarde": ("eine Milliarde", "Milliarden"),
    "Milliarden": ("eine Milliarde", "Milliarden"),
    "Tsd.": ("eintausend", "tausend"),
}
_UNITS = {
    "km²": "Quadratkilometer",
    "m²": "Quadratmeter",
    "km/h": "Kilometer pro Stunde",
    "km": "Kilometer",
    "kg": "Kilogramm",
    "kWh": "Kilowattstunden",
    "MWh": "Megawattstunden",
    "MW": "Megawatt",
    "ha": "Hektar",
    "°C": "Grad Celsius",
    "Mbit/s": "Megabit pro Sekunde",
    "Gbit/s": "Gigabit pro Sekunde",
    "ct": "Cent",
    "m": "Meter",
    "t": "Tonnen",
}
_ADDRESS_WORDS = {".": "Punkt", "/": "Schrägstrich", "-": "Bindestrich", "_": "Unterstrich", "@": "ät"}
# After these words a number with a full stop is an ordinal ("am 3. März", "der 2. Bauabschnitt").
_ORDINAL_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "dem",
        "den",
        "des",
        "am",
        "im",
        "vom",
        "zum",
        "zur",
        "beim",
        "ab",
        "bis",
        "seit",
        "ihr",
        "ihre",
        "sein",
        "seine",
        "jeder",
        "jede",
    ]
)
# Ordinals take "-te" after a definite article in the nominative, "-ten" otherwise ("am dritten März").
_NOMINATIVE = frozenset({"der", "die", "das", "jeder", "jede"})

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_SCALE = "|".join(re.escape(scale) for scale in sorted(_SCALES, key=len, reverse=True))
_MONTH = "|".join(MONTHS)


def _value(written: str) -> Decimal:
    return Decimal(written.replace(".", "").replace(",", "."))


def number_words(written: str) -> str:
    """A German number as words: "1.200" -> "eintausendzweihundert", "1,3" -> "eins Komma drei"."""
    if len(written) > 1 and written.startswith("0") and "," not in written:
        # Leading zeros (phone numbers, codes) are read digit by digit.
        return " ".join(num2words(int(digit), lang="de") for digit in written)
    value = _value(written)
    # Whole numbers go in as int: the same words, many times faster than num2words' Decimal path.
    return str(num2words(int(value) if "," not in written else value, lang="de"))


def _ordinal(number: int, previous_word: str) -> str:
    word = str(num2words(number, lang="de", to="ordinal"))
    return word if previous_word.lower() in _NOMINATIVE else word + "n"


def _year(written: str) -> str:
    return str(num2words(int(written), lang="de", to="year"))


def _previous_word(match: re.Match[str]) -> str:
    words = match.string[: match.start()].split()
    return words[-1] if words else ""


def _scaled(number: str, scale: str | None) -> str:
    if scale is None:
        return number_words(number)
    singular, plural = _SCALES[scale]
    return singular if _value(number) == 1 else f"{number_words(number)} {plural}"


def _amounts(text: str) -> str:
    def euro(number: str, scale: str | None) -> str:
        if scale is None and "," in number:
            euros, cents = number.split(",", 1)
            spoken = "ein Euro" if _value(euros) == 1 else f"{number_words(euros)} Euro"
            return spoken if int(cents) == 0 else f"{spoken} {number_words(cents.lstrip('0') or '0')}"
        if scale is None and _value(number) == 1:
            return "ein Euro"
        return f"{_scaled(number, scale)} Euro"

    text = re.sub(
        rf"(?:€|EUR)\s?({_NUMBER})(?:\s?({_SCALE}))?(?!\w)",
        lambda m: euro(m.group(1), m.group(2)),
        text,
    )
    text = re.sub(
        rf"({_NUMBER})\s?(?:({_SCALE})\s?)?(?:€|EUR\b|Euro\b)",
        lambda m: euro(m.group(1), m.group(2)),
        text,
    )
    return re.sub(rf"({_NUMBER})\s?({_SCALE})(?!\w)", lambda m: _scaled(m.group(1), m.group(2)), text)


def _percentages(text: str) -> str:
    def percent(match: re.Match[str]) -> str:
        number = "ein" if match.group(1) == "1" else number_words(match.group(1))
        return f"{number} {match.group(2) or 'Prozent'}"

    return re.sub(rf"({_NUMBER})\s?(?:%|(Prozentpunkte|Prozent)\b)", percent, text)


def _units(text: str) -> str:
    units = "|".join(re.escape(unit) for unit in sorted(_UNITS, key=len, reverse=True))
    text = re.sub(
        rf"({_NUMBER})\s?({units})(?![\w²])",
        lambda m: f"{number_words(m.group(1))} {_UNITS[m.group(2)]}",
        text,
    )
    # Units no word could be mistaken for are spoken even without a number ("pro m²").
    symbols = [unit for unit in _UNITS if not unit.isalpha()]
    pattern = "|".join(re.escape(unit) for unit in sorted(symbols, key=len, reverse=True))
    return re.sub(rf"(?<!\w)({pattern})(?![\w²])", lambda m: _UNITS[m.group(1)], text)


def _dates(text: str) -> str:
    def spoken(match: re.Match[str], day: str, month: int, year: str | None) -> str:
        words = f"{_ordinal(int(day), _previous_word(match))} {MONTHS[month - 1]}"
        return f"{words} {_year(year)}" if year else words

    text = re.sub(
        r"\b(\d{4})-(\d{2})-(\d{2})\b",
        lambda m: spoken(m, m.group(3), int(m.group(2)), m.group(1)),
        text,
    )
    text = re.sub(
        r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4})?(?![\d])",
        lambda m: (
            spoken(m, m.group(1), int(m.group(2)), m.group(3)) if 1 <= int(m.group(2)) <= 12 else m.group(0)
        ),
        text,
    )
    return re.sub(
        rf"(?<![\d.])(\d{{1,2}})\.\s?({_MONTH})(?:\s(\d{{4}}))?\b",
        lambda m: spoken(m, m.group(1), MONTHS.index(m.group(2)) + 1, m.group(3)),
        text,
    )


def _times(text: str) -> str:
    def hour(written: str) -> str:
        return "ein" if int(written) == 1 else number_words(str(int(written)))

    text = re.sub(
        r"\b(\d{1,2})[:.](\d{2})\s?Uhr\b",
        lambda m: (
            f"{hour(m.group(1))} Uhr"
            + ("" if m.group(2) == "00" else f" {number_words(str(int(m.group(2))))}")
        ),
        text,
    )
    return re.sub(r"\b(\d{1,2})\s?Uhr\b", lambda m: f"{hour(m.group(1))} Uhr", text)


def _ranges(text: str) -> str:
    return re.sub(rf"(?<![\d.,])({_NUMBER})\s?[–-]\s?({_NUMBER})(?![\d])", r"\1 bis \2", text)


def _years(text: str) -> str:
    return re.sub(r"(?<![\d.,])(1[1-9]\d\d)(?![\d.,]\d)", lambda m: _year(m.group(1)), text)


def _ordinals(text: str) -> str:
    return re.sub(
        r"(?<![\d.,])(\d{1,3})\.(?=\s+\w)",
        lambda m: _ordinal(int(m.group(1)), _previous_word(m)),
        text,
    )


def _numbers(text: str) -> str:
    def cardinal(match: re.Match[str]) -> str:
        following = match.string[match.end() :].lstrip()
        # "1 Person" is "eine Person"-like; the neutral "ein" reads better than "eins".
        if match.group(0) == "1" and following[:1].isalpha():
            return "ein"
        return number_words(match.group(0))

    return re.sub(rf"(?<![\w,])(?:{_NUMBER})(?![\w])", cardinal, text)


def _gendered(text: str) -> str:
    """Spell out shortened pairs: "Managerinnen und -manager", "Bürger*innen"."""

    def pair(match: re.Match[str]) -> str:
        first, joiner, tail = match.group(1), match.group(2), match.group(3)
        lowered = first.lower()
        for length in range(len(tail), 2, -1):
            index = lowered.rfind(tail[:length].lower())
            if index >= 0:
                whole = first[:index] + tail if index else tail[:1].upper() + tail[1:]
                return f"{first} {joiner} {whole}"
        return f"{first} {joiner} {tail}"

    text = re.sub(r"(\w+)\s+(und|oder|sowie|bzw\.)\s+-(\w+)", pair, text)

    def star(match: re.Match[str]) -> str:
        base = match.group(1)
        if match.group(2) and base.endswith("er"):
            return f"{base}innen und {base}"
        return base + ("innen" if match.group(2) else "in")

    return re.sub(r"(\w+)[*:_]in(nen)?\b", star, text)


def _symbols(text: str) -> str:
    text = text.replace("§§", " Paragrafen ").replace("§", " Paragraf ").replace("&", " und ")
    text = re.sub(r"(?<=\d)/(?=\d)", " Strich ", text)
    return re.sub(r"(?<=[^\W\d])/(?=[^\W\d])", " ", text)


def normalize(sentence: str) -> str:
    """One German sentence as a reader would say it."""
    text = speak_address(sentence, _ADDRESS_WORDS)
    text = _gendered(text)
    text = _dates(text)
    text = _ranges(text)
    text = _times(text)
    text = _amounts(text)
    text = _percentages(text)
    text = _units(text)
    text = expand_abbreviations(text, ABBREVIATIONS)
    text = _symbols(text)
    text = _years(text)
    text = _ordinals(text)
    text = _numbers(text)
    return tidy(text)


RULES = LanguageRules(
    language="de",
    normalize=normalize,
    abbreviations={**ABBREVIATIONS, **{scale: words[1] for scale, words in _SCALES.items() if "." in scale}},
    final_abbreviations=frozenset({"usw.", "etc."}),
    ordinal_words=_ORDINAL_WORDS,
    months=MONTHS,
    address_words=_ADDRESS_WORDS,
)
