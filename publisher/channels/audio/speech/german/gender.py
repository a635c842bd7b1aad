"""The grammatical gender of a German noun, guessed from the word, its last part and its ending.

"Stunde" is feminine by its "-e", "Halbjahr" neuter by its last part "Jahr", "Obergeschoss" neuter
as a "Geschoss"; what neither tells is masculine, the most common gender of the nouns counted in
press releases ("Euro", "Antrag", "Platz").
"""

from __future__ import annotations

from typing import Literal

__all__ = ["Gender", "guess_gender"]

Gender = Literal["m", "f", "n"]

_FEMININE_ENDINGS = (
    "person",
    "ung",
    "heit",
    "keit",
    "schaft",
    "ion",
    "tät",
    "ik",
    "ie",
    "ei",
    "enz",
    "anz",
    "ur",
    "in",
)
_NEUTER_ENDINGS = ("chen", "lein", "um", "ment", "nis", "tum", "ma", "werk", "zeug", "amt", "gramm", "haus")
# Nouns ending in "-e" that are not feminine, and common nouns whose ending does not tell.
_NOT_FEMININE_E = frozenset(
    [
        "kunde",
        "name",
        "junge",
        "experte",
        "kollege",
        "gedanke",
        "glaube",
        "käse",
        "ende",
        "auge",
        "interesse",
        "erbe",
        "gebäude",
        "gebirge",
        "gemälde",
        "gelände",
        "getreide",
        "zimmer",
    ]
)
_NEUTER = frozenset(
    [
        "kind",
        "jahr",
        "haus",
        "land",
        "projekt",
        "programm",
        "gesetz",
        "team",
        "ziel",
        "mal",
        "auto",
        "fahrzeug",
        "konzept",
        "angebot",
        "verfahren",
        "prozent",
        "mitglied",
        "unternehmen",
        "stück",
        "dorf",
        "zentrum",
        "bett",
        "paar",
        "drittel",
        "viertel",
        "gebiet",
        "büro",
        "modul",
        "grundstück",
        "gebäude",
        "gelände",
        "jahrzehnt",
        "jahrhundert",
        "semester",
        "kilo",
        "liter",
        "pfund",
        "bild",
        "buch",
        "ticket",
        "konto",
        "netz",
        "feld",
        "gerät",
        "gericht",
        "spiel",
        "fest",
        "konzert",
        "museum",
        "mädchen",
        # Things a police report counts: "stellte 1 Pedelec sicher", "forderte 1 Todesopfer".
        *("pedelec", "bike", "rad", "motorrad", "messer", "handy", "smartphone", "tablet", "fenster"),
        *("boot", "schiff", "pferd", "tier", "schild", "paket", "dach", "feuer", "opfer", "portemonnaie"),
    ]
)
_MASCULINE = frozenset(
    [
        *("monat", "tag", "euro", "cent", "meter", "kilometer", "grad", "punkt", "antrag", "platz"),
        # "-ein" is no "-in": "Führerschein", "Gutschein", "Verein", "Grenzstein" are masculine.
        *("schein", "stein", "verein", "wein"),
    ]
)

# Feminine nouns (and last parts of compounds) that their ending does not tell: "Bundesliga", "Amtszeit".
_FEMININE = (
    "liga",
    "staffel",
    "nummer",
    "regel",
    "zahl",
    "fahrt",
    "kraft",
    "stadt",
    "welt",
    "zeit",
    "frau",
    "nacht",
    "form",
    "wahl",
    "spur",
    "tour",
    "bahn",
    "schicht",
)
_NEUTER_HEADS = ("geschoss", "quartal", "kapitel", "treffen", "gebot", "verbot", "album", "stockwerk")
_HEAD_GENDER: dict[str, Gender] = {
    **{word: "m" for word in _MASCULINE if len(word) >= 3},
    **{word: "f" for word in _FEMININE},
    **{word: "n" for word in (*_NEUTER, *_NEUTER_HEADS) if len(word) >= 3},
}
# The longest first, so that "gebäude" decides before "de" could.
_COMPOUND_HEADS = tuple(sorted(_HEAD_GENDER, key=len, reverse=True))


def guess_gender(noun: str) -> Gender:
    """The grammatical gender of a noun, guessed from the word and its ending ("Stunde" -> "f")."""
    lowered = noun.lower().split("-")[-1]
    if lowered in _MASCULINE:
        return "m"
    if lowered in _NEUTER or (lowered.startswith("ge") and lowered.endswith("e") and len(lowered) > 5):
        return "n"
    # A compound takes the gender of its last part: "Halbjahr", "Obergeschoss", "Landtag".
    for head in _COMPOUND_HEADS:
        if lowered.endswith(head):
            return _HEAD_GENDER[head]
    if lowered.endswith(_NEUTER_ENDINGS):
        return "n"
    if lowered.endswith("e") and lowered not in _NOT_FEMININE_E:
        return "f"
    if lowered.endswith(_FEMININE_ENDINGS):
        return "f"
    return "m"
