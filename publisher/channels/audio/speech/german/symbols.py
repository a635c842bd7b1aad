"""Fractions, shares and signs a reader says as words.

"1½" is "eineinhalb", "2/3 der Flächen" "zwei Drittel der Flächen", "bei 1/3" "bei einem
Drittel", "3 x täglich" "dreimal täglich", "§§" "Paragrafen", "&" "und", "24/7"
"vierundzwanzig sieben".
"""

from __future__ import annotations

import re

from publisher.channels.audio.speech.german.inflection import governing_case, guess_gender, indefinite
from publisher.channels.audio.speech.german.numbers import number_words
from publisher.channels.audio.speech.german.numerals import LABELS

__all__ = ["speak_fractions", "speak_symbols"]

_FRACTIONS = {"½": "einhalb", "⅓": "eindrittel", "¼": "einviertel", "¾": "dreiviertel", "⅔": "zweidrittel"}
_MIXED_FRACTION = re.compile(r"(?<![\d,.])(\d+)\s?([½⅓¼¾⅔])")
_FRACTION = re.compile(r"(?<!\w)([½⅓¼¾⅔])")
_HALF_BEFORE_NOUN = re.compile(r"(?<![\w,.])½\s(?=([A-ZÄÖÜ][a-zäöüß]+))")
_HALF_ENDINGS: dict[str, dict[str, str]] = {
    "m": {"nom": "er", "acc": "en", "dat": "en", "gen": "en"},
    "f": {"nom": "e", "acc": "e", "dat": "en", "gen": "en"},
    "n": {"nom": "es", "acc": "es", "dat": "en", "gen": "en"},
}
# "2/3 der Flächen", "bei 1/3", "(3/4)": a share where a small number stands over 3, 4, 5, 6, 8 or
# 10. After a capitalised word or an abbreviation ("Klasse 3/4", "Nr. 1/3") it is a label and "/" a
# separator; "24/7" and "3/2026" have a larger number after the slash.
_SLASH_FRACTION = re.compile(r"(?<![\w/.,-])(?:(\S+)\s)?([1-9])/(3|4|5|6|8|10)(?![\d/]|\.\d|,\d)")
_GENITIVE_AFTER = re.compile(r"\s(?:der|des|aller|ihrer|seiner|unserer|dieser)\s")
_DATIVE_SHARE = frozenset(["bei", "zu", "mit", "von", "aus", "nach", "seit"])
_APPROXIMATELY = frozenset(["ca.", "rd.", "etw.", "mind.", "max."])
_DENOMINATORS = {
    "3": "Drittel",
    "4": "Viertel",
    "5": "Fünftel",
    "6": "Sechstel",
    "8": "Achtel",
    "10": "Zehntel",
}
# "3 x 4 m", and "3 x täglich", "2x pro Woche": "mal" before a number or a word of frequency.
_TIMES = re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)|(?<=\d)\s?[x×](?=\s(?:[a-zäöüß]+lich|pro|je|im|am|in|so)\b)")
_ONCE = re.compile(r"(?<![\d.,])(\d{1,2})\s+mal\s+(?=[a-zäöüß])")
_SUBSCRIPTS = str.maketrans("₀₁₂₃₄₅₆₇₈₉", "0123456789")
# "Klassen 3/4", "Jahrgangsstufen 5/6": two grades taught together, said with "und".
_GRADES_TOGETHER = re.compile(
    r"\b((?:Klassen|Klassenstufen|Jahrgangsstufen|Stufen)\s)(\d{1,2})/(\d{1,2})(?![\d/])"
)
_SYMBOLS = (
    # "die 5-%-Hürde": the sign inside a compound is the word.
    (re.compile(r"(?<=\d)-?%-(?=[^\W\d])"), "-Prozent-"),
    (_GRADES_TOGETHER, r"\1\2 und \3"),
    (re.compile(r"(?<![\d/])24/7(?![\d/])"), "vierundzwanzig sieben"),
    (re.compile(r"(?<![\d/])7/24(?![\d/])"), "sieben vierundzwanzig"),
    (re.compile(r"§§"), " Paragrafen "),
    (re.compile(r"§"), " Paragraf "),
    (re.compile(r"\s?&\s?"), " und "),
    (re.compile(r"(?<=\d)\s?[x×]\s?(?=\d)"), " mal "),
    # "48,5 m x 24 m", read as "… Meter mal vierundzwanzig Meter" once the amounts are words.
    (re.compile(r"(?<=[^\W\d_]{2}\s)[x×](?=\s\w)"), "mal"),
    (re.compile(r"(?<!\w)~\s?(?=\d)"), "circa "),
    (re.compile(r"≈\s?"), "ungefähr "),
    (re.compile(r"(?<!\w)<\s?(?=\d)"), "weniger als "),
    (re.compile(r"(?<!\w)>\s?(?=\d)"), "mehr als "),
    (re.compile(r"≤\s?"), "höchstens "),
    (re.compile(r"≥\s?"), "mindestens "),
    (re.compile(r"(?<!\w)Ø\s?"), "durchschnittlich "),
    (re.compile(r"\s=\s"), " gleich "),
    (re.compile(r"\s\|\s"), ", "),
    (re.compile(r"(?<=\s)à(?=\s(?!la\b))"), "zu je"),
    (re.compile(r"\s?[→⇒]\s?"), ", "),
    (re.compile(r"(?<!\w)#(?=\w)"), "Hashtag "),
    (re.compile(r"(?<=\w)\s\+\s(?=\w)"), " plus "),
    (re.compile(r"(?<=\d)/(?=\d)"), " Strich "),
    # "Richtlinie 2010/31/EU": the slash before a code's letters too.
    (re.compile(r"(?<=\d)/(?=[A-ZÄÖÜ]{2})"), " Strich "),
    (re.compile(r"(?<=[^\W\d])/(?=[^\W\d])"), " "),
    # "Hauptstraße / Ecke Bahnhofstraße": a spaced slash between words is a short pause.
    (re.compile(r"(?<=[^\W\d])\s/\s(?=[^\W\d])"), ", "),
)


