"""Readability figures for German and English text: syllable counts and the classic formulas.

German uses the first Wiener Sachtextformel (a school grade, 4 = very easy, 15 = very hard) and
Flesch-Amstad (reading ease, 0 = hard, 100 = easy); English uses the Flesch-Kincaid grade level and
Flesch reading ease. Syllables are counted with a vowel-group heuristic per language, which is close
enough for these formulas (they were fitted on counts of similar precision) and needs no dictionary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

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


@lru_cache(maxsize=16384)
def count_syllables(word: str, language: str = "de") -> int:
    """Syllables in ``word`` (German or English rules; at least 1)."""
    letters = word.lower()
    if language == "en":
        return _english_syllables(letters)
    vowels = _VOWELS["de"]
    count = 0
    index = 0
    while index < len(letters):
        if letters[index] not in vowels:
            index += 1
            continue
        count += 1
        index += 2 if letters[index : index + 2] in _GERMAN_NUCLEI else 1
    return max(count, 1)


def _english_syllables(letters: str) -> int:
    letters = re.sub(r"[^a-z]", "", letters)
    if len(letters) <= 3:
        return 1
    # A final silent "e" ("make"), "es" ("makes") or "ed" ("named"), but not a syllabic "-le" ("table").
    if not letters.endswith(("le", "ee", "ye")):
        letters = re.sub(
            r"(?:[^laeiouysxzcgh]es|[^laeiouydt]ed|[^laeiouy]e)$", lambda m: m.group(0)[0], letters
        )
    groups = re.findall(r"[aeiouy]+", letters.removeprefix("y"))
    return max(len(groups), 1)


def split_words(text: str) -> list[str]:
    """The words of ``text``: runs of letters, hyphenated compounds counted as one word; numbers left out."""
    return _WORD.findall(text)


def split_sentences(text: str, language: str = "de") -> list[str]:
    """Sentences of ``text``; a blank line ends a sentence too (headings, list items)."""
    abbreviations = _ABBREVIATIONS.get(language, set())
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()]
        last_word = re.search(r"(\w+)\.$", candidate)
        if last_word and match.group(0).count("\n") < 2:
            token = last_word.group(1)
            # "Dr. Meyer", "z. B." and German ordinals ("am 3. Mai") do not end a sentence.
            if token.lower() in abbreviations or (language == "de" and token.isdigit()):
                continue
        if split_words(candidate):
            sentences.append(candidate.strip())
        start = match.end()
    if split_words(text[start:]):
        sentences.append(text[start:].strip())
    return sentences


def text_statistics(text: str, language: str = "de") -> TextStatistics:
    """Sentence, word and syllable counts of ``text`` in ``language`` ("de" or "en")."""
    words = split_words(text)
    syllables = [count_syllables(word, language) for word in words]
    return TextStatistics(
        sentences=len(split_sentences(text, language)),
        words=len(words),
        syllables=sum(syllables),
        polysyllables=sum(1 for count in syllables if count >= 3),
        monosyllables=sum(1 for count in syllables if count == 1),
        long_words=sum(1 for word in words if len(word.replace("-", "")) > 6),
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
