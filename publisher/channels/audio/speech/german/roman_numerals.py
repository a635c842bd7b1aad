"""Roman numerals: ordinals after rulers' names ("Ludwig II." -> "Ludwig der Zweite"), numbers after labels.

After a name and with a full stop the numeral is a ruler's ordinal, inflected for the case the
phrase is in ("unter Karl V." -> "unter Karl dem Fünften"). After a label ("Teil II",
"SGB V", "Hartz IV", "BGBl. I") it is a plain number.
"""

from __future__ import annotations

import re

from publisher.channels.audio.speech.german.inflection import Case, governing_case, ordinal_ending
from publisher.channels.audio.speech.german.numbers import number_words, ordinal

__all__ = ["RULER_WORDS", "roman_value", "speak_roman_numerals"]

_ROMAN = r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})"
_VALUES = {"I": 1, "V": 5, "X": 10}
# Nouns after which a numeral counts parts, never names a ruler.
_LABELS = frozenset(
    [
        "teil",
        "saal",
        "hörsaal",
        "sitzungssaal",
        "raum",
        "gebäude",
        "bauteil",
        "trakt",
        "abschnitt",
        "bauabschnitt",
        "band",
        "bd",
        "kapitel",
        "buch",
        "phase",
        "stufe",
        "klasse",
        "liga",
        "gruppe",
        "titel",
        "anlage",
        "anhang",
        "senat",
        "kammer",
        "zivilkammer",
        "strafkammer",
        "abteilung",
        "zone",
        "los",
        "modul",
        "ebene",
        "etappe",
        "runde",
        "saison",
        "staffel",
        "programm",
        "paket",
        "bahn",
        "gleis",
        "hartz",
        "sgb",
        "bgbl",
        "windpark",
        "baugebiet",
        "quartier",
        "campus",
    ]
)
_TITLES = frozenset(
    [
        "könig",
        "königin",
        "kaiser",
        "kaiserin",
        "papst",
        "herzog",
        "herzogin",
        "kurfürst",
        "fürst",
        "fürstin",
        "graf",
        "zar",
        "zarin",
        *("markgraf", "landgraf", "pfalzgraf", "prinz", "prinzessin", "abt", "äbtissin", "bischof"),
        *("erzbischof", "kardinal", "patriarch"),
    ]
)
# Names that rulers with a numeral bear: after them "I." is a numeral, not an initial ("Friedrich I. König").
_RULER_NAMES = frozenset(
    [
        *("friedrich", "ludwig", "wilhelm", "karl", "heinrich", "otto", "konrad", "leo", "johannes"),
        *("pius", "benedikt", "gregor", "innozenz", "clemens", "franz", "joseph", "josef", "leopold"),
        *("maximilian", "eberhard", "ulrich", "rudolf", "albrecht", "georg", "eduard", "richard"),
        *("philipp", "ferdinand", "august", "max", "charles", "louis", "napoleon", "peter", "paul"),
        *("elisabeth", "katharina", "maria", "victoria", "viktoria", "margarethe", "margrethe"),
    ]
)
_FEMININE_NAMES = frozenset(
    [
        "elisabeth",
        "katharina",
        "maria",
        "victoria",
        "viktoria",
        "margarethe",
        "margarete",
        "beatrix",
        "christina",
        "anna",
        "juliana",
        "wilhelmina",
        "sophie",
        "isabella",
        "johanna",
    ]
)
RULER_WORDS = _TITLES | _RULER_NAMES
_FUNCTION_WORDS = frozenset(
    [
        "der",
        "die",
        "das",
        "den",
        "dem",
        "des",
        "ein",
        "eine",
        "einer",
        "einem",
        "einen",
        "am",
        "im",
        "zum",
        "zur",
        "vom",
        "beim",
        "ihr",
        "ihre",
        "sein",
        "seine",
    ]
)
# Names that end in "s" in the nominative: "Nikolaus", "Johannes", "Matthias".
_NATIVE_S = ("us", "as", "es", "os", "is")
# Verbs whose object a ruler often is ("Die Ausstellung zeigt Ludwig II." -> "den Zweiten"); only
# after a subject that opens the sentence, since "Morgen besucht Papst Leo XIV. ..." names the subject.
_OBJECT_VERBS = frozenset(
    [
        "zeigt",
        "zeigte",
        "zeigen",
        "ehrt",
        "ehrte",
        "ehren",
        "würdigt",
        "würdigte",
        "feiert",
        "feierte",
        "porträtiert",
        "erinnert",
        "empfängt",
        "empfing",
        "trifft",
        "traf",
        "besucht",
        "besuchte",
        "stellt",
        "darstellt",
        "beschreibt",
    ]
)
_ADVERBS = frozenset(
    [
        "gestern",
        "heute",
        "morgen",
        "erstmals",
        "erneut",
        "bereits",
        "nun",
        "dann",
        "damals",
        "einst",
        "früher",
    ]
)
_SUBJECT_OPENERS = frozenset(
    ["der", "die", "das", "ein", "eine", "dieser", "diese", "dieses", "unser", "unsere"]
)
_REGNAL = re.compile(rf"\b([A-ZÄÖÜ][a-zäöüß]+|{'|'.join(_FUNCTION_WORDS)})\s({_ROMAN})\.(?=[\s,;:)]|$)")
_RANGE_FROM = re.compile(r"\b(?:von|vom)\b")
_COUNTED = re.compile(rf"(?<=\s)({_ROMAN})(?![\w.'’-])|(?<=\s)({_ROMAN})(?=\.(?:\s|$))")
# The words an address is spelled with ("www.im.de"): a letter after them is a letter.
# A host name's letters already spelled count too ("ki-campus.org" -> "Ka I Bindestrich ...").
_ADDRESS_WORDS = frozenset(
    [
        *("Punkt", "Schrägstrich", "Bindestrich", "Unterstrich", "ät"),
        *("Be", "Zeh", "De", "Eff", "Ge", "Ha", "Jott", "Ka", "Ell", "Emm", "Enn", "Pe", "Ku", "Err"),
        *("Ess", "Te", "Fau", "We", "Ix", "Zett"),
    ]
)
_ARTICLES: dict[str, dict[Case, str]] = {
    "m": {"nom": "der", "acc": "den", "dat": "dem", "gen": "des"},
    "f": {"nom": "die", "acc": "die", "dat": "der", "gen": "der"},
}


