"""Gender-inclusive short forms read as both words: "Bürger*innen" -> "Bürgerinnen und Bürger"."""

from __future__ import annotations

import re

__all__ = ["speak_gendered"]

# "Managerinnen und -manager": the second word completed from the first.
# Words, not numbers: "231-4567 oder -4568" is a second extension.
_SUSPENDED = re.compile(r"([^\W\d_]\w*)\s+(und|oder|sowie|bzw\.)\s+-([^\W\d_]\w*)")
# "Bürger*innen", "Bürger:innen", "Bürger_innen", "BürgerInnen", "Bürger/-innen", "Bürger(innen)".
_SHORT = re.compile(
    r"([^\W\d_]{2,}?)(?:[*:_·]|/-?|\()(in|innen)\)?(?![\w])|([^\W\d_]{2,}?)(In|Innen)(?![\w])"
)


_IRREGULAR = {"Ärzt": "Ärzte", "Bäuer": "Bauern", "Jüd": "Juden", "Französ": "Franzosen"}
_IRREGULAR_ONE = {"Ärzt": "Arzt", "Bäuer": "Bauer", "Jüd": "Jude", "Französ": "Franzose", "Beamt": "Beamter"}
# Masculine singulars that are the feminine's stem as it stands ("Student", "Leiter"); others add "-e".
_BARE_STEM = ("ent", "ant", "ist", "at", "ot", "graf", "eur", "or", "ar", "er", "el", "en", "ör", "är", "ier")
# "eine:n Oberärzt:in", "ein*e Kolleg*in", "jede:r": an article or pronoun for both genders, with
# the singular noun it goes with.
_ONE = re.compile(
    r"\b(?:([Ee]ine|[Jj]ede|[Kk]eine|[Ii]hre|[Ss]eine|[Uu]nsere)(?:[*:_·]|/-?)(n|r)|([Ee]in)(?:[*:_·]|/-?)e)\b"
    r"(?:\s([^\W\d_]{2,}?)(?:[*:_·]|/-?)in(?![\w]))?"
)


def _suspended(match: re.Match[str]) -> str:
    first, joiner, tail = match[1], match[2], match[3]
    lowered = first.lower()
    for length in range(len(tail), 2, -1):
        index = lowered.rfind(tail[:length].lower())
        if index >= 0:
            whole = first[:index] + tail if index else tail[:1].upper() + tail[1:]
            return f"{first} {joiner} {whole}"
    return f"{first} {joiner} {tail}"


def _masculine_one(base: str) -> str:
    """ "Oberärzt" -> "Oberarzt", "Kolleg" -> "Kollege", "Student" -> "Student"."""
    for stem, masculine in _IRREGULAR_ONE.items():
        if base.lower().endswith(stem.lower()):
            return base[: len(base) - len(stem)] + (masculine if base == stem else masculine.lower())
    return base if base.endswith(_BARE_STEM) else base + "e"


def _both_one(match: re.Match[str]) -> str:
    """ "eine:n Oberärzt:in" -> "eine Oberärztin oder einen Oberarzt"; "Jede:r" -> "Jede und jeder"."""
    if match[1]:
        feminine, masculine = match[1], match[1].lower() + match[2]
    else:
        feminine, masculine = match[3] + "e", match[3].lower()
    if match[4] is None:
        return f"{feminine} und {masculine}"
    return f"{feminine} {match[4]}in oder {masculine} {_masculine_one(match[4])}"


def _both(match: re.Match[str]) -> str:
    base = match[1] or match[3]
    plural = (match[2] or match[4]).lower() == "innen"
    if not plural:
        return f"{base}in oder {_masculine_one(base)}"
    # "Kolleg*innen" -> "Kolleginnen und Kollegen"; "Bürger*innen" -> "Bürgerinnen und Bürger".
    masculine = _IRREGULAR.get(base) or (
        base if base.endswith(("er", "el", "en")) else base + ("n" if base.endswith("e") else "en")
    )
    return f"{base}innen und {masculine}"


def speak_gendered(text: str) -> str:
    """Both forms spelled out, the feminine first as the short form writes it."""
    text = _SUSPENDED.sub(_suspended, text)
    text = _ONE.sub(_both_one, text)
    return _SHORT.sub(_both, text)
