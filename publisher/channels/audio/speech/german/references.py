"""File and reference numbers: Aktenzeichen, Drucksachen, law gazettes and citations of paragraphs.

In "Az. 4-0141.5/123" or "Drs. 17/4567" hyphens, dots and slashes separate parts; they are
neither ranges nor decimals nor fractions: "Aktenzeichen vier Bindestrich null eins vier eins
Punkt fünf Strich einhundertdreiundzwanzig". In a citation every number is a plain number:
"§ 34 Abs. 1 BauGB" is "Paragraf vierunddreißig Absatz eins Baugesetzbuch".
"""

from __future__ import annotations

import re

from publisher.channels.audio.speech.german.acronyms import spell
from publisher.channels.audio.speech.german.numbers import digits, number_words, year
from publisher.channels.audio.speech.german.roman_numerals import roman_value

__all__ = ["CITATION_WORDS", "FILE_NUMBER_WORDS", "speak_references"]

# Abbreviations that introduce a file or document number, and what they are called.
FILE_NUMBER_WORDS = {
    "Az.": "Aktenzeichen",
    "AZ": "Aktenzeichen",
    "Az": "Aktenzeichen",
    "Aktenzeichen": "Aktenzeichen",
    "Gz.": "Geschäftszeichen",
    "GZ": "Geschäftszeichen",
    "Geschäftszeichen": "Geschäftszeichen",
    "Drs.": "Drucksache",
    "Drucks.": "Drucksache",
    "Drucksache": "Drucksache",
    "BT-Drs.": "Bundestagsdrucksache",
    "BT-Drucksache": "Bundestagsdrucksache",
    "BR-Drs.": "Bundesratsdrucksache",
    "LT-Drs.": "Landtagsdrucksache",
    "LT-Drucksache": "Landtagsdrucksache",
    "Vorgangsnummer": "Vorgangsnummer",
    "Vorgangs-Nr.": "Vorgangsnummer",
    "Kassenzeichen": "Kassenzeichen",
    "Antragsnummer": "Antragsnummer",
    "Kennziffer": "Kennziffer",
    "Kennz.": "Kennziffer",
    "Kennnummer": "Kennnummer",
    "Ausschreibungsnummer": "Ausschreibungsnummer",
    "Referenznummer": "Referenznummer",
    "Ref.-Nr.": "Referenznummer",
}
# Abbreviations in citations: each is followed by a plain number ("Abs. 1" is "Absatz eins").
CITATION_WORDS = {
    "§§": "Paragrafen",
    "§": "Paragraf",
    "Art.": "Artikel",
    "Artt.": "Artikel",
    "Abs.": "Absatz",
    "UAbs.": "Unterabsatz",
    "Nr.": "Nummer",
    "Nrn.": "Nummern",
    "Ziff.": "Ziffer",
    "lit.": "Buchstabe",
    "Buchst.": "Buchstabe",
    "Halbs.": "Halbsatz",
    "Hs.": "Halbsatz",
    "Alt.": "Alternative",
    "Var.": "Variante",
    "S.": "Seite",
    "Bd.": "Band",
    "Kap.": "Kapitel",
    "Anl.": "Anlage",
    "Tz.": "Textziffer",
    "Rn.": "Randnummer",
    "Rdnr.": "Randnummer",
    "Tab.": "Tabelle",
    "Abb.": "Abbildung",
    "Fn.": "Fußnote",
}
_GAZETTES = {
    "BGBl.": "Bundesgesetzblatt",
    "GBl.": "Gesetzblatt",
    "GVBl.": "Gesetz- und Verordnungsblatt",
    "GVOBl.": "Gesetz- und Verordnungsblatt",
    "BAnz.": "Bundesanzeiger",
    "ABl.": "Amtsblatt",
    "GABl.": "Gemeinsames Amtsblatt",
    "MBl.": "Ministerialblatt",
    "GMBl.": "Gemeinsames Ministerialblatt",
    "StAnz.": "Staatsanzeiger",
}


def _alternatives(words: object) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))  # type: ignore[call-overload]