def roman_value(numeral: str) -> int:
    """The value of a Roman numeral of I, V and X: "XIV" -> 14."""
    total = 0
    for index, letter in enumerate(numeral):
        value = _VALUES[letter]
        following = _VALUES[numeral[index + 1]] if index + 1 < len(numeral) else 0
        total += -value if value < following else value
    return total


def _words_before(text: str, position: int) -> list[str]:
    return re.findall(r"[^\W\d_]+", text[max(0, position - 60) : position])


def _regnal(match: re.Match[str]) -> str:
    name, numeral = match[1], match[2]
    following = match.string[match.end() :].split(maxsplit=1)
    before = _words_before(match.string, match.start())
    if (
        len(numeral) == 1
        and following
        and following[0][:1].isupper()
        and name.lower() not in _FUNCTION_WORDS | _LABELS | _RULER_NAMES
        and not (before and before[-1].lower() in _TITLES)
    ):
        # "Anna V. Berg": a middle initial before a surname, not a ruler's number.
        return match[0]
    if name.lower() in _LABELS:
        return f"{name} {number_words(str(roman_value(numeral)))}"
    if name.lower() in _FUNCTION_WORDS:
        # "Die II. Kammer": an ordinal before a noun; "Karl der V." names the ruler, and the
        # article written stays as it is.
        word = ordinal(roman_value(numeral), ordinal_ending(match.string[: match.start(2)]))
        if not (following and following[0][:1].isupper()):
            word = word[:1].upper() + word[1:]
        return f"{name} {word}"
    title = before[-1].lower() if before else ""
    feminine = name.lower() in _FEMININE_NAMES or (title in _TITLES and title.endswith("in"))
    # "der Zeit Kaiser Ottos III.": a ruler's name with the "s" of the genitive, even after a vowel.
    genitive_s = not name.endswith(_NATIVE_S) or name[:-1].lower() in _RULER_NAMES
    if name.endswith("s") and genitive_s and ((before and before[-1][0].isupper()) or title in _TITLES):
        case: Case = "gen"
    else:
        lead = " ".join(_before_pair(before[:-1] if title in _TITLES else before))
        found = governing_case(lead + " ")
        # "von Karl I. bis Friedrich III.": the end of a range is in the case of its start.
        if before[-1:] == ["bis"] and _RANGE_FROM.search(lead):
            found = "dat"
        if _names_object(lead) or _TOPIC.search(lead):
            found = "acc"
        elif _DATIVE_OBJECT.search(_without_adverbs(lead)) or _DATIVE_CLOSING.match(
            match.string, match.end()
        ):
            found = "dat"
        case = found if found in ("acc", "dat", "gen") else "nom"
    ending = "" if case == "nom" or (case == "acc" and feminine) else "n"
    word = ordinal(roman_value(numeral), ending)
    article = _ARTICLES["f" if feminine else "m"][case]
    return f"{name} {article} {word[0].upper()}{word[1:]}"


