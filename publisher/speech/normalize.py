"""Text normalisation shared by every language, and the registry of language normalisers.

A normaliser turns one written sentence into the words a reader would say: numbers,
amounts, dates, abbreviations, web and e-mail addresses. Each language has its own module
(``normalize_de``, ``normalize_en``) exposing a ``LanguageRules`` instance.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from publisher.speech.sentences import abbreviation_pattern, split_sentences

__all__ = [
    "EMAIL",
    "URL",
    "LanguageRules",
    "abbreviation_pattern",
    "expand_abbreviations",
    "rules_for",
    "speak_address",
    "tidy",
]

URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:!?)\]]", re.IGNORECASE)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")


@dataclass(frozen=True)
class LanguageRules:
    """How one language is spoken: its sentence splitting and its normalisation of one sentence."""

    language: str
    normalize: Callable[[str], str]
    abbreviations: Mapping[str, str]
    # Abbreviations that may end a sentence ("usw."): a capital letter after them starts a new one.
    final_abbreviations: frozenset[str] = frozenset()
    ordinal_words: frozenset[str] = frozenset()
    months: tuple[str, ...] = ()
    # Words for the characters of an address, e.g. {".": "Punkt", "@": "ät"}.
    address_words: Mapping[str, str] = field(default_factory=dict)

    def sentences(self, text: str) -> list[str]:
        """The sentences of ``text`` as written."""
        return split_sentences(
            text,
            abbreviations=self.abbreviations,
            final_abbreviations=self.final_abbreviations,
            ordinal_words=self.ordinal_words,
            months=self.months,
        )

    def speak(self, text: str) -> list[str]:
        """The sentences of ``text`` as spoken."""
        spoken = (self.normalize(sentence) for sentence in self.sentences(text))
        return [sentence for sentence in spoken if sentence]


def expand_abbreviations(text: str, table: Mapping[str, str]) -> str:
    """Replace each abbreviation by its spoken form; one that ends the text keeps its full stop."""
    for written, spoken in sorted(table.items(), key=lambda item: -len(item[0])):
        pattern = re.compile(abbreviation_pattern(written) + (r"(?!\w)" if not written.endswith(".") else ""))

        def replace(match: re.Match[str], spoken: str = spoken) -> str:
            ends_text = not match.string[match.end() :].strip()
            return spoken + ("." if ends_text and match.group(0).endswith(".") else "")

        text = pattern.sub(replace, text)
    return text


def speak_address(text: str, words: Mapping[str, str]) -> str:
    """Web and e-mail addresses spelled out with the language's words for dot, slash, at, ..."""

    def spell(address: str) -> str:
        address = re.sub(r"^(?:https?://)?(?:www\.)?", "", address, flags=re.IGNORECASE).rstrip("/")
        address = address.split("?")[0].split("#")[0]
        for char, word in words.items():
            address = address.replace(char, f" {word} ")
        return " ".join(address.split())

    text = EMAIL.sub(lambda match: spell(match.group(0)), text)
    return URL.sub(lambda match: spell(match.group(0)), text)


def tidy(text: str) -> str:
    """Punctuation a voice reads well: no typographic quotes, brackets as commas, single spaces."""
    # An apostrophe inside a word stays ("it's"); quotation marks go.
    text = re.sub(r"(?<=\w)[’'](?=\w)", "\0", text)
    text = re.sub(r"[\"'„“”«»‚‘’›‹]", "", text).replace("\0", "'")
    text = re.sub(r"\s*[()\[\]]\s*", ", ", text)
    text = re.sub(r"\s+[–—]\s+", ", ", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r",([.;:!?])", r"\1", text)
    return text.strip(" ,")


def rules_for(language: str) -> LanguageRules:
    """The rules for a BCP 47 language tag: German for ``de-*``, English otherwise."""
    # Imported here: each language module imports this one for its helpers.
    from publisher.speech import normalize_de, normalize_en

    primary = language.split("-")[0].lower()
    return normalize_de.RULES if primary == "de" else normalize_en.RULES