# A file number: digit and letter groups joined by hyphens, dots, slashes or single spaces before capitals.
_CODE = r"[A-ZÄÖÜ]{0,5}\s?\d[\w]*(?:(?:[-./]|\s(?=[A-ZÄÖÜ][\w]{0,4}\s\d)|\s(?=\d))[\w]+)*"
_FILE_NUMBER = re.compile(rf"(?<![\w-])({_alternatives(FILE_NUMBER_WORDS)})(\s?:)?\s?({_CODE})")
_GAZETTE = re.compile(
    rf"(?<![\w.])({_alternatives(_GAZETTES)})(?:\s((?:19|20)\d\d))?(?:\s(I{{1,3}}|IV)(?![\w]))?(?:\s((?:19|20)\d\d))?"
)
_CITATION_WORD = re.compile(
    rf"(?<![\w.])({_alternatives(CITATION_WORDS)})\s?("
    rf"(?:\d+[a-z]?\s?[–-]\s?\d+[a-z]?(?![\d,]|\.\d)|\d+(?:\.\d{{1,2}})+(?!\d)|\d+[a-z]?|[IVX]+|[a-z]\)?)(?![\w,.]\d))"
    rf"(?:\s?(ff?\.)|(?=[\s,;:)]|\.?$))"
)
_CITATION_RANGE = re.compile(r"\s?[–-]\s?")
# Further numbers in a citation chain: "§§ 3, 4 und 7", "§§ 3 bis 5".
_CHAIN = re.compile(r"(?<=Paragrafen )(?:[\w ]+)(?:,\s(\d+[a-z]?))+")
_INFLECTING_ARTICLE = re.compile(r"\b(?:des|dem|den|eines|einem|einen)\s$")
_AFTER_PARAGRAPH = re.compile(r"(?:Abs\.|Absatz|§|Paragraf|Art\.|Artikel)\s?\w+\s*$")
# A reference number without its label: digit groups joined by a hyphen and a dot or slash
# ("45-8831.20/17"); neither a range nor a decimal. A time range ("8.30-9.30 Uhr") is not one.
_BARE_CODE = re.compile(r"(?<![\w.,/-])\d+(?:[-./]\d+){2,}(?![\w/-]|[.,]\d|\s?(?:Uhr|h)\b)")
# "1.1100.6500" (a budget item) is a code; "1.234.567" is a number and "24.12.2026" a date.
_DOTTED_CODE = re.compile(r"\d+(?:\.\d+){2,}")
_DOTTED_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+|\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})")
# "C-123/25" (a case at the Court of Justice), "T-45/24": a letter, then the number.
_LETTER_CODE = re.compile(r"(?<![\w-])([A-Z])-(\d+(?:/\d+)?)(?![\w-])")
_NUMBER_RANGE = re.compile(r"\d{1,3}(?:\.\d{3})+-\d{1,3}(?:\.\d{3})+")
_PART = re.compile(r"[A-Za-zÄÖÜäöüß]+|\d+|[-./]")
_SEPARATORS = {"-": "Bindestrich", ".": "Punkt", "/": "Strich"}


# A road: motorway, federal, state or district road and its number ("B 27", "L 1180", "K 1055"),
# two of them at a junction joined by a slash ("L 1180/K 1055").
_ROAD_LETTERS = r"(A|B|L|K|St|BAB)\s?(\d{1,4})"
_ROAD = re.compile(rf"(?<![\w/-]){_ROAD_LETTERS}(?:\s?/\s?{_ROAD_LETTERS})?(?=[\s,.;:)]|$)")


def _road_number(letters: str, number: str) -> str:
    """A road's number as a year of its shape is said: "L 1180" -> "L elfhundertachtzig", "K 4711" ->
    "K siebenundvierzig elf", "K 1055" -> "K zehn fünfundfünfzig"."""
    if len(number) == 4 and number[0] != "0":
        number = year(number) if 11 <= int(number[:2]) <= 19 else _in_pairs(number)
    elif len(number) > 1 and number[0] == "0":
        number = digits(number)
    else:
        number = number_words(number)
    return f"{letters} {number}"


def _road(match: re.Match[str]) -> str:
    first = _road_number(match[1], match[2])
    return f"{first} und {_road_number(match[3], match[4])}" if match[3] else first


# A court's file number: chamber, register letters, running number and year ("4 K 1234/25", "VI ZR
# 123/24", "1 BvR 2656/18"); a clerk says a four-digit running number in pairs ("zwölf vierunddreißig").
_COURT_FILE = re.compile(
    r"(?<![\w.,/-])(?:\d{1,3}|[IVX]{1,4})\s[A-Z][A-Za-z]{0,3}\s\d{1,5}/\d{2}(?![\w/]|[.,]\d)"
)


# A number plate: district, letters and number ("S-AB 1234", "LB-XY 987", "TÜ-E 45E").
_PLATE = re.compile(r"(?<![\w-])([A-ZÄÖÜ]{1,3})-([A-Z]{1,2})\s(\d{1,4})([EH]?)(?![\w-])")
# "2026-044": a number with a leading zero after a hyphen is a code, never a range.
_ZERO_CODE = re.compile(r"(?<![\w.,/-])\d+-0\d+(?![\w/-]|[.,]\d)")


def _plate(match: re.Match[str]) -> str:
    number = match[3]
    spoken = _in_pairs(number) if len(number) == 4 else number_words(number)
    return " ".join(part for part in (spell(match[1]), spell(match[2]), spoken, spell(match[4])) if part)


