"""Years as a reader says them: before 2000 in hundreds, decades, school years, and when a number counts.

"1990" is "neunzehnhundertneunzig", "die 90er Jahre" "die neunziger Jahre", "2025/26"
"zweitausendfünfundzwanzig sechsundzwanzig"; "1850 Einwohner" counts and stays a number.
"""

from __future__ import annotations

import re

from publisher.channels.audio.speech.german.dates import previous_word
from publisher.channels.audio.speech.german.numbers import number_words, year

__all__ = ["speak_years"]

_YEAR_RANGE = re.compile(r"(?<![\d.,])(1[1-9]\d\d)\s?[–—-]\s?((?:1[1-9]|20)\d\d)(?![\d]|[.,]\d)")
_YEAR_PAIR = re.compile(r"(?<![\d.,/])((?:19|20)\d\d)/((?:19|20)?\d\d)(?![\d/])")
# "Saison 25/26", "im Schuljahr 26/27": two years of a season written with two digits each.
_SHORT_SEASON = re.compile(
    r"(?i:(?:saison|spielzeit|jahr|jahres|semester|winter|haushalt|etat|ws|wise))(\s(?:\w+\s)?)"
    r"(\d\d)/(\d\d)(?![\d/])"
)
_YEAR = re.compile(r"(?<![\d.,])(1[1-9]\d\d)(?![\d]|[.,]\d)(?:\s([A-ZÄÖÜ][a-zäöüß-]+))?")
# Before these nouns (or compounds ending in them) a number of a year's size counts: "1850 Einwohner".
_COUNTED = (
    *("einwohner", "menschen", "personen", "besucher", "teilnehmer", "mitglieder", "mitarbeiter", "kinder"),
    *("schüler", "fälle", "plätze", "stellen", "wohnungen", "stimmen", "exemplare", "fahrzeuge", "bäume"),
    *("tiere", "anträge", "euro", "stück", "meter", "tonnen", "hektar", "beschäftigte", "innen", "ende"),
    *("punkte", "unterschriften", "objekte", "betten", "häuser", "gebäude", "seiten", "bücher", "dollar"),
    *("franken", "liter", "kilometer", "gramm", "stunden", "tage", "minuten", "jahre", "leute", "frauen"),
    *("männer", "spiele", "tore", "arbeitsplätze", "haushalte", "betriebe", "firmen", "unternehmen"),
    *("kilo", "pfund", "zentner", "paar", "dutzend"),
)
# After these words such a number counts whatever follows: "rund 1850 Gäste", "zählte 1850 ...".
_COUNTING_WORDS = frozenset(
    [
        *("rund", "rd", "etwa", "ca", "circa", "über", "knapp", "fast", "insgesamt", "mehr", "als", "mit"),
        *("zählte", "zählt", "zählten", "hat", "hatte", "haben", "hatten", "beschäftigt", "beschäftigte"),
        *("je", "pro", "bis", "zu", "nur", "weniger", "mindestens", "höchstens", "exakt", "genau", "die"),
        *("der", "den", "dem", "diese", "alle", "sind", "waren", "nahmen", "kamen", "gab", "gibt", "es"),
    ]
)
# "seit 1990 Mitglied", "wurde 1955 Meister": after these words a number of that size is a year
# even before a capitalised word, which elsewhere it counts ("1850 Mitglieder").
_YEAR_AFTER_WORD = re.compile(
    r"\b((?i:seit|im|anno|jahr|sommer|winter|herbst|frühjahr|ende|anfang|mitte|wurde|wurden|war|waren|"
    r"kam|starb|entstand|zog|gründete|heiratete|besuchte) )(1[1-9]\d\d)(?![\d]|[.,]\d)"
)
# "die 90er Jahre", and "den 50er- und 60er-Jahren", whose first decade lends its "Jahre" to the second.
_DECADE = re.compile(
    r"(?<![\d.,])((?:1[89]|20)?\d0)er(?=[\s-]?Jahre|-\s(?:und|bis|oder|sowie)\s(?:1[89]|20)?\d0er[\s-]?Jahre)"
)
# "in den 80ern", "Ende der 90er": a decade without "Jahre" after an article.
_BARE_DECADE = re.compile(r"(?<=\b(?:den|der|die) )((?:1[89]|20)?\d0)er(n?)(?![\w-])")


def speak_years(text: str) -> str:
    """Years before 2000 in hundreds ("neunzehnhundertneunzig"), decades and school years."""
    text = _DECADE.sub(lambda m: _decade(m[1]), text)
    text = _BARE_DECADE.sub(lambda m: _decade(m[1]) + m[2], text)
    text = _YEAR_PAIR.sub(
        lambda m: f"{year(m[1])} {year(m[2]) if len(m[2]) == 4 else number_words(m[2])}", text
    )
    text = _SHORT_SEASON.sub(_short_season, text)
    text = _YEAR_RANGE.sub(lambda m: f"{year(m[1])} bis {year(m[2])}", text)
    text = _YEAR_AFTER_WORD.sub(lambda m: m[1] + year(m[2]), text)
    return _YEAR.sub(_year, text)


def _short_season(match: re.Match[str]) -> str:
    first, second = int(match[2]), int(match[3])
    if second != (first + 1) % 100:
        return match[0]
    head = match[0][: match.start(2) - match.start()]
    return f"{head}{number_words(match[2])} {number_words(match[3])}"


def _year(match: re.Match[str]) -> str:
    """A number of a year's size is a year ("sahen 1987 Tausende") unless it counts what follows."""
    noun = match[2]
    if noun is None or noun in ("Jahr", "Jahren", "Jahres"):
        return year(match[1]) + (f" {noun}" if noun else "")
    previous = previous_word(match.string, match.start()).lower().rstrip(".")
    lowered = noun.lower()
    # "verlor 1945 Hunderte Häuser": a word of a rough count after the number names the count, not it.
    counted = (lowered.endswith(_COUNTED) or _plural(lowered)) and not lowered.endswith(_ROUGH_COUNTS)
    if previous in _COUNTING_WORDS or counted:
        return match[0]
    return f"{year(match[1])} {noun}"


# A noun without article in a plural's shape ("Linden", "Geflüchtete", "Familien", "Kitas", "Hühner",
# "Tablets") is what the number counts; a year stands before a name or a singular ("1987 Speyer",
# "1955 Meister").
_PLURAL_SHAPE = re.compile(
    r"(?:[^aeiouäöü]e|[^aeiouäöüi]en|ien|uen|eln|ern|[äöü][^aeiou\s]*er|[aouy]s|[tpbm]s)$"
)
_ROUGH_COUNTS = ("tausende", "hunderte", "dutzende")
# Places named in the plural's shape ("Tübingen", "Mühlhausen"): a year before them stays a year.
_PLACE_ENDINGS = ("ingen", "hausen", "hofen", "kirchen", "stetten", "felden", "bergen", "stedten")


def _plural(noun: str) -> bool:
    """Whether a lower-cased noun has the shape of a plural and not of a place's name."""
    return _PLURAL_SHAPE.search(noun) is not None and not noun.endswith(_PLACE_ENDINGS)


def _decade(written: str) -> str:
    words = year(written) if len(written) == 4 else number_words(written)
    # "zwanzig" -> "zwanziger", "neunzehnhundertachtzig" -> "neunzehnhundertachtziger".
    return words + "er"
