"""Phone and fax numbers, postcodes, P.O. boxes and IBANs read digit by digit in the groups as written.

"0711 126-2000" is "null sieben eins eins, eins zwei sechs, zwei null null null": each group
as written, every digit on its own, a short pause (a comma) between groups, never "bis" and
never a big number. "+49 (0)711" is "plus neunundvierzig, sieben eins eins": the "(0)" is
not dialled from abroad and not read.
"""

from __future__ import annotations

import re

from publisher.channels.audio.speech.german.acronyms import spell
from publisher.channels.audio.speech.german.numbers import digits, number_words

__all__ = ["speak_codes", "speak_phone_numbers"]

_SEPARATOR = r"(?:\s?[/–-]\s?|\s)"
# A dot between the groups of a full number ("0711.123456") is a separator too; not in a bare local one.
_GROUP_SEPARATOR = r"(?:\s?[/–-]\s?|\s|\.(?=\d))"
# The area code after a country code may be one digit (Vienna: "+43 1 ...").
_INTERNATIONAL = (
    rf"(?:\+|00)\d{{1,3}}(?:\s?\(0\))?{_SEPARATOR}?\(?\d{{1,5}}\)?(?:{_GROUP_SEPARATOR}\d{{1,8}})*"
)
# "(0711)", "(07 11)" (the old two-digit grouping) or "0711" as the area code.
# An area code spaced in pairs is followed by a slash: "07 11 / 1 23 45 67", "0 71 21 / 3 03-0".
_NATIONAL = (
    rf"(?:\(0\d(?:\s?\d){{1,4}}\)|0(?:\s?\d){{2,5}}(?=\s?/)|0\d{{2,5}})(?:{_GROUP_SEPARATOR}\d{{1,8}})+"
)
# Words that announce a phone or fax number, with whatever punctuation follows them.
_CONTEXT = (
    r"(?:Tel(?:efon)?(?:nummer|-Nr\.)?|Rufnummer|Telefax|Fax(?:nummer|-Nr\.)?|Mobil(?:nummer|telefon)?|Handy"
    r"|[\w-]*[Hh]otline|Servicenummer|[\w-]*[Tt]elefon|Durchwahl|Notruf(?:nummer)?|Behördennummer"
    r"|Phone|Fon|unter\sder\s(?:Nummer|Rufnummer|Telefonnummer))"
)
_CONTEXT_LEAD = rf"\b{_CONTEXT}\.?(?:\s?\((?!\s?\d)[^)]{{1,30}}\))?\s?[:.]?\s?"
_UNIT_WORDS = r"Euro|€|%|Prozent|Minuten|Min\.|Stunden|Std\.|Tage|Jahre"
_LOCAL = rf"\d{{2,8}}(?:{_SEPARATOR}\d{{1,8}})*"
# A number after a context word may be local ("126-2000") or a short service number ("116 117").
_IN_CONTEXT = re.compile(
    rf"({_CONTEXT_LEAD})-?((?:{_INTERNATIONAL}|{_NATIONAL}|{_LOCAL}))"
    rf"(?![\d.,]\d|[\d\s–-]*\s?Uhr\b|\s?(?:{_UNIT_WORDS}))"
)
# Without a context word only the unmistakable shapes: "+49 ..." and "0711 ..." with two groups.
_BY_SHAPE = re.compile(rf"(?<![\w.,/+-])({_INTERNATIONAL}|{_NATIONAL})(?![\d.,]\d|\w)")
_EXTENSION = re.compile(r"(?<=\d)\s?-\s?(\d{1,6})(?!\d)")
_GROUP = re.compile(r"\d+")
_MIN_DIGITS = 6
_AREA_IN_BRACKETS = re.compile(r"\((0[\d ]+)\)")
_AREA_BEFORE_SLASH = re.compile(r"^\s*0[\d ]+(?=/)")
# "0711 231-4567 oder -4568": a second extension of the number just given.
_OTHER_EXTENSION = re.compile(r"(?<=\d-\d)(\d*,?\s(?:oder|und|bzw\.|sowie)\s)-(\d{1,6})(?![\d.,]\d)")
# "Tel" without its full stop, before a number.
_SHORT_TEL = re.compile(r"^Tel(?=\s)")