_ROMAN_PART = re.compile("[IVX]+")


def _in_pairs(number: str) -> str:
    """ "1234" -> "zwölf vierunddreißig", "1005" -> "zehn null fünf", "1200" -> "zwölfhundert"."""
    first, second = number_words(number[:2]), number[2:]
    if second == "00":
        return first + "hundert"
    return f"{first} {digits(second) if second[0] == '0' else number_words(second)}"


def _file_number(code: str) -> str:
    """A file number part by part: numbers as numbers (leading zeros digit by digit), letters spelled."""
    spoken = []
    court = _COURT_FILE.fullmatch(code) is not None
    for index, part in enumerate(_PART.findall(code)):
        if court and index == 0 and _ROMAN_PART.fullmatch(part):
            spoken.append(number_words(str(roman_value(part))))  # "VI ZR": the sixth civil senate
        elif part in _SEPARATORS:
            spoken.append(_SEPARATORS[part])
        elif part.isdigit() and court and len(part) == 4 and part[0] != "0":
            spoken.append(_in_pairs(part))
        elif part.isdigit():
            spoken.append(number_words(part) if len(part) <= 4 else digits(part))
        elif part.isupper() or len(part) <= 2:
            spoken.append(spell(part))
        else:
            spoken.append(part)
    return " ".join(spoken)


def _citation_number(written: str) -> str:
    # "S. 12-15", "§§ 3–5": a range of pages or paragraphs.
    parts = _CITATION_RANGE.split(written)
    if len(parts) == 2:
        return " bis ".join(_citation_number(part) for part in parts)
    if re.fullmatch(r"\d+(?:\.\d+)+", written):
        return " Punkt ".join(number_words(part) for part in written.split("."))
    if written.isdigit():
        return number_words(written)
    if re.fullmatch(r"\d+[a-z]", written):
        return f"{number_words(written[:-1])} {written[-1]}"
    if re.fullmatch(r"[IVX]+", written):
        return number_words(str(roman_value(written)))
    return written.rstrip(")")


def _citation(match: re.Match[str]) -> str:
    word = CITATION_WORDS[match[1]]
    # "des § 142 StGB": after an article other than "der" the noun takes its "-en" ("des Paragrafen").
    if match[1] == "§" and _INFLECTING_ARTICLE.search(match.string, 0, match.start()):
        word = "Paragrafen"
    if match[1] == "S." and _AFTER_PARAGRAPH.search(match.string, 0, match.start()):
        word = "Satz"  # "§ 5 Abs. 2 S. 1": in a citation of a paragraph "S." is a sentence, not a page.
    following = {"f.": " folgende", "ff.": " fortfolgende"}.get(match[3] or "", "")
    return f"{word} {_citation_number(match[2])}{following}"


def _gazette(match: re.Match[str]) -> str:
    parts = [_GAZETTES[match[1]]]
    if match[2]:
        parts.append(match[2])
    if match[3]:
        parts.append(f"Teil {number_words(str(roman_value(match[3])))}")
    if match[4]:
        parts.append(match[4])
    return " ".join(parts)


def speak_references(text: str) -> str:
    """File numbers, law gazettes and citations with every number read plainly."""
    text = _FILE_NUMBER.sub(
        lambda m: f"{FILE_NUMBER_WORDS[m[1]]}{(m[2] or '').strip()} {_file_number(m[3])}", text
    )
    if "/" in text:
        text = _COURT_FILE.sub(lambda m: _file_number(m[0]), text)
    text = _BARE_CODE.sub(_bare_code, text)
    if "-" in text:
        text = _PLATE.sub(_plate, _ZERO_CODE.sub(lambda m: _file_number(m[0]), text))
    text = _LETTER_CODE.sub(lambda m: f"{spell(m[1])} {_file_number(m[2])}", text)
    text = _ROAD.sub(_road, text)
    text = _GAZETTE.sub(_gazette, text)
    text = _CITATION_WORD.sub(_citation, text)
    # "§§ 3, 4 und 7": the numbers after the first one of a chain.
    return _CHAIN.sub(lambda m: re.sub(r"\d+[a-z]?", lambda n: _citation_number(n[0]), m[0]), text)


def _bare_code(match: re.Match[str]) -> str:
    code = match[0]
    if _NUMBER_RANGE.fullmatch(code):
        return code  # "1.000-2.000 Euro": a range of amounts, read with the amounts.
    if "-" in code and ("." in code or "/" in code):
        return _file_number(code)
    if _DOTTED_CODE.fullmatch(code) and not _DOTTED_NUMBER.fullmatch(code):
        return _file_number(code)
    return code
