"""The little German grammar a number needs: the case a preposition asks for and the endings it brings.

"mit rd. 300 Einw." is "mit rund dreihundert Einwohnern" (dative plural), "nach 1 Std." is
"nach einer Stunde": the reader looks back past "rund", "über" and other numbers to the
preposition that governs the phrase, and at the noun to pick "ein", "eine" or "einem" (its gender
is guessed in ``gender``).
"""

from __future__ import annotations

import re
from typing import Literal

from publisher.channels.audio.speech.german.gender import Gender, guess_gender

__all__ = ["Case", "Gender", "governing_case", "guess_gender", "indefinite", "object_case", "ordinal_ending"]

Case = Literal["nom", "acc", "dat", "gen"]

_DATIVE = frozenset(
    [
        "mit",
        "von",
        "vom",
        "aus",
        "bei",
        "beim",
        "nach",
        "seit",
        "zu",
        "zum",
        "zur",
        "gegenüber",
        "außer",
        "samt",
        "nebst",
        "entgegen",
        "gemäß",
        "ab",
        "binnen",
        "in",
        "im",
        "an",
        "am",
        "auf",
        "vor",
        "hinter",
        "neben",
        "zwischen",
        "unter",
    ]
)
_ACCUSATIVE = frozenset(["für", "durch", "gegen", "ohne", "um"])
_CHANGE = re.compile(
    r"(?:stieg|steig|sank|sink|fiel|fäll|wuchs|wächs|kletter|erhöh|senk|gesenkt|begrenz|gedeckel|beläuf|"
    r"belauf|belief|sich|schätz|geschätzt|gestiegen|gesunken|angehoben|reduzier|verdoppel|festgesetzt|"
    r"gewachsen|kam|kommt|summier|beziffer|veranschlag|festgelegt|aufgestockt|verlänger|erweiter|verkürz|"
    r"gekürzt|ausgeweitet|ausgedehnt|angepasst|aufgerundet|abgerundet)"
)
# Verbs whose object follows them directly: "kostet einen Euro", "hat einen Aufzug".
_ACCUSATIVE_VERBS = frozenset(
    [
        "kostet",
        "kosten",
        "kostete",
        "hat",
        "haben",
        "hatte",
        "gibt",
        "gab",
        "erhält",
        "erhalten",
        "erhielt",
        "bekommt",
        "bekommen",
        "zahlt",
        "zahlen",
        "spart",
        "sparen",
        "braucht",
        "brauchen",
        "sucht",
        "suchen",
        "bietet",
        "bieten",
        "plant",
        "planen",
        "baut",
        "bauen",
        "kauft",
        "kaufen",
        "investiert",
        "umfasst",
        "umfassen",
        "schafft",
        "schaffen",
        "verzeichnet",
        "verzeichnen",
        "beträgt",
        "betragen",
        "betrug",
        "holt",
        "holte",
        "erreicht",
        "erreichte",
        "erzielt",
        "erzielte",
        "gewinnt",
        "gewann",
        "verliert",
        "verlor",
    ]
)
_GENITIVE = frozenset(
    [
        "wegen",
        "trotz",
        "während",
        "innerhalb",
        "außerhalb",
        "aufgrund",
        "statt",
        "anstatt",
        "anlässlich",
        "mithilfe",
        "infolge",
        "zugunsten",
        "oberhalb",
        "unterhalb",
        "abzüglich",
        "zuzüglich",
        "einschließlich",
        "inklusive",
        "angesichts",
    ]
)
# Definite articles and what they say about the case of a plural or feminine phrase that follows.
_ARTICLE_CASE: dict[str, Case] = {"den": "dat", "dem": "dat", "des": "gen", "die": "nom", "der": "nom"}
# Words between a preposition and its number that leave the case alone: "mit rund 300", "von über 20".
_MODIFIERS = frozenset(
    [
        "rd",
        "ca",
        "rund",
        "circa",
        "etwa",
        "ungefähr",
        "knapp",
        "gut",
        "fast",
        "nahezu",
        "beinahe",
        "über",
        "mehr",
        "weniger",
        "als",
        "insgesamt",
        "bis",
        "zu",
        "mindestens",
        "höchstens",
        "maximal",
        "minimal",
        "nur",
        "lediglich",
        "ganzen",
        "gerade",
        "weit",
        "jeweils",
        "und",
        "oder",
        "sowie",
        "zusammen",
        "exakt",
        "genau",
        "annähernd",
        "schätzungsweise",
        "einmal",
        "zweimal",
        "mind",
        "max",
        "insg",
    ]
)
_NUMBER_WORD = re.compile(
    r"^(?:\d[\d.,]*|(?:ein|eins|eine|zwei|zwo|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|"
    r"sech|sieb|zwanzig|zig|ßig|hundert|tausend|und|null|komma|millionen?|milliarden?)+)$",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+|\d[\d.,]*")

_INDEFINITE: dict[Gender, dict[Case, str]] = {
    "m": {"nom": "ein", "acc": "einen", "dat": "einem", "gen": "eines"},
    "f": {"nom": "eine", "acc": "eine", "dat": "einer", "gen": "einer"},
    "n": {"nom": "ein", "acc": "ein", "dat": "einem", "gen": "eines"},
}


def governing_case(before: str, after: str = "", value: bool = False) -> Case | None:
    """The case the words before a number phrase ask for, or ``None`` when nothing governs it.

    A ``value`` (a sum of money, a share) after "auf" is what something is set to, whatever the
    verb: "auf 1 Mio. € angesetzt" is "auf eine Million Euro".

    >>> governing_case("Gemeinden mit rund")
    'dat'
    >>> governing_case("Der Ort liegt über")
    >>> governing_case("Die Kosten sind auf", "angesetzt.", value=True)
    'acc'
    """
    words = _WORD.findall(before[-120:])
    for index in range(len(words) - 1, -1, -1):
        word = words[index]
        lowered = word.lower()
        if lowered == "zu" and index and words[index - 1].lower() == "bis":
            continue  # "bis zu 1 Gbit/s": an upper limit, not the preposition "zu".
        if lowered in _ACCUSATIVE_VERBS:
            return "acc"
        if lowered in ("je", "pro"):
            return None  # "je 100.000 Einwohner": a rate, said in the nominative.
        # "stieg auf 1 Mio.", "beläuft sich auf": a change goes "auf" a new value, in the accusative.
        # "ist auf 1 Mio. € gedeckelt": the verb of change may close the clause instead.
        changed_before = index and _CHANGE.match(words[index - 1].lower())
        if lowered == "auf" and (
            value or changed_before or _changed_after(after) or _from_value(words, index)
        ):
            return "acc"
        if lowered in _DATIVE:
            return "dat"
        if lowered in _ACCUSATIVE:
            return "acc"
        if lowered in _GENITIVE:
            return "gen"
        if lowered in _ARTICLE_CASE:
            return _ARTICLE_CASE[lowered]
        if lowered in _MODIFIERS or _NUMBER_WORD.match(word):
            continue
        return None
    return None


def _from_value(words: list[str], index: int) -> bool:
    """ "von 850 m auf 1200 m": "auf" after "von" and an amount goes to a new value."""
    return (
        index >= 2
        and "von" in (word.lower() for word in words[max(0, index - 5) : index - 1])
        and (_NUMBER_WORD.match(words[index - 1]) is not None or any(ch.isdigit() for ch in words[index - 2]))
    )


def _changed_after(after: str) -> bool:
    clause = re.split(r"[,;:!?]|\.(?:\s|$)", after, maxsplit=1)[0]
    # Only a finite verb or participle ("gedeckelt", "erhöht") closes it, not "sich" or "kam" alone.
    return any(_CHANGE.match(word.lower()) and word.endswith("t") for word in _WORD.findall(clause))


# A sentence that opens with its subject and a finite verb: what the verb takes after it is its object.
_SUBJECT_VERB = re.compile(
    r"^(?:[Dd](?:er|ie|as)|[Ee]ine?|[Uu]nsere?|[Ii]hre?|[Ss]eine?)\s(?:[a-zäöüß]+\s)?[A-ZÄÖÜ][\w-]*"
    r"(?:\s[A-ZÄÖÜ][\w-]*)?\s([a-zäöüß]+)\s[^,;:]*$"
)
# Verbs after which a noun phrase is no object: "Die Bilanz ist 1 Erfolg", "Der Preis wird 1 Euro".
_LINKING_VERBS = frozenset(
    [
        "ist",
        "sind",
        "war",
        "waren",
        "wird",
        "werden",
        "wurde",
        "wurden",
        "bleibt",
        "blieb",
        "bleiben",
        "heißt",
    ]
)


def object_case(before: str) -> Case | None:
    """The accusative when the words ``before`` a number open with a subject and a verb taking an object.

    >>> object_case("Die Beamten stellten 2 Messer und"), object_case("Im Einsatz war")
    ('acc', None)
    """
    found = _SUBJECT_VERB.match(before)
    if found is None or found[1] in _LINKING_VERBS:
        return None
    return "acc"


def indefinite(gender: Gender, case: Case | None) -> str:
    """ "ein", "eine", "einem", ... for exactly one of a noun of ``gender`` in ``case``."""
    return _INDEFINITE[gender][case or "nom"]


_DATE_BEFORE_COMMA = re.compile(r"(?:\d{1,2}\.){1,2}(?:\d{2,4})?,")


def ordinal_ending(before: str) -> str:
    """What follows the "-e" of an ordinal after the text ``before`` it.

    >>> ordinal_ending("Der"), ordinal_ending("am"), ordinal_ending("bei der"), ordinal_ending("Stand:")
    ('', 'n', 'n', 'r')
    """
    words = before.split()
    # "Königstr. 1b, 2. Stock": after a comma that closes no date the ordinal stands without article.
    if words and words[-1].endswith(",") and not _DATE_BEFORE_COMMA.fullmatch(words[-1]):
        return "r"
    # In a list of dates or ordinals ("12.3., 26.3. und 9.4."), the word before the list decides.
    while len(words) > 1 and (
        any(character.isdigit() for character in words[-1])
        or words[-1].lower() in ("und", "oder", "sowie", "bzw.")
        or (words[-1].endswith(",") and words[-1][0].isupper())
    ):
        words.pop()
    # "2. Obergeschoss und 1. Untergeschoss": the second ordinal of a pair is said like the first.
    if (
        len(words) >= 2
        and len(before.split()) > len(words)
        and before.split()[len(words)].lower() in ("und", "oder", "sowie")
        and words[-1][:1].isupper()
        and re.fullmatch(r"\d{1,3}\.", words[-2])
    ):
        return ordinal_ending(" ".join(words[:-2]))
    if not words or words[-1].endswith(":") or words[-1] in ("(", "–", "-"):
        # Nothing before it, or a label: "1. Preis", "Stand: 1. März" -> "erster".
        return "r"
    lowered = words[-1].lower().strip('(„"')
    # "Beethovens 9. Sinfonie": a name in the genitive stands for the article; the ordinal is strong.
    if (
        len(words) >= 2
        and re.fullmatch(r"[A-ZÄÖÜ][a-zäöüß]+s", words[-1])
        and words[-2].lower() not in ("des", "eines", "dieses", "jedes", "seines", "ihres")
    ):
        return "r"
    if lowered == "der" and governing_case(" ".join(words[:-1])) in ("dat", "gen"):
        return "n"
    # "die Schülerinnen der 9. Klasse": "der" after a noun inside the sentence is a genitive.
    if lowered == "der" and len(words) >= 3 and words[-2][:1].isupper() and words[-2][-1:].isalpha():
        return "n"
    if lowered in {"der", "die", "das", "jeder", "jede", "jedes", "diese", "dieser", "dieses"}:
        return ""
    if lowered in {"eine", "seine", "ihre", "unsere", "keine", "meine"}:
        return ""
    if lowered in {"ein", "sein", "ihr", "unser", "kein"}:
        return "r"
    return "n"
