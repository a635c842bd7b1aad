"""Text normalisation shared by every language.

A normaliser turns one written sentence into the words a reader would say: numbers,
amounts, dates, abbreviations, web and e-mail addresses. Each language has its own module
(``normalize_de``, ``normalize_en``) exposing a ``LanguageRules`` instance; ``languages`` picks one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from publisher.channels.audio.speech.sentences import SentenceSplitter, abbreviation_pattern

__all__ = [
    "EMAIL",
    "URL",
    "Abbreviations",
    "LanguageRules",
    "abbreviation_pattern",
    "expand_abbreviations",
    "speak_address",
    "tidy",
]

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]“”»«]", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# Private-use characters stand in for words the organisation's lexicon says (U+E000-U+E7FF; the
# runs in another language use the rest of the block).
_PLACEHOLDER_BASE = 0xE000
_NO_VOWEL = re.compile(r"\b[^\W\d_aeiouyäöüAEIOUYÄÖÜ]+\b")


@dataclass(frozen=True)
class LanguageRules:
    """How one language is spoken: its sentence splitting and its normalisation of one sentence."""

    language: str
    normalize: Callable[[str], str]
    abbreviations: Mapping[str, str]
    # Abbreviations that may end a sentence ("usw."): a capital letter after them starts a new one.
    final_abbreviations: frozenset[str] = frozenset()
    # Abbreviations that end a sentence only when a word that starts sentences follows ("3 Std. Die ...").
    closing_abbreviations: frozenset[str] = frozenset()
    sentence_starters: frozenset[str] = frozenset()
    ordinal_words: frozenset[str] = frozenset()
    months: tuple[str, ...] = ()
    # Titles and names of rulers ("Papst", "Ludwig") and words a single capital labels ("Haus B").
    ruler_words: frozenset[str] = frozenset()
    label_words: frozenset[str] = frozenset()
    # Words for the characters of an address, e.g. {".": "Punkt", "@": "ät"}.
    address_words: Mapping[str, str] = field(default_factory=dict)
    # Words of another language in this one's text, said by that language's voice: {"Start-up": "en"}.
    loanwords: Mapping[str, str] = field(default_factory=dict)

    # The word lists prepared for splitting, once per language rather than once per text.
    _splitter: SentenceSplitter = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        splitter = SentenceSplitter.prepare(
            abbreviations=self.abbreviations,
            final_abbreviations=self.final_abbreviations,
            closing_abbreviations=self.closing_abbreviations,
            sentence_starters=self.sentence_starters,
            ordinal_words=self.ordinal_words,
            months=self.months,
            ruler_words=self.ruler_words,
            label_words=self.label_words,
        )
        object.__setattr__(self, "_splitter", splitter)

    def sentences(self, text: str) -> list[str]:
        """The sentences of ``text`` as written."""
        return self._splitter(text)

    def speak(self, text: str, fixed: Mapping[str, str] | None = None) -> list[str]:
        """The sentences of ``text`` as spoken.

        ``fixed`` maps written forms to spoken forms that are final (an organisation's lexicon):
        they are said exactly so, and no built-in rule reads them another way.
        """
        return [spoken for _, spoken in self.speak_pairs(text, fixed)]

    def speak_pairs(self, text: str, fixed: Mapping[str, str] | None = None) -> list[tuple[str, str]]:
        """Each sentence of ``text`` as written and as spoken (``speak`` gives the second of each)."""
        keys = tuple(sorted(fixed, key=len, reverse=True)) if fixed else ()
        if keys:
            text = _fixed_pattern(keys).sub(lambda match: chr(_PLACEHOLDER_BASE + keys.index(match[0])), text)
        written = self.sentences(text)
        spoken = [self.normalize(sentence) for sentence in written]
        if keys and fixed is not None:
            said = {chr(_PLACEHOLDER_BASE + index): fixed[key] for index, key in enumerate(keys)}
            shown = {chr(_PLACEHOLDER_BASE + index): key for index, key in enumerate(keys)}
            spoken = [_restore(line, said) for line in spoken]
            written = [_restore(line, shown) for line in written]
        return [
            (shown_text, said_text)
            for shown_text, said_text in zip(written, spoken, strict=True)
            if said_text
        ]


def _restore(line: str, words: Mapping[str, str]) -> str:
    return re.sub("[\ue000-\ue7ff]", lambda match: words.get(match[0], ""), line)


@cache
def _fixed_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)")


class Abbreviations:
    """A table of abbreviations and their spoken forms, matched in one pass.

    The spaces inside an abbreviation are optional ("z.B." and "z. B."), and one that starts
    with a small letter also matches with a capital at the start of a sentence ("Rd." for
    "rd."); its spoken form is then capitalised too.
    """

    def __init__(self, table: Mapping[str, str]) -> None:
        self.table = dict(table)
        self._spoken = {_compact(written): spoken for written, spoken in table.items()}
        ordered = sorted(table, key=lambda written: len(_compact(written)), reverse=True)
        alternatives = (
            abbreviation_pattern(written, capital=True, boundary=False)
            + ("" if written.endswith(".") else r"(?!\w)")
            for written in ordered
        )
        # One boundary check before all alternatives: most positions fail it at once.
        self.pattern = re.compile(r"(?<![\w.])(?=[^\W\d_])(?:" + "|".join(alternatives) + ")")

    def spoken(self, written: str) -> str:
        """The spoken form of one matched abbreviation."""
        compact = _compact(written)
        if compact in self._spoken:
            return self._spoken[compact]
        spoken = self._spoken[compact[:1].lower() + compact[1:]]
        return spoken[:1].upper() + spoken[1:]

    def expand(self, text: str) -> str:
        """Replace each abbreviation by its spoken form; one that ends the text keeps its full stop."""

        def replace(match: re.Match[str]) -> str:
            ends_text = not match.string[match.end() :].strip()
            return self.spoken(match[0]) + ("." if ends_text and match[0].endswith(".") else "")

        return self.pattern.sub(replace, text)

    def written_forms(self) -> Iterable[str]:
        return self.table.keys()


def _compact(written: str) -> str:
    return re.sub(r"\s", "", written)


def expand_abbreviations(text: str, table: Mapping[str, str]) -> str:
    """Replace each abbreviation by its spoken form; one that ends the text keeps its full stop."""
    return _table(tuple(table.items())).expand(text)


@cache
def _table(items: tuple[tuple[str, str], ...]) -> Abbreviations:
    return Abbreviations(dict(items))


def speak_address(text: str, words: Mapping[str, str], spell: Callable[[str], str] | None = None) -> str:
    """Web and e-mail addresses spelled out with the language's words for dot, slash, at, ...

    ``spell`` says one part of a host name ("www", "de", "bwl"); by default it stays as written.
    """

    def say(address: str) -> str:
        address = re.sub(r"^https?://", "", address, flags=re.IGNORECASE).rstrip("/")
        address = address.split("?")[0].split("#")[0]
        host, slash, path = address.partition("/")
        # In an e-mail address the name before "@" is words ("eva.roth"), spelled only without a vowel ("pp").
        person, at, host = host.rpartition("@")
        if spell is not None:
            host = re.sub(r"[^\W_]+", lambda match: spell(match[0]), host)
            person = _NO_VOWEL.sub(lambda match: spell(match[0]), person)
        address = person + at + host + slash + path
        for char, word in words.items():
            address = address.replace(char, f" {word} ")
        return " ".join(address.split())

    text = EMAIL.sub(lambda match: say(match[0]), text)
    return URL.sub(lambda match: say(match[0]), text)


_TIDY = (
    (re.compile(r"[\"'„“”«»‚‘’›‹]"), ""),
    (re.compile(r"\s*[()\[\]]\s*"), ", "),
    (re.compile(r"\s+[–—]\s+"), ", "),
    (re.compile(r"\s+"), " "),
    (re.compile(r"\s+([,.;:!?])"), r"\1"),
    (re.compile(r",(?:\s*,)+"), ","),
    (re.compile(r",([.;:!?])"), r"\1"),
    (re.compile(r"([:;]),"), r"\1"),
)
_APOSTROPHE = re.compile(r"(?<=\w)[’'](?=\w)")


def tidy(text: str) -> str:
    """Punctuation a voice reads well: no typographic quotes, brackets as commas, single spaces."""
    # An apostrophe inside a word stays ("it's"); quotation marks go.
    text = _APOSTROPHE.sub("\0", text)
    for pattern, replacement in _TIDY:
        text = pattern.sub(replacement, text)
    return text.replace("\0", "'").strip(" ,")
