"""Courts written short, said by their names where the letters can mean nothing else.

"BGH", "OLG", "VGH", "BVerfG" always name a court: "des BGH" is "des Bundesgerichtshofs". "LG",
"VG", "AG", "SG", "BAG" also name a company ("die Muster AG"), an association ("die VG Wort") or
a working group, so they are read as courts after a neuter article or its contraction ("das
AG Esslingen", "beim LG", "am VG Freiburg"), and without one where they open a phrase before a
place's name in a sentence about a case ("LG Lindau, Urteil vom …", "(VG Talheim, Beschluss …)");
elsewhere, and right after the name they abbreviate ("Verwaltungsgerichtshof (VGH)") or in a
compound ("BGH-Urteil"), they are spelled.
"""

from __future__ import annotations

import re

__all__ = ["speak_courts"]

_ALWAYS = {
    "BGH": "Bundesgerichtshof",
    "BVerfG": "Bundesverfassungsgericht",
    "BVerwG": "Bundesverwaltungsgericht",
    "BFH": "Bundesfinanzhof",
    "BSG": "Bundessozialgericht",
    "OLG": "Oberlandesgericht",
    "OVG": "Oberverwaltungsgericht",
    "VGH": "Verwaltungsgerichtshof",
    "LSG": "Landessozialgericht",
}
_NEUTER_ONLY = {
    "LG": "Landgericht",
    "VG": "Verwaltungsgericht",
    "AG": "Amtsgericht",
    "SG": "Sozialgericht",
    "FG": "Finanzgericht",
    "ArbG": "Arbeitsgericht",
    "LAG": "Landesarbeitsgericht",
    "BAG": "Bundesarbeitsgericht",
}
_NEUTER = r"das|des|dem|am|beim|vom|zum|ans|ins|eines|einem"
_NEUTER_WORDS = frozenset(_NEUTER.split("|"))
_SHORT = "|".join(sorted({**_ALWAYS, **_NEUTER_ONLY}, key=len, reverse=True))
_COURT = re.compile(rf"(?<![\w-])({_SHORT})(?![\w-])")
_LAST_WORD = re.compile(r"(\w+)\s$")
# Where a court's short form opens a phrase: the start, or after an opening bracket, comma, colon or dash.
_OPENS_PHRASE = re.compile(r"(?:^|[(,;:–—]\s?|\b(?i:laut)\s)$")
# Words of a sentence about a case; spoken out already ("Az." -> "Aktenzeichen") when courts are read.
_CASE_WORDS = re.compile(
    r"\b(?:Urteil|Beschluss|Aktenzeichen|Klage|Kläger|Beklagte|Angeklagte|Verfahren|Berufung|Revision|"
    r"Kammer|Senat|Richter|Rechtssache|Eilantrag|Eilverfahren|entschieden|verhandelt|verurteilt|entschied)"
)


def _court(match: re.Match[str]) -> str:
    short = match[1]
    if (
        match.string[match.start() - 1 : match.start()] == "("
        and match.string[match.end() : match.end() + 1] == ")"
    ):
        return short  # "Verwaltungsgerichtshof (VGH)": the letters the name just said is written with.
    previous = _LAST_WORD.search(match.string, max(0, match.start() - 12), match.start())
    before = previous[1].lower() if previous else ""
    name = _ALWAYS.get(short) or (
        _NEUTER_ONLY[short] if before in _NEUTER_WORDS or _names_court(match) else None
    )
    if name is None:
        return short
    # "des Landgerichts", "des Bundesgerichtshofs"
    return name + "s" if before in ("des", "eines") else name


def _names_court(match: re.Match[str]) -> bool:
    """ "LG Lindau, Urteil vom …": the short form opens a phrase before a place in a sentence about a case."""
    text = match.string
    return (
        _OPENS_PHRASE.search(text, 0, match.start()) is not None
        and re.match(r"\s[A-ZÄÖÜ][a-zäöüß]", text[match.end() :]) is not None
        and _CASE_WORDS.search(text) is not None
    )


def speak_courts(text: str) -> str:
    """Courts' short forms as names where unambiguous: "das OLG Stuttgart" -> "das Oberlandesgericht …"."""
    return _COURT.sub(_court, text)
