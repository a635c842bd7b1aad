"""Acronyms spelled with German letter names ("BW" -> "Be We") unless a word list says they are words.

The lists are in ``acronyms.yaml`` beside this module: ``words`` ("NATO" -> "Nato") and
``say`` (fixed forms: laws, "Pkw"). Letter names are written so that espeak-ng and other
engines say the letter: "Eff", "Ell", "Emm" (espeak-ng reads "Ef" with a long e), "Zeh".
A part of an acronym that is a word stays a word ("BauGB" -> "Bau Ge Be", "TransnetBW" ->
"Transnet Be We"); long capitalised words that read as words ("ACHTUNG") are not spelled.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

from publisher.channels.audio.speech.german.numbers import number_words

__all__ = ["LETTERS", "speak_acronyms", "spell", "spoken_forms"]

LETTERS = {
    "A": "A",
    "B": "Be",
    "C": "Zeh",
    "D": "De",
    "E": "E",
    "F": "Eff",
    "G": "Ge",
    "H": "Ha",
    "I": "I",
    "J": "Jott",
    "K": "Ka",
    "L": "Ell",
    "M": "Emm",
    "N": "Enn",
    "O": "O",
    "P": "Pe",
    "Q": "Ku",
    "R": "Err",
    "S": "Ess",
    "T": "Te",
    "U": "U",
    "V": "Fau",
    "W": "We",
    "X": "Ix",
    "Y": "Ypsilon",
    "Z": "Zett",
    "Ä": "Ä",
    "Ö": "Ö",
    "Ü": "Ü",
    "ß": "Eszett",
}
# A vowel's name takes an "h" before a plural "s", so the vowel stays long ("NGOs" -> "En Ge Ohs").
_PLURAL = {"A": "Ahs", "E": "Ehs", "I": "Ihs", "O": "Ohs", "U": "Uhs", "S": "Ess"}
_DATA = Path(__file__).with_name("acronyms.yaml")

_UPPER = "A-ZÄÖÜ"
_LOWER = "a-zäöüß"
# A token with two capitals at least, letters and digits only: "BW", "KfW", "BauGB", "CO2", "NGOs".
_TOKEN = re.compile(
    rf"(?<![\w\ue000-\uf8ff])((?=\w*[{_UPPER}]\w*[{_UPPER}])[{_UPPER}{_LOWER}\d]+)(?![\w])(-(?=[{_UPPER}{_LOWER}]))?"
)
# A capital letter on its own ("Plan B", "Vitamin D", "Anna M."), not one in "S-Bahn" or "E-Mail".
_SINGLE = re.compile(rf"(?<![\w\ue000-\uf8ff-])([{_UPPER}])(?![\w'’-])")
_INITIAL = re.compile(rf"(\b[{_UPPER}][{_LOWER}]+ )([{_UPPER}])\.(?= [{_UPPER}][{_LOWER}]+\b)")
# One capital and digits: road and line numbers ("A8", "U6", "G20"); digits first: "5G".
_LETTER_AND_DIGITS = re.compile(
    rf"(?<![\w\ue000-\uf8ff])(?:([{_UPPER}])(\d{{1,3}})|(\d)([{_UPPER}]))(?![\w])"
)
_MOTORWAY = re.compile(r"\b(?:A|BAB)\s(?:\d|[a-zäöü]+\b)|Autobahn|Anschlussstelle")
_MOTORWAY_POINTS = {"AK": "Autobahnkreuz", "AD": "Autobahndreieck", "AS": "Anschlussstelle"}
_MOTORWAY_POINT = re.compile(r"\b(AK|AD|AS)\b(?=\s[A-ZÄÖÜ])")
_SEGMENT = re.compile(rf"[{_UPPER}][{_LOWER}]{{2,}}|[{_LOWER}]{{3,}}|\d+|.")
_VOWELS = "AEIOUÄÖÜY"
_PRONOUNCEABLE = re.compile(r"^[^AEIOUÄÖÜY]{0,3}(?:[AEIOUÄÖÜY]+[^AEIOUÄÖÜY]{1,3})*[AEIOUÄÖÜY]*$")


@cache
def spoken_forms() -> dict[str, str]:
    """Acronyms with a spoken form of their own: the ``words`` and ``say`` lists of ``acronyms.yaml``."""
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    return {**data["words"], **data["say"]}


@cache
def _fixed_pattern() -> re.Pattern[str]:
    forms = sorted(spoken_forms(), key=len, reverse=True)
    # A plural "s" goes with its word: "KiTas" -> "Kitas".
    return re.compile(
        r"(?<![\w\ue000-\uf8ff])("
        + "|".join(re.escape(form) for form in forms)
        + r")(s?)(?![\w])(-(?=[^\W\d]))?"
    )


def spell(letters: str) -> str:
    """Letters by their German names: "BW" -> "Be We", "KfW" -> "Ka Eff We"."""
    return " ".join(LETTERS.get(letter.upper(), letter) for letter in letters if not letter.isspace())


def _spoken_token(token: str) -> str:
    plural = re.fullmatch(rf"([{_UPPER}]{{2,}})s", token)
    if plural:
        letters = plural.group(1)
        return " ".join([spell(letters[:-1]), _PLURAL.get(letters[-1], LETTERS[letters[-1]] + "s")])
    if token.isupper() and len(token) >= 5 and token.isalpha() and _reads_as_word(token):
        return token[0] + token[1:].lower()
    parts = []
    for segment in _SEGMENT.findall(token):
        if segment.isdigit():
            parts.append(number_words(segment))
        elif len(segment) >= 3 and any(letter in _VOWELS for letter in segment.upper()):
            parts.append(segment)
        else:
            parts.append(spell(segment))
    if len(parts) > 1 and all(len(part) >= 3 and part in token for part in parts):
        return token  # Words joined by a capital ("SüdLink") stay one word.
    return " ".join(parts)


def _reads_as_word(token: str) -> bool:
    """Whether capitals spell a word a reader can say ("ACHTUNG", "FRONTEX"), not letters ("BMBFSFJ")."""
    vowels = sum(letter in _VOWELS for letter in token)
    return vowels / len(token) >= 0.25 and bool(_PRONOUNCEABLE.match(token))


def speak_acronyms(text: str) -> str:
    """Acronyms as spoken: listed words and fixed forms as listed, all others letter by letter."""
    forms = spoken_forms()
    if _MOTORWAY.search(text):
        # On a motorway "AK Stuttgart" is the interchange; elsewhere "AK" is a working group, spelled.
        text = _MOTORWAY_POINT.sub(lambda match: _MOTORWAY_POINTS[match[1]], text)
    text = _fixed_pattern().sub(lambda match: _joined(forms[match[1]] + match[2], match[3]), text)
    text = _TOKEN.sub(_acronym, text)
    text = _LETTER_AND_DIGITS.sub(
        lambda m: (
            f"{LETTERS[m[1]]} {number_words(m[2])}" if m[1] else f"{number_words(m[3])} {LETTERS[m[4]]}"
        ),
        text,
    )
    # "Anna M. Berg": the initial between first name and surname without the full stop a voice pauses at.
    text = _INITIAL.sub(lambda match: match[1] + LETTERS[match[2]], text)
    return _SINGLE.sub(lambda match: LETTERS[match[1]], text)


def _acronym(match: re.Match[str]) -> str:
    spoken = _spoken_token(match[1])
    return _joined(spoken, match[2]) if spoken != match[1] else spoken + (match[2] or "")


def _joined(spoken: str, hyphen: str | None) -> str:
    """ "ÖPNV-Angebot", "Pkw-Fahrer": after spelled letters the compound's word is said on its own."""
    if not hyphen:
        return spoken
    return spoken + (" " if " " in spoken else "-")