# A postcode stands after "in", a comma or at the start, before the town: "73728 Esslingen".
_POSTCODE = re.compile(
    r"(^|,\s|\bin\s|\bD-)(\d{5})(?=\s[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*(?:[\s,.;]|$))"
)
_POSTCODE_WORD = re.compile(r"\b(?:Postleitzahl|Postleitzahlen|PLZ)\b")
_FIVE_DIGITS = re.compile(r"(?<![\d.,])\d{5}(?![\d]|[.,]\d)")
# Emergency and service numbers: "116 117" always, "110", "112" and "115" where a number is dialled.
_HARMONISED = re.compile(r"(?<![\d.,])(116)\s?(\d{3})(?![\d.,]\d)")
_EMERGENCY = re.compile(
    r"\b(die|der|unter|wählen|Notruf|Notrufnummer|Polizeinotruf|Feuerwehrnotruf|Behördennummer|Rufnummer"
    r"|(?<=[Dd]ie\s)Nummer|(?<=[Dd]er\s)Nummer)\s"
    r"(110|112|115)(?![\d.,]\d|\s?[%€]|\s[A-ZÄÖÜ])"
)
_BOX = re.compile(r"\b(Postfach)\s(\d{1,3}(?:\s\d{2,3})+|\d{2,8})(?!\d)")
_IBAN = re.compile(r"\b(IBAN:?\s)?([A-Z]{2})(\d{2})((?:\s?[0-9]{4}){3,7}(?:\s?[0-9]{1,3})?)(?![\d])")


def _long_group(group: str) -> list[str]:
    """An unbroken run of more than five digits cut into threes, the last part two to four long."""
    if len(group) <= 5:
        return [group]
    parts = [group[index : index + 3] for index in range(0, len(group), 3)]
    if len(parts[-1]) == 1:
        parts[-2:] = [parts[-2] + parts[-1]]
    return parts


def spoken_number(written: str) -> str:
    """One phone number as spoken: digits in the groups as written, a comma between groups."""
    international = written.lstrip().startswith(("+", "00"))
    written = re.sub(r"\(0\)", " ", written)
    written = _AREA_IN_BRACKETS.sub(lambda match: match[1].replace(" ", ""), written)
    written = _AREA_BEFORE_SLASH.sub(lambda match: match[0].replace(" ", ""), written)
    groups = _GROUP.findall(written)
    spoken: list[str] = []
    if international:
        country = groups.pop(0)
        country = country[2:] if written.lstrip().startswith("00") else country
        spoken.append(f"plus {number_words(country)}")
    for group in groups:
        spoken.extend(digits(part) for part in _long_group(group))
    return ", ".join(spoken)


def speak_phone_numbers(text: str) -> str:
    """Phone and fax numbers after "Tel.", "Fax", "Hotline" ... and ones whose shape tells."""
    text = _HARMONISED.sub(lambda m: f"{digits(m[1])}, {digits(m[2])}", text)
    text = _EMERGENCY.sub(lambda m: f"{m[1]} {digits(m[2])}", text)
    text = _OTHER_EXTENSION.sub(lambda m: f"{m[1]}{digits(m[2])}", text)
    text = _IN_CONTEXT.sub(lambda m: f"{_SHORT_TEL.sub('Telefon', m[1])}{spoken_number(m[2])}", text)
    return _BY_SHAPE.sub(_by_shape, text)


def _by_shape(match: re.Match[str]) -> str:
    # "+112 %" or "+12 45" are a change and a count: a dialled number has six digits at least.
    written = match[1]
    dialled = sum(character.isdigit() for character in written) >= _MIN_DIGITS
    return spoken_number(written) if dialled else written


# "ISBN 978-3-16-148410-0", "ISSN 0012-3456": a book's or a journal's number, said in its groups.
_BOOK_NUMBER = re.compile(r"\b(IS[BS]N(?:-1[03])?:?\s?)(\d[\d -]{6,}[\dX])(?![\w-])")


def _book_number(match: re.Match[str]) -> str:
    groups = re.split(r"[\s-]+", match[2])
    return match[1] + ", ".join(digits(group) if group.isdigit() else spell(group) for group in groups)


def speak_codes(text: str) -> str:
    """Postcodes ("70173 Stuttgart"), P.O. box numbers, IBANs and ISBNs, digit by digit."""
    text = _IBAN.sub(_iban, text)
    if "IS" in text:
        text = _BOOK_NUMBER.sub(_book_number, text)
    text = _BOX.sub(lambda m: f"{m[1]} " + ", ".join(digits(group) for group in m[2].split()), text)
    text = _POSTCODE.sub(lambda m: m[1] + digits(m[2]), text)
    # "Die Postleitzahl ändert sich von 71034 auf 71032": every five-digit number after the word.
    named = _POSTCODE_WORD.search(text)
    if named is None:
        return text
    return text[: named.end()] + _FIVE_DIGITS.sub(lambda m: digits(m[0]), text[named.end() :])


def _iban(match: re.Match[str]) -> str:
    groups = match[4].split() if " " in match[4].strip() else _long_group(match[4])
    spoken = ", ".join([f"{spell(match[2])} {digits(match[3])}", *(digits(group) for group in groups)])
    return f"{match[1] or ''}{spoken}"
