"""Readability figures for German and English text: syllable counts and the classic formulas.

German uses the first Wiener Sachtextformel (a school grade, 4 = very easy, 15 = very hard) and
Flesch-Amstad (reading ease, 0 = hard, 100 = easy); English uses the Flesch-Kincaid grade level and
Flesch reading ease. Syllables are counted with a vowel-group heuristic per language, which is close
enough for these formulas (they were fitted on counts of similar precision) and needs no dictionary.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from publisher.a11y.dom.caches import register_cache

__all__ = [
    "MIN_WORDS",
    "Readability",
    "TextStatistics",
    "count_syllables",
    "flesch_amstad",
    "flesch_kincaid_grade",
    "flesch_reading_ease",
    "readability",
    "split_sentences",
    "split_words",
    "text_statistics",
    "wiener_sachtextformel",
]

# Below this many words a grade says more about chance than about the text.
MIN_WORDS = 30

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_VOWELS = {"de": "aeiouyäöü", "en": "aeiouy"}
# Vowel pairs read as one syllable nucleus; any other adjacent vowels start a new syllable (Mu-se-um aside).
_GERMAN_NUCLEI = ("aa", "ee", "oo", "ie", "ei", "ai", "ey", "ay", "au", "eu", "äu", "ou")
# One match per German syllable nucleus, scanned left to right: a listed pair first, else a single vowel.
_GERMAN_NUCLEUS = re.compile("|".join(_GERMAN_NUCLEI) + f"|[{_VOWELS['de']}]")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”“»«)]*\s+|\n\s*\n")
_ABBREVIATIONS = {
    "de": {"z", "b", "d", "h", "u", "a", "dr", "prof", "nr", "bzw", "ca", "vgl", "usw", "etc", "s", "ggf",
           "inkl", "abs", "st", "str", "tel", "evtl", "sog", "geb", "mio", "mrd", "hr", "fr"},
    "en": {"mr", "mrs", "ms", "dr", "prof", "st", "no", "vs", "etc", "e", "g", "i", "inc", "ltd", "jr", "sr"},
}  # fmt: skip


@dataclass(frozen=True)
class TextStatistics:
    """Counts over a text that the readability formulas are built from."""

    sentences: int
    words: int
    syllables: int
    # Words of three or more syllables.
    polysyllables: int
    # Words of one syllable.
    monosyllables: int
    # Words of more than six letters.
    long_words: int

    @property
    def words_per_sentence(self) -> float:
        return self.words / max(self.sentences, 1)

    @property
    def syllables_per_word(self) -> float:
        return self.syllables / max(self.words, 1)


@dataclass(frozen=True)
class Readability:
    """A text's difficulty as a school grade, with the formula that gave it and the reading ease."""

    grade: float
    formula: str
    reading_ease: float
    words: int


@register_cache
@lru_cache(maxsize=16384)
def count_syllables(word: str, language: str = "de") -> int:
    """Syllables in ``word`` (German or English rules; at least 1)."""
    letters = word.lower()
    if language == "en":
        return _english_syllables(letters)
    return max(len(_GERMAN_NUCLEUS.findall(letters)), 1)


_NOT_ASCII_LETTER = re.compile(r"[^a-z]")
# A final silent "e" ("make"), "es" ("makes") or "ed" ("named"), but not a syllabic "-le" ("table").
_SILENT_ENDING = re.compile(r"(?:[^laeiouysxzcgh]es|[^laeiouydt]ed|[^laeiouy]e)$")
_ENGLISH_VOWELS = re.compile(r"[aeiouy]+")


def _english_syllables(letters: str) -> int:
    # Patterns compiled once: called per distinct word, where re's own cache lookup showed.
    letters = _NOT_ASCII_LETTER.sub("", letters)
    if len(letters) <= 3:
        return 1
    if not letters.endswith(("le", "ee", "ye")):
        letters = _SILENT_ENDING.sub(lambda m: m.group(0)[0], letters)
    groups = _ENGLISH_VOWELS.findall(letters.removeprefix("y"))
    return max(len(groups), 1)


def split_words(text: str) -> list[str]:
    """The words of ``text``: runs of letters, hyphenated compounds counted as one word; numbers left out."""
    # Words never span white space, and a chunk of letters only is one word: the regex runs on the rest.
    words: list[str] = []
    find = _WORD.findall
    for chunk in text.split():
        if chunk.isalpha():
            words.append(chunk)
        else:
            words.extend(find(chunk))
    return words


