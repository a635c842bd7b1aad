"""Amounts with their unit as a reader says them: currency, scale words, percent, units of measure.

"rd. 1,5 Mio. €" is "rund eins Komma fünf Millionen Euro", "1 t" is "eine Tonne", "mit rd. 300
Einw." is "mit rund dreihundert Einwohnern", "-5 °C" is "minus fünf Grad Celsius".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from publisher.channels.audio.speech.german.inflection import Case, Gender, governing_case, indefinite
from publisher.channels.audio.speech.german.numbers import NUMBER, is_one, number_words, plain_value

__all__ = ["UNITS", "Unit", "speak_amounts"]


@dataclass(frozen=True)
class Unit:
    """A unit or counted noun: its singular, its plural, its gender and its dative plural."""

    singular: str
    plural: str
    gender: Gender = "m"
    dative_plural: str | None = None

    def name(self, value: Decimal | None, case: Case | None) -> str:
        if value == 1:
            return self.singular
        return self.dative_plural if case == "dat" and self.dative_plural else self.plural


def _invariant(word: str, gender: Gender = "m") -> Unit:
    # "mit 98 Kilometern pro Stunde", "von 850 Metern": a metre or a litre takes "-n" in the dative plural.
    head, space, rest = word.partition(" ")
    dative = f"{head}n{space}{rest}" if head.endswith(("meter", "Meter", "liter", "Liter")) else None
    return Unit(word, word, gender, dative)


def _feminine(singular: str) -> Unit:
    return Unit(singular, singular + "n", "f")


UNITS: dict[str, Unit] = {
    "mm": _invariant("Millimeter"),
    "cm": _invariant("Zentimeter"),
    "m": _invariant("Meter"),
    "km": _invariant("Kilometer"),
    "mm²": _invariant("Quadratmillimeter"),
    "cm²": _invariant("Quadratzentimeter"),
    "m²": _invariant("Quadratmeter"),
    "qm": _invariant("Quadratmeter"),
    "km²": _invariant("Quadratkilometer"),
    "ha": _invariant("Hektar"),
    "m³": _invariant("Kubikmeter"),
    "cbm": _invariant("Kubikmeter"),
    "cm³": _invariant("Kubikzentimeter"),
    "l": _invariant("Liter"),
    "ml": _invariant("Milliliter"),
    "hl": _invariant("Hektoliter"),
    "µg": _invariant("Mikrogramm", "n"),
    "μg": _invariant("Mikrogramm", "n"),
    "mg": _invariant("Milligramm", "n"),
    "g": _invariant("Gramm", "n"),
    "kg": _invariant("Kilogramm", "n"),
    "t": _feminine("Tonne"),
    "kt": _feminine("Kilotonne"),
    "Mt": _feminine("Megatonne"),
    "Wh": _feminine("Wattstunde"),
    "kWh": _feminine("Kilowattstunde"),
    "MWh": _feminine("Megawattstunde"),
    "GWh": _feminine("Gigawattstunde"),
    "TWh": _feminine("Terawattstunde"),
    "W": _invariant("Watt", "n"),
    "kW": _invariant("Kilowatt", "n"),
    "kWp": _invariant("Kilowatt-Peak", "n"),
    "MW": _invariant("Megawatt", "n"),
    "MWp": _invariant("Megawatt-Peak", "n"),
    "GW": _invariant("Gigawatt", "n"),
    "V": _invariant("Volt", "n"),
    "kV": _invariant("Kilovolt", "n"),
    "Hz": _invariant("Hertz", "n"),
    # espeak-ng splits "Gigahertz" as "Giga-ertz"; the hyphen keeps the "h".
    "GHz": _invariant("Giga-Hertz", "n"),
    "kHz": _invariant("Kilo-Hertz", "n"),
    "MHz": _invariant("Mega-Hertz", "n"),
    "PS": _invariant("PS", "n"),
    "dB(A)": _invariant("Dezibel A", "n"),
    "dB": _invariant("Dezibel", "n"),
    "°C": _invariant("Grad Celsius"),
    "°": _invariant("Grad"),
    "km/h": _invariant("Kilometer pro Stunde"),
    "m/s": _invariant("Meter pro Sekunde"),
    "kbit/s": _invariant("Kilobit pro Sekunde", "n"),
    "Mbit/s": _invariant("Megabit pro Sekunde", "n"),
    "Gbit/s": _invariant("Gigabit pro Sekunde", "n"),
    "kB": _invariant("Kilobyte", "n"),
    "MB": _invariant("Megabyte", "n"),
    "GB": _invariant("Gigabyte", "n"),
    "TB": _invariant("Terabyte", "n"),
    "ppm": _invariant("Pe Pe Emm", "n"),
    "h": _feminine("Stunde"),
    "Std.": _feminine("Stunde"),
    "Stunden": _feminine("Stunde"),
    "min": _feminine("Minute"),
    "Min.": _feminine("Minute"),
    "Sek.": _feminine("Sekunde"),
    "s": _feminine("Sekunde"),
    "ms": _feminine("Millisekunde"),
    "Einw.": Unit("Einwohner", "Einwohner", "m", "Einwohnern"),
    "EW": Unit("Einwohner", "Einwohner", "m", "Einwohnern"),
    "Tln.": Unit("Teilnehmer", "Teilnehmer", "m", "Teilnehmern"),
    "Pers.": Unit("Person", "Personen", "f"),
    "Stk.": _invariant("Stück", "n"),
    "Pkt.": Unit("Punkt", "Punkte", "m", "Punkten"),
    "Tsd.": _invariant("tausend", "n"),
    # After a number (a citation's "S. 12" is read before amounts): pages, figures, tables.
    "S.": _feminine("Seite"),
    "Abb.": Unit("Abbildung", "Abbildungen", "f"),
    "Tab.": Unit("Tabelle", "Tabellen", "f"),
    "St.": _invariant("Stück", "n"),
    "Mon.": Unit("Monat", "Monate", "m", "Monaten"),
    "Wo.": _feminine("Woche"),
    "J.": Unit("Jahr", "Jahre", "n", "Jahren"),
    "Vol.-%": _invariant("Volumenprozent", "n"),
    "%-Punkte": _invariant("Prozentpunkte", "m"),
    "Prozentpunkte": Unit("Prozentpunkt", "Prozentpunkte", "m", "Prozentpunkten"),
    "Prozentpunkten": Unit("Prozentpunkt", "Prozentpunkte", "m", "Prozentpunkten"),
    "%": _invariant("Prozent", "n"),
    "Prozent": _invariant("Prozent", "n"),
    "‰": _invariant("Promille", "n"),
    "Promille": _invariant("Promille", "n"),
    "€": _invariant("Euro"),
    "EUR": _invariant("Euro"),
    "Euro": _invariant("Euro"),
    "T€": _invariant("Euro"),
    "TEUR": _invariant("Euro"),
    "Cent": _invariant("Cent"),
    "ct": _invariant("Cent"),
    "$": _invariant("US-Dollar"),
    "US-$": _invariant("US-Dollar"),
    "USD": _invariant("US-Dollar"),
    "CHF": _invariant("Schweizer Franken"),
    "£": _invariant("britische Pfund", "n"),
}
# Scale words between a number and its unit; the singular is used after exactly one.
_SCALES = {
    "Tsd.": ("tausend", "tausend"),
    "Mio.": ("Million", "Millionen"),
    "Mio": ("Million", "Millionen"),
    "Mill.": ("Million", "Millionen"),
    "Million": ("Million", "Millionen"),
    "Millionen": ("Million", "Millionen"),
    "Mrd.": ("Milliarde", "Milliarden"),
    "Mrd": ("Milliarde", "Milliarden"),
    "Milliarde": ("Milliarde", "Milliarden"),
    "Milliarden": ("Milliarde", "Milliarden"),
    "Bio.": ("Billion", "Billionen"),
}
_THOUSANDS = frozenset({"T€", "TEUR"})
_EURO = frozenset({"€", "EUR", "Euro"})
_CURRENCY_FIRST = {"€": "€", "EUR": "EUR", "$": "$", "US-$": "$", "USD": "USD", "CHF": "CHF", "£": "£"}


def _alternatives(words: object) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


_UNIT = _alternatives(UNITS)
_SCALE = _alternatives(_SCALES)
_PER = r"(?:\s?/\s?|\spro\s|\sje\s)(Jahr|Monat|Tag|Woche|Stunde|Kopf|Person|Einwohner|Einw\.|" + _UNIT + ")"
_SIGN = r"(?:(?<=^)|(?<=[\s(]))([-−+±]|plus\s|minus\s)?"
_QUANTITY = re.compile(
    rf"{_SIGN}({NUMBER})(?:,[-–])?(?:\s?([–—-]|bis zu|bis|und|oder)\s?({NUMBER}))?"
    rf"(?:\s?({_SCALE}))?(?:\s?({_UNIT})(?:{_PER})?(?![\w²³%]))?(?=\W|$)"
)
_CURRENCY_BEFORE = re.compile(
    rf"(?<![\w$€£])({_alternatives(_CURRENCY_FIRST)})\s?({NUMBER})(?:,[-–])?(?:\s?({_SCALE}))?(?!\w)"
)
# "+/- 2 %", "± 0,5 °C": one sign, written against its number.
_PLUS_MINUS = re.compile(r"(?:\+\s?/\s?[-−]|±)\s?(?=\d)")
_SIGN_WORDS = {"-": "minus", "−": "minus", "+": "plus", "±": "plus minus", "plus ": "plus", "minus ": "minus"}
# Units that also are letters or words on their own are spoken only after a number.
# "bei km 23": a road's kilometre mark stands before its number.
_STANDALONE = re.compile(r"(?<![\w/])(m²|m³|km²|km/h|°C|€/m²|‰|km(?=\s\d))(?![\w²³])")


def speak_amounts(text: str) -> str:
    """Numbers with scale words, currency, percent and units of measure, inflected as the phrase needs."""
    text = _PLUS_MINUS.sub("±", text)
    # "8 €/erm. 5 €": the reduced price is a second price, after a pause.
    text = _REDUCED_PRICE.sub(", ", text)
    text = _CURRENCY_BEFORE.sub(
        lambda m: f"{m[2]} {m[3] + ' ' if m[3] else ''}{_CURRENCY_FIRST[m[1]]}",
        text,
    )
    # "12 KBE/100 ml": a count per an amount of a unit.
    if "/" in text:
        text = _PER_AMOUNT.sub(" pro ", text)
    # "1/4 l" (by now "ein Viertel l"): a unit after a fraction said in words.
    text = _FRACTION_UNIT.sub(
        lambda m: f"{m[1]} {UNITS[m[3]].singular if m[2] else UNITS[m[3]].plural}", text
    )
    text = _QUANTITY.sub(_quantity, text)
    return _STANDALONE.sub(lambda m: _STANDALONE_WORDS.get(m[1], m[1]), text)


_FRACTION_UNIT = re.compile(
    rf"\b((eine?\s(?:Viertel|Drittel|Achtel|Fünftel|Zehntel|halbe?))|(?:zwei|drei)\s(?:Viertel|Drittel)|"
    rf"eineinhalb|anderthalb|dreiviertel)\s({_UNIT})(?![\w²³/])"
)
_PER_AMOUNT = re.compile(rf"(?<=[^\W\d_])\s?/\s?(?=\d[\d.]*\s?(?:{_UNIT})(?![\w²³/]))")
_REDUCED_PRICE = re.compile(r"\s?/\s?(?=erm(?:\.|äßigt))")
_STANDALONE_WORDS = {
    "km": "Kilometer",
    "m²": "Quadratmeter",
    "m³": "Kubikmeter",
    "km²": "Quadratkilometer",
    "km/h": "Kilometer pro Stunde",
    "°C": "Grad Celsius",
    "€/m²": "Euro pro Quadratmeter",
    "‰": "Promille",
}


def _quantity(match: re.Match[str]) -> str:
    sign, first, joiner, second, scale, unit_written, per = match.groups()
    # "zwischen 2 und 3 Mio.": a word between the numbers stays; a dash is said "bis".
    joiner = joiner if joiner and joiner[0].isalpha() else "bis"
    if scale is None and unit_written is None:
        return match[0]
    unit = UNITS[unit_written] if unit_written else None
    # Money and shares are values: "auf 1 Mio. € angesetzt" sets a value, in the accusative.
    money_or_share = bool(scale) or unit_written in _EURO or unit_written == "%"
    case = governing_case(match.string[: match.start()], match.string[match.end() :], value=money_or_share)
    last = second or first
    spoken_sign = _SIGN_WORDS[sign] + " " if sign else ""
    if unit_written in _THOUSANDS:
        thousands = plain_value(last) * 1000
        number = f"{number_words(first)} {joiner} " if second else ""
        return f"{spoken_sign}{number}{_integer(thousands)} Euro"
    per_words = f" pro {UNITS[per].singular if per in UNITS else _PER_WORDS.get(per, per)}" if per else ""
    if unit_written in _EURO and scale is None and "," in last and not second:
        return spoken_sign + _euros_and_cents(last, case) + per_words
    if unit_written == "m" and not scale and all(_METRES_AND_CENTIMETRES.fullmatch(v) for v in (first, last)):
        # "1,50 m" is "ein Meter fünfzig", as one says a height or a length; "1,80 bis 1,85 m" too.
        start = f"{_metres(first, case)} {joiner} " if second else ""
        return f"{spoken_sign}{start}{_metres(last, case)}"
    value = None if scale else plain_value(last)
    if scale:
        singular, plural = _SCALES[scale]
        one = is_one(last) and not second
        # "mit einer Million Euro": Million, Milliarde and Billion are feminine nouns.
        scale_words = (
            (f"{indefinite('f', case)} " if singular[0].isupper() else "ein") + singular
            if one
            else f"{number_words(last)} {plural}"
        )
        if singular == "tausend":
            # "2,5 Tsd. Euro" is "zwei Komma fünf Tausend Euro": after a decimal "Tausend" is a noun.
            scale_words = (
                "eintausend" if one else number_words(last) + (" Tausend" if "," in last else "tausend")
            )
        amount = scale_words if not second else f"{number_words(first)} {joiner} {scale_words}"
        unit_words = unit.plural if unit else ""
    else:
        amount = _count(first, second, unit, case, joiner)
        # "in 3 km Entfernung", "auf dem 2,4 km langen Abschnitt": a measure before its noun keeps its form.
        measure = case == "dat" and _NOUN_AFTER.match(match.string, match.end()) is not None
        unit_words = unit.name(value if not second else None, None if measure else case) if unit else ""
    return f"{spoken_sign}{amount}{' ' + unit_words if unit_words else ''}{per_words}"


_PER_WORDS = {"Einw.": "Einwohner"}
_NOUN_AFTER = re.compile(r"\s(?:[A-ZÄÖÜ][a-zäöüß]|[a-zäöüß]+e[nrsm]?\s[A-ZÄÖÜ])")
_METRES_AND_CENTIMETRES = re.compile(r"\d+,\d\d")


def _metres(written: str, case: Case | None) -> str:
    metres, centimetres = written.split(",")
    return f"{_count(metres, None, UNITS['m'], case)} Meter {number_words(str(int(centimetres)))}"


def _count(first: str, second: str | None, unit: Unit | None, case: Case | None, joiner: str = "bis") -> str:
    if second:
        return f"{number_words(first)} {joiner} {number_words(second)}"
    if is_one(first) and unit is not None:
        return indefinite(unit.gender, case)
    return number_words(first)


def _integer(value: Decimal) -> str:
    return (
        number_words(str(int(value))) if value == int(value) else number_words(str(value).replace(".", ","))
    )


def _euros_and_cents(written: str, case: Case | None) -> str:
    euros, cents = written.split(",", 1)
    cents = cents.ljust(2, "0")[:2]
    if plain_value(euros) == 0:
        return f"{number_words(str(int(cents)))} Cent" if int(cents) else "null Euro"
    spoken = f"{indefinite('m', case) if is_one(euros) else number_words(euros)} Euro"
    return spoken if int(cents) == 0 else f"{spoken} {number_words(str(int(cents)))}"
