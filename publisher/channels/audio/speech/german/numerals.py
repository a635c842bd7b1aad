"""The numbers left when the specific readings are done: compounds, signs, ranges, ordinals, cardinals.

"49-Euro-Ticket" is "neunundvierzig-Euro-Ticket", "10–12" is "zehn bis zwölf", "der 2.
Bauabschnitt" is "der zweite Bauabschnitt", "1 Person" is "eine Person", "Nummer 1" is
"Nummer eins". Fractions and signs are read in ``symbols``.
"""

from __future__ import annotations

import re
from functools import cache

from publisher.channels.audio.speech.german.acronyms import spoken_forms
from publisher.channels.audio.speech.german.inflection import (
    governing_case,
    guess_gender,
    indefinite,
    object_case,
    ordinal_ending,
)
from publisher.channels.audio.speech.german.numbers import NUMBER, is_one, number_words, ordinal

__all__ = ["LABELS", "speak_large_ordinals", "speak_numbers"]

# Nouns that label by number: after them "1" is "eins" ("Nummer eins", "Gleis eins").
LABELS = frozenset(
    [
        "nummer",
        "nummern",
        "absatz",
        "satz",
        "artikel",
        "paragraf",
        "paragrafen",
        "seite",
        "band",
        "ziffer",
        "kapitel",
        "anlage",
        "teil",
        "gleis",
        "linie",
        "zimmer",
        "raum",
        "haus",
        "stufe",
        "phase",
        "klasse",
        "platz",
        "punkt",
        "tor",
        "halle",
        "gruppe",
        "los",
        "modul",
        "ebene",
        "top",
        "level",
        "etage",
        "bus",
        "bahnsteig",
        "kanal",
        "folge",
        "staffel",
        "runde",
        "spieltag",
        "tabelle",
        "abbildung",
        "anhang",
        "version",
        "buchstabe",
        "kategorie",
        "pflegegrad",
        "warnstufe",
        "zone",
        "bauabschnitt",
        "block",
        "schritt",
        "randnummer",
        "textziffer",
        "fußnote",
        "alternative",
        "variante",
        "halbsatz",
        "unterabsatz",
        "aktenzeichen",
        "drucksache",
        "jahrgangsstufe",
        "gebäude",
        "saal",
        "ausgabe",
        "auflage",
        "heft",
        "lektion",
        "kategorie",
        "rang",
        "runde",
        "minute",
        "sekunde",
    ]
)
# "49-Euro-Ticket" keeps its hyphens; "2-fach", "5-mal", "34-jähriger" are one word.
_COMPOUND = re.compile(
    rf"(?<![\w.,])({NUMBER})-(?:((?i:fach|mal|malig|jährig|tägig|köpfig|stöckig|teilig|prozentig))|"
    r"(?=[A-Za-zÄÖÜäöüß]))"
)
_SIGN = re.compile(rf"(?<![\w.,)\]])([-−+±])\s?(?=(?:{NUMBER})(?![\w]))")
_RANGE = re.compile(rf"(?<![\d.,])({NUMBER})\s?[–—-]\s?({NUMBER})(?![\d])")
_ORDINAL = re.compile(r"(?<![\d.,])(\d{1,3})\.(?=\s+[\wÄÖÜäöü])")
# "der Turm aus dem 16.": an ordinal after an article ending the sentence, its noun left out.
_ORDINAL_WITHOUT_NOUN = re.compile(r"\b((?i:der|die|das|dem|den|des|vom|zum|zur|beim|am|im) )(\d{1,3})\.$")
# "Das Team wurde 3.": a placing at the end of the sentence, an ordinal said as a noun.
_PLACING = re.compile(r"\b(wurde|wurden|wird|werden)\s(\d{1,2})\.$")
# "kam als 3. ins Ziel", "landete als 2.": a placing, unless a comparison ("mehr als 3.") goes before.
_PLACED_AS = re.compile(r"(?<!\bmehr )\b(als)\s(\d{1,2})\.(?=\s+[a-zäöüß]|\s*$|[,;])")
_FEMININE_SUBJECT = re.compile(r"\b(?:[Ss]ie|\w+(?:erin|istin|antin|entin))\b")
# The subject of a placing: the first article and noun of the sentence ("Das Team", "die Staffel").
_SUBJECT = re.compile(r"\b([Dd]er|[Dd]ie|[Dd]as|[Ee]ine?)\s(?:[a-zäöüß]+\s)?([A-ZÄÖÜ][\w-]*)")
# "das 1.000. Mitglied": a large ordinal, only after an article before its noun.
_LARGE_ORDINAL = re.compile(
    r"\b((?i:das|der|die|dem|den|des|zum|zur|am|im|sein|ihr) )(\d{1,3}(?:\.\d{3})+)\.(?=\s+[A-ZÄÖÜ])"
)
# "19./20. Jahrhundert", "der 2./3. Klasse": two ordinals for one noun.
_ORDINAL_RANGE = re.compile(r"(?<![\d.,])(\d{1,2})\.\s?[–-]\s?(\d{1,2})\.(?=[\s,;:)]|$)")
_PLURAL_LABELS = frozenset(["plätze", "ränge", "klassen", "stufen", "runden", "spieltage", "etagen"])
_ORDINAL_PAIR = re.compile(r"(?<![\d.,])(\d{1,3})\./(\d{1,3})\.(?=\s+[\wÄÖÜäöü])")
# "Raum 2.14", "Version 2.0": a dot between digits that do not group thousands is said "Punkt".
_DOTTED = re.compile(r"(?<![\w,.])(\d+)\.(\d{1,2}|\d{4,})(?![\w]|\.\d|,\d)")
# "Artikel 20a", "Hausnummer 12b": a number with a letter after it says the letter.
_LETTERED = re.compile(r"(?<![\w,.])(\d+)([a-h])(?![\w])")
_CARDINAL = re.compile(rf"(?<![\w,.])(?:{NUMBER})(?![\w])")
_NEXT_WORDS = re.compile(r"\s*([^\W\d_]+)(?:\s+([^\W\d_]+))?")
_EINS_BEFORE = frozenset(
    [
        "von",
        "bis",
        "zu",
        "und",
        "oder",
        "mal",
        "pro",
        "je",
        "aus",
        "plus",
        "minus",
        "zum",
        "strich",
        "punkt",
        "komma",
        "bindestrich",
    ]
)
# "1 Punkt 5" is "eins Punkt fünf", but "1 Punkt und 1 Monat Fahrverbot" counts a noun: "ein Punkt".
_SEPARATOR_WORDS = frozenset(["punkt", "strich"])
_AFTER_COUNTED = re.compile(r"\s*(?:[,;.!?)]|$|(?:und|oder|sowie|mehr|weniger|je|pro)\b)")
_LINE_LETTERS = re.compile(r"[A-ZÄÖÜ]{1,3}")
_NOUN = re.compile(r"[A-ZÄÖÜ][a-zäöüß]+")
# Two ordinals and a noun in the plural's "-en" ("1. und 2. Klassen"); a singular noun so ending is rare.
_FIRST_OF_PAIR = re.compile(r"\d{1,3}\.\s(?:und|oder|bis)\s$")
_PLURAL_AFTER = re.compile(r"(?:\s(?:und|oder|bis)\s\d{1,3}\.)?\s[A-ZÄÖÜ][a-zäöüß]+en\b")
_ADJECTIVE = re.compile(r"[a-zäöüß]+e[nrsm]?")
_SHARE_OF = re.compile(r"\s+von\s+\d[\d.]*(?:\s+([^\W\d_]+))?")
_PART_WORDS = frozenset(["davon", "darunter", "dabei"])
_SIGN_WORDS = {"-": "minus", "−": "minus", "+": "plus", "±": "plus minus"}