def split_sentences(text: str, language: str = "de") -> list[str]:
    """Sentences of ``text``; a blank line ends a sentence too (headings, list items)."""
    return [text[start:end].strip() for start, end in _sentence_spans(text, language)]


def _sentence_spans(text: str, language: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` that has a word, in order."""
    abbreviations = _ABBREVIATIONS.get(language, set())
    spans: list[tuple[int, int]] = []
    start = 0
    has_word = _WORD.search
    for match in _SENTENCE_END.finditer(text):
        end = match.start()
        token = _last_word(text, start, end)
        # "Dr. Meyer", "z. B." and German ordinals ("am 3. Mai") do not end a sentence.
        if (
            token is not None
            and match.group(0).count("\n") < 2
            and (token.lower() in abbreviations or (language == "de" and token.isdigit()))
        ):
            continue
        if has_word(text, start, end):
            spans.append((start, end))
        start = match.end()
    if has_word(text, start):
        spans.append((start, len(text)))
    return spans


def _last_word(text: str, start: int, end: int) -> str | None:
    """The word (``\\w+``) before a final full stop of ``text[start:end]``, if it ends with one."""
    if text.endswith(".", start, end):
        stop = end - 1
    elif text.endswith(".\n", start, end):
        stop = end - 2
    else:
        return None
    # Walked back from the full stop: a regex search would try every position of a long candidate.
    first = stop
    while first > start and (text[first - 1].isalnum() or text[first - 1] == "_"):
        first -= 1
    return text[first:stop] if first < stop else None


def text_statistics(text: str, language: str = "de") -> TextStatistics:
    """Sentence, word and syllable counts of ``text`` in ``language`` ("de" or "en")."""
    words = split_words(text)
    syllables = polysyllables = monosyllables = long_words = 0
    # Each distinct word is measured once and weighted by how often it occurs.
    for word, times in Counter(words).items():
        count = count_syllables(word, language)
        syllables += count * times
        if count >= 3:
            polysyllables += times
        elif count == 1:
            monosyllables += times
        if len(word) > 6 and len(word.replace("-", "")) > 6:
            long_words += times
    return TextStatistics(
        sentences=len(_sentence_spans(text, language)),
        words=len(words),
        syllables=syllables,
        polysyllables=polysyllables,
        monosyllables=monosyllables,
        long_words=long_words,
    )


def wiener_sachtextformel(stats: TextStatistics) -> float:
    """The first Wiener Sachtextformel: a German school grade from 4 (easy) to 15 (hard)."""
    words = max(stats.words, 1)
    return (
        0.1935 * 100 * stats.polysyllables / words
        + 0.1672 * stats.words_per_sentence
        + 0.1297 * 100 * stats.long_words / words
        - 0.0327 * 100 * stats.monosyllables / words
        - 0.875
    )


def flesch_amstad(stats: TextStatistics) -> float:
    """Flesch reading ease adapted to German by Amstad: 0 (very hard) to 100 (very easy)."""
    return 180 - stats.words_per_sentence - 58.5 * stats.syllables_per_word


def flesch_reading_ease(stats: TextStatistics) -> float:
    """Flesch reading ease for English: 0 (very hard) to 100 (very easy)."""
    return 206.835 - 1.015 * stats.words_per_sentence - 84.6 * stats.syllables_per_word


def flesch_kincaid_grade(stats: TextStatistics) -> float:
    """Flesch-Kincaid grade level for English: the US school grade needed to read the text."""
    return 0.39 * stats.words_per_sentence + 11.8 * stats.syllables_per_word - 15.59


def readability(text: str, language: str) -> Readability | None:
    """How hard ``text`` is to read; None for languages without a formula or too short texts."""
    primary = language.split("-")[0].lower()
    if primary not in _VOWELS:
        return None
    stats = text_statistics(text, primary)
    if stats.words < MIN_WORDS:
        return None
    if primary == "de":
        grade, formula, ease = wiener_sachtextformel(stats), "Wiener Sachtextformel", flesch_amstad(stats)
    else:
        grade, formula, ease = flesch_kincaid_grade(stats), "Flesch-Kincaid", flesch_reading_ease(stats)
    return Readability(grade=round(grade, 1), formula=formula, reading_ease=round(ease, 1), words=stats.words)
