"""Courts written short, said by their names where the letters can mean nothing else.

"BGH", "OLG", "VGH", "BVerfG" always name a court: "des BGH" is "des Bundesgerichtshofs". "LG",
"VG", "AG", "SG", "BAG" also name a company ("die Muster AG"), an association ("die VG Wort") or
a working group, so they are read as courts only after a neuter article or its contraction ("das
AG Esslingen", "beim LG", "am VG Freiburg"); elsewhere, and right after the name they abbreviate
("Verwaltungsgerichtshof (VGH)") or in a compound ("BGH-Urteil"), they are spelled.
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
_COURT = re.compile(rf"(?<![\w(-])({_SHORT})(?![\w-])")
_LAST_WORD = re.compile(r"(\w+)\s$")


def _court(match: re.Match[str]) -> str:
    short = match[1]
    previous = _LAST_WORD.search(match.string, max(0, match.start() - 12), match.start())
    before = previous[1].lower() if previous else ""
    name = _ALWAYS.get(short) or (_NEUTER_ONLY[short] if before in _NEUTER_WORDS else None)
    if name is None:
        return short
    # "des Landgerichts", "des Bundesgerichtshofs"
    return name + "s" if before in ("des", "eines") else name


def speak_courts(text: str) -> str:
    """Courts' short forms as names where unambiguous: "das OLG Stuttgart" -> "das Oberlandesgericht …"."""
    return _COURT.sub(_court, text)
