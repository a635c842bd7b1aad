"""The text of inline nodes with the parts in another language marked for their own voice.

A ``<span lang="en">`` in a German article and the loanwords of the article's language
("Start-ups") are said by the other language's voice: they are taken out of the sentence as
placeholders while it is normalised, normalised by their own language's rules, and put back
as marked runs (``runs.mark``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import assert_never

from publisher.channels.audio.speech.languages import rules_for
from publisher.channels.audio.speech.runs import mark, primary
from publisher.model import Code, Emphasis, Inline, LineBreak, Link, Span, Strong, Text

__all__ = ["Voiced", "voiced_text"]

# Placeholders for foreign runs; the lexicon's placeholders use the private-use block below these.
_PLACEHOLDER_BASE = 0xE800


@dataclass
class Voiced:
    """Text in the article's language with placeholders, and the runs they stand for."""

    text: str = ""
    runs: list[tuple[str, str]] = field(default_factory=list)

    def placeholder(self, language: str, words: str) -> str:
        self.runs.append((language, words))
        return chr(_PLACEHOLDER_BASE + len(self.runs) - 1)

    def restore(self, sentence: str) -> str:
        """A normalised sentence with each placeholder replaced by its marked, normalised run."""
        if not self.runs:
            return sentence

        def run(match: re.Match[str]) -> str:
            language, words = self.runs[ord(match[0]) - _PLACEHOLDER_BASE]
            spoken = " ".join(rules_for(language).speak(words)).rstrip(".")
            return mark(language, spoken)

        return re.sub("[\ue800-\uf8ff]", run, sentence)

    def restore_written(self, sentence: str) -> str:
        """A written sentence with each placeholder replaced by the words it stands for."""
        if not self.runs:
            return sentence
        return re.sub(
            "[\ue800-\uf8ff]", lambda match: self.runs[ord(match[0]) - _PLACEHOLDER_BASE][1], sentence
        )


def voiced_text(nodes: list[Inline], language: str, loanwords: Mapping[str, str]) -> Voiced:
    """The text of ``nodes`` with spans and loanwords in another language than ``language`` set apart."""
    voiced = Voiced()
    pattern = _loanword_pattern(tuple(sorted(loanwords, key=len, reverse=True))) if loanwords else None
    voiced.text = "".join(_node_text(node, primary(language), voiced, pattern, loanwords) for node in nodes)
    return voiced


def _node_text(
    node: Inline, language: str, voiced: Voiced, pattern: re.Pattern[str] | None, loanwords: Mapping[str, str]
) -> str:
    match node:
        case Text() | Code():
            if pattern is None:
                return node.text
            return pattern.sub(lambda found: voiced.placeholder(loanwords[found[0]], found[0]), node.text)
        case LineBreak():
            return "\n"
        case Emphasis() | Strong() | Link():
            return "".join(_node_text(child, language, voiced, pattern, loanwords) for child in node.children)
        case Span():
            inner = "".join(_node_text(child, language, Voiced(), None, {}) for child in node.children)
            if primary(node.lang) == language or not inner.strip():
                return "".join(
                    _node_text(child, language, voiced, pattern, loanwords) for child in node.children
                )
            return voiced.placeholder(node.lang, inner)
        case _:
            assert_never(node)


_PATTERNS: dict[tuple[str, ...], re.Pattern[str]] = {}


def _loanword_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    if words not in _PATTERNS:
        _PATTERNS[words] = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(word) for word in words) + r")(?![\w-])"
        )
    return _PATTERNS[words]