def _compound(match: re.Match[str]) -> str:
    # "um das 2,5-Fache": a decimal in a compound is one word, "zweikommafünffache".
    words = "ein" if is_one(match[1]) else number_words(match[1]).replace(" Komma ", "komma")
    if not match[2]:
        return words + "-"
    # "Ein 34-Jähriger" is a noun: it keeps its capital.
    return (words[:1].upper() + words[1:] if match[2][:1].isupper() else words) + match[2].lower()


def _cardinal(match: re.Match[str]) -> str:
    written = match[0]
    if not is_one(written):
        return number_words(written)
    before = match.string[: match.start()].split()
    # "Gleis 1", "die S 1", "RS 1": after a label or a line's letters the number names, it does not count.
    if before and (before[-1].strip(".,:;(").lower() in LABELS or _LINE_LETTERS.fullmatch(before[-1])):
        return "eins"
    following = _NEXT_WORDS.match(match.string, match.end())
    if following is None or match.string[match.end() : following.start(1)].strip():
        return "eins"
    first, second = following[1], following[2]
    # "die Lösung 1 kostet", "Kelterstraße 5 Strich 1": after a noun, with no noun after, it names.
    noun_next = first[0].isupper() or (
        _ADJECTIVE.fullmatch(first) is not None and (second or "x")[0].isupper()
    )
    if len(before) >= 2 and _NOUN.fullmatch(before[-1]) and not noun_next:
        return "eins"
    share = _SHARE_OF.match(match.string, match.end())
    # After a noun ("Fall 1 von 3") the number is a label; after "nur", "etwa" or at the start, a person.
    if share and (len(before) < 2 or before[-1][:1].islower()):
        # "nur 1 von 10 Befragten": one person of the group, "eine" of a group of women.
        return "eine" if re.fullmatch(r"Frauen|\w+innen", share[1] or "") else "einer"
    counted = first.lower() in _SEPARATOR_WORDS and _noun_follows(match.string, following)
    if first.lower() in _EINS_BEFORE and not counted:
        return "eins"
    noun = first if first[0].isupper() else second if second and second[0].isupper() else None
    if noun is None:
        # "davon 1 schwer verletzt": one of those just named.
        return "einer" if any(word.strip(",").lower() in _PART_WORDS for word in before[-3:]) else "ein"
    before_text = match.string[: match.start()]
    return indefinite(guess_gender(noun), governing_case(before_text) or object_case(before_text))