# "Die Schau widmet sich Wilhelm I.", "widmet Friedrich I. eine Ausstellung": verbs with a dative object.
_DATIVE_OBJECT = re.compile(
    r"\b(?:widmet|widmete|widmen|verleiht|verlieh)(?: sich)?$"
    r"|\b(?:folgte|folgt|dankt|dankte|huldigt|gehörte|gehört)$"
)
# "ist Herzog Ulrich III. gewidmet": a participle closing the clause that asks for a dative object.
_DATIVE_CLOSING = re.compile(
    r"(?:\s[a-zäöüß]+){0,3}\s(?:gewidmet|geweiht|zugeschrieben|zugeordnet|unterstellt|gefolgt|gehuldigt|"
    r"gedankt|nachempfunden|zu verdanken|zu Ehren)\b"
)
# "erinnert an Eberhard V.", "ein Buch über Ludwig I.", "geht auf Leopold IV. zurück": a topic or an
# origin, in the accusative ("auf" before a person is "auf den", not a place).
_TOPIC = re.compile(r"(?i)\b(?:(?:erinnert|erinnern|erinnerte|denkt|dachte|gedenkt) an|über|auf)$")


def _before_pair(words: list[str]) -> list[str]:
    """ "von Papst Leo XIV. und König Charles III.", "über Maria Theresia und Joseph II.": the second
    name of a pair takes the first one's case."""
    if len(words) < 3 or words[-1] != "und" or not words[-2][:1].isupper():
        return words
    index = len(words) - 3
    while index >= 0 and words[index][:1].isupper():
        index -= 1
    return words[: index + 1]


def _without_adverbs(lead: str) -> str:
    """ "Die Burg gehörte einst": the words before a name without the adverbs that end them."""
    words = lead.split()
    while len(words) > 1 and words[-1].lower() in _ADVERBS:
        words.pop()
    return " ".join(words)


def _names_object(lead: str) -> bool:
    """Whether the ruler is the object of "Die Ausstellung zeigt ..." (a subject, then the verb)."""
    words = lead.split()
    # "Die Kanzlerin traf gestern ...": adverbs may stand between the verb and its object.
    while len(words) > 3 and words[-1].lower() in _ADVERBS:
        words.pop()
    return len(words) >= 3 and words[-1].lower() in _OBJECT_VERBS and words[0].lower() in _SUBJECT_OPENERS


def _counted(match: re.Match[str]) -> str:
    numeral = match[1] or match[2]
    before = _words_before(match.string, match.start())
    previous = before[-1] if before else ""
    labelled = previous.lower() in _LABELS
    # A lone "X" is a letter ("Generation X") unless a label counts it ("SGB X").
    if not previous or (numeral == "X" and not labelled) or not (previous[0].isupper() or labelled):
        return numeral
    # "We We We Punkt I Emm": a letter of a spelled address, not a number.
    if previous in _ADDRESS_WORDS:
        return numeral
    # "Anna V. Berg": an initial between first name and surname.
    if len(numeral) == 1 and re.match(r"\.\s+[A-ZÄÖÜ]", match.string[match.end() :]):
        return numeral
    return number_words(str(roman_value(numeral)))


def speak_roman_numerals(text: str) -> str:
    """Roman numerals after names as rulers' ordinals, after labels as numbers."""
    text = _REGNAL.sub(_regnal, text)
    return _COUNTED.sub(_counted, text)