def speak_fractions(text: str) -> str:
    """Subscript digits as digits ("CO₂"), and fractions: "1½" -> "eineinhalb", "¾" -> "dreiviertel"."""
    text = text.translate(_SUBSCRIPTS)
    text = _MIXED_FRACTION.sub(
        lambda m: ("ein" if m[1] == "1" else number_words(m[1])) + _FRACTIONS[m[2]],
        text,
    )
    text = _HALF_BEFORE_NOUN.sub(_half, text)
    text = _SLASH_FRACTION.sub(_share, text)
    text = _TIMES.sub(" mal ", text)
    # "1 x pro Woche" is "einmal pro Woche", "2x wöchentlich" "zweimal wöchentlich".
    text = _ONCE.sub(lambda m: ("ein" if m[1] == "1" else number_words(m[1])) + "mal ", text)
    return _FRACTION.sub(lambda m: _FRACTIONS[m[1]], text)


def _share(match: re.Match[str]) -> str:
    """ "bei einem Drittel", "um ein Drittel", "drei Viertel"; a label's number stays as written."""
    previous, numerator, denominator = match[1] or "", match[2], match[3]
    word = previous.lstrip('(„"')
    opens_sentence = not match.string[: match.start()].strip()
    # "das Land 1/3 der Kosten": a share of something named in the genitive, even after a noun.
    share_of = _GENITIVE_AFTER.match(match.string, match.end()) is not None and word.lower() not in LABELS
    labelled = (word[:1].isupper() and not opens_sentence and not share_of) or (
        word.endswith(".") and word.lower() not in _APPROXIMATELY
    )
    if int(numerator) >= int(denominator) or labelled:
        return match[0]
    dative = word.lower() in _DATIVE_SHARE
    denominator_word = _DENOMINATORS[denominator]
    if numerator == "1":
        amount = "einem" if dative else "ein"
    else:
        amount = number_words(numerator)
        # "mit 2/3" is "mit zwei Dritteln": the plural dative takes its "n".
        denominator_word += "n" if dative and denominator_word.endswith("l") else ""
    return f"{previous + ' ' if previous else ''}{amount} {denominator_word}"


def _half(match: re.Match[str]) -> str:
    gender = guess_gender(match[1])
    case = governing_case(match.string[: match.start()]) or "nom"
    ending = _HALF_ENDINGS[gender][case]
    return f"{indefinite(gender, case)} halb{ending} "


# "#Stadtlauf2026", "#Kita4You": a hashtag's numbers are said apart from its words.
_HASHTAG_WITH_NUMBER = re.compile(r"(?<!\w)#(?=[^\W_]*\d)([^\W_]+)")
_LETTER_DIGIT = re.compile(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])")


def speak_symbols(text: str) -> str:
    """Signs a reader says as words: "§", "&", "3 x 4", "~", "<", "/", ..."""
    if "#" in text:
        text = _HASHTAG_WITH_NUMBER.sub(lambda m: "Hashtag " + _LETTER_DIGIT.sub(" ", m[1]), text)
    for pattern, words in _SYMBOLS:
        text = pattern.sub(words, text)
    return text