def _ordinal_range(match: re.Match[str]) -> str:
    """ "Plätze 1.–3." -> "eins bis drei" after a plural label, "die 1.–3. Klasse" -> "erste bis dritte"."""
    before = match.string[: match.start()].split()
    if before and before[-1].lower() in _PLURAL_LABELS:
        return f"{number_words(match[1])} bis {number_words(match[2])}"
    ending = _ending_before_noun(match.string, match.start(), match.end())
    return f"{ordinal(int(match[1]), ending)} bis {ordinal(int(match[2]), ending)}"


def _ordinal_pair(match: re.Match[str]) -> str:
    ending = ordinal_ending(match.string[: match.start()])
    return f"{ordinal(int(match[1]), ending)} und {ordinal(int(match[2]), ending)}"


def _ordinal(match: re.Match[str]) -> str:
    return ordinal(int(match[1]), _ending_before_noun(match.string, match.start(), match.end()))


def _ending_before_noun(text: str, start: int, end: int) -> str:
    """The ending of the ordinal written from ``start`` to ``end``, from the words around it."""
    ending = ordinal_ending(text[:start])
    # "die 1. und 2. Klassen": before a plural noun the ordinal after "die" ends in "-en".
    lead = _FIRST_OF_PAIR.sub("", text[:start]).lower()
    if ending == "" and (lead.endswith(" die ") or lead == "die ") and _PLURAL_AFTER.match(text, end):
        return "n"
    if ending == "r":
        # Without an article the ordinal shows the noun's gender: "erster Preis", "zweites Obergeschoss".
        following = _NEXT_WORDS.match(text, end)
        if following is not None and following[1][0].isupper():
            noun = _acronym_words().get(following[1], following[1])
            ending = {"m": "r", "f": "", "n": "s"}[guess_gender(noun)]
    return ending


