"""Abbreviations whose reading depends on the words around them.

"u. ä." before a noun is "und ähnliche" ("Lkw u. ä. Fahrzeuge"), at the end "und Ähnliches";
"Anm. erforderlich" is a registration, "Anm. d. Red." a note; "im Vgl. zum Vorjahr" is a noun;
"EG 9b" is a pay grade, "im EG" a ground floor; "(m/w/d)" names the genders a job is open to;
"Dr. med. Lea Horn" is "Doktor Lea Horn", as a newsreader leaves the faculty out before a name,
and "ist Dr. med." is "ist Doktor der Medizin".
These run before the fixed table of abbreviations, which reads what is left.
"""

from __future__ import annotations

import re

__all__ = ["CONTEXT_FORMS", "speak_by_context"]

# Forms read only here, which must not end a sentence either.
CONTEXT_FORMS = frozenset(["Ltd."])

_SIMILAR = re.compile(r"(?<![\w.])([uU])\.\s?[äÄ]\.(?=\s[A-ZÄÖÜ][a-zäöüß])")
_REGISTRATION = re.compile(
    r"(?<![\w.])Anm\.(?=\s(?:erforderlich|erbeten|notwendig|nötig|unter|bis|bei|per)\b)"
)
# After an article or a preposition with one, "Vgl." is the noun "Vergleich", not "vergleiche".
_COMPARISON = re.compile(r"\b((?i:im|zum|den|einen|einem|als) )Vgl\.")
# "EG 9b", "EG 13 TV-L": an "Entgeltgruppe" has a number after it; "im EG" is the floor.
_PAY_GRADE = re.compile(r"(?<![\w.])EG(?=\s?\d)")
# "Min. a. D. Klaus Berg": before a name or "a. D." a minister; after a number (read earlier) minutes.
_MINISTER = re.compile(r"(?<![\w.])Min\.(?=\s(?:a\.\s?D\.|[A-ZÄÖÜ][a-zäöüß]+\s[A-ZÄÖÜ]))")
# "Ltd. Polizeidirektor", "Ltd. Oberstaatsanwältin": a title, "leitend" with the ending of its noun.
_LEADING = re.compile(
    r"(?<![\w.])Ltd\.(?=\s[A-ZÄÖÜ][a-zäöüß]*(?:direktor|rat|arzt|anwalt|präsident|(rätin|ärztin|anwältin|in))\b)"
)
# "wie s. o. beschrieben": after "wie" only the direction is said ("wie oben").
_AS_ABOVE = re.compile(r"\b([Ww]ie) s\.\s?([ou])\.")
# "2:2 n. V." (by now "zwei zu zwei n. V."): after a score the match went into extra time.
_EXTRA_TIME = re.compile(r"(\bzu [a-zäöüß]+\s)n\.\s?V\.")
# A doctor's faculty, in Latin short form: said as its field when no name follows.
_FACULTIES = {
    "med": "Medizin",
    "med dent": "Zahnmedizin",
    "med vet": "Tiermedizin",
    "dent": "Zahnmedizin",
    "vet": "Tiermedizin",
    "rer nat": "Naturwissenschaften",
    "rer pol": "Staatswissenschaften",
    "rer oec": "Wirtschaftswissenschaften",
    "rer soc": "Sozialwissenschaften",
    "oec": "Wirtschaftswissenschaften",
    "phil": "Philosophie",
    "jur": "Rechte",
    "iur": "Rechte",
    "theol": "Theologie",
    "paed": "Pädagogik",
    "agr": "Agrarwissenschaften",
}
_FACULTY = re.compile(
    r"\bDr\.\s?((?:rer\.\s?(?:nat|pol|oec|soc)|med|dent|vet|phil|jur|iur|theol|oec|paed|agr)\.)"
    r"(\s?(?:dent|vet)\.)?(\s?habil\.)?(\s(?=[A-ZÄÖÜ]))?"
)


def _faculty(match: re.Match[str]) -> str:
    if match[4]:
        return "Dr. "  # Before a name: "Doktor Lea Horn".
    key = re.sub(r"[.\s]+", " ", (match[1] + (match[2] or ""))).strip()
    field = _FACULTIES.get(key) or _FACULTIES[key.split()[0]]
    return f"Dr. der {field}"


_GENDERS = {"m": "männlich", "w": "weiblich", "d": "divers", "x": "divers", "i": "inter"}
_OPEN_TO = re.compile(r"(?<![\w/])([mwdxi])\s?/\s?([mwdxi])(?:\s?/\s?([mwdxi]))?(?![\w/])")


def _genders(match: re.Match[str]) -> str:
    words = [_GENDERS[letter] for letter in match.groups() if letter]
    return ", ".join(words[:-1]) + " oder " + words[-1]


def speak_by_context(text: str) -> str:
    """The abbreviations whose words depend on their neighbours, spoken out."""
    if " s." in text:
        text = _AS_ABOVE.sub(lambda m: f"{m[1]} {'oben' if m[2] == 'o' else 'unten'}", text)
    if " n." in text:
        text = _EXTRA_TIME.sub(r"\1nach Verlängerung", text)
    if "Dr." in text:
        text = _FACULTY.sub(_faculty, text)
    text = _SIMILAR.sub(lambda m: ("und" if m[1] == "u" else "Und") + " ähnliche", text)
    text = _REGISTRATION.sub("Anmeldung", text)
    text = _COMPARISON.sub(r"\1Vergleich", text)
    text = _PAY_GRADE.sub("Entgeltgruppe", text)
    text = _MINISTER.sub("Minister", text)
    text = _LEADING.sub(lambda m: "Leitende" if m[1] else "Leitender", text)
    if "/" in text:
        text = _OPEN_TO.sub(_genders, text)
    return text