@cache
def _acronym_words() -> dict[str, str]:
    """ "OG" -> "Obergeschoss": an acronym's words tell its gender before the acronyms are spoken."""
    return spoken_forms()


def _noun_follows(text: str, following: re.Match[str]) -> bool:
    """Whether the capitalised separator word after a number is a counted noun ("1 Punkt und ...")."""
    return following[1][0].isupper() and _AFTER_COUNTED.match(text, following.end(1)) is not None


def _placer_ending(before: str) -> str:
    """The ending of a placing for who placed: "Dritter", "Dritte" ("Sie", "Läuferin", "die Staffel"),
    "Drittes" ("das Team")."""
    if _FEMININE_SUBJECT.search(before):
        return ""
    subject = _SUBJECT.search(before)
    if subject is None:
        return "r"
    article, noun = subject[1].lower(), subject[2]
    gender = {"der": "m", "die": "f", "das": "n"}.get(article) or guess_gender(noun)
    if gender == "m" and article.startswith("ein") and article != "ein":
        gender = "f"  # "eine Läuferin"
    return {"m": "r", "f": "", "n": "s"}[gender]


def _placed_as(match: re.Match[str]) -> str:
    previous = match.string[: match.start()].split()[-1:]
    if previous and previous[0][:1].islower() and previous[0].endswith("er"):
        return match[0]  # "älter als 2.": a comparison ("Der Schüler als 1." is a placing)
    word = ordinal(int(match[2]), _placer_ending(match.string[: match.start()]))
    return f"{match[1]} {word[:1].upper()}{word[1:]}"


def _placing(match: re.Match[str]) -> str:
    # "Sie wurde 3." -> "Dritte"; "Der TSV wurde 2." -> "Zweiter", "Das Team wurde 3." -> "Drittes".
    plural = match[1] in ("wurden", "werden")
    word = ordinal(int(match[2]), "" if plural else _placer_ending(match.string[: match.start(2)]))
    return f"{match[1]} {word[:1].upper()}{word[1:]}."


def speak_large_ordinals(text: str) -> str:
    """ "das 1.000. Mitglied" -> "das tausendste Mitglied"; it runs before amounts count the number."""
    return _LARGE_ORDINAL.sub(
        lambda m: (
            m[1] + ordinal(int(m[2].replace(".", "")), _ending_before_noun(m.string, m.start(2), m.end()))
        ),
        text,
    )


def speak_numbers(text: str) -> str:
    """Compounds, signs, ranges, ordinals and the remaining cardinal numbers as words."""
    text = _COMPOUND.sub(_compound, text)
    text = _SIGN.sub(lambda m: _SIGN_WORDS[m[1]] + " ", text)
    if "-" in text or "–" in text:
        text = _ORDINAL_RANGE.sub(_ordinal_range, text)
    text = _RANGE.sub(r"\1 bis \2", text)
    text = _ORDINAL_PAIR.sub(_ordinal_pair, text)
    text = _DOTTED.sub(lambda m: f"{number_words(m[1])} Punkt {number_words(m[2])}", text)
    text = _LETTERED.sub(lambda m: f"{number_words(m[1])} {m[2]}", text)
    text = _PLACING.sub(_placing, text)
    text = _PLACED_AS.sub(_placed_as, text)
    text = _ORDINAL.sub(_ordinal, text)
    text = _ORDINAL_WITHOUT_NOUN.sub(
        lambda m: m[1] + ordinal(int(m[2]), ordinal_ending(m.string[: m.start(2)])), text
    )
    return _CARDINAL.sub(_cardinal, text)
