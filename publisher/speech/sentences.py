"""Split running text into sentences without breaking at abbreviations, ordinals or dates."""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["abbreviation_pattern", "split_sentences"]

# A candidate end: terminal punctuation, optional closing quotes or brackets, then white space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'»«“”’)\]]*\s+")
_LAST_WORD = re.compile(r"(\S+)$")


def abbreviation_pattern(written: str) -> str:
    """A regular expression for an abbreviation, with or without the spaces after its full stops."""
    compact = written.replace(" ", "")
    parts = [re.escape(part) for part in compact.rstrip(".").split(".")]
    body = r"\.\s?".join(parts) + (r"\." if compact.endswith(".") else "")
    return r"(?<![\w.])" + body


def split_sentences(
    text: str,
    *,
    abbreviations: Iterable[str],
    final_abbreviations: Iterable[str] = (),
    ordinal_words: Iterable[str] = (),
    months: Iterable[str] = (),
) -> list[str]:
    """Sentences of ``text``; a full stop in an abbreviation or after an ordinal number does not end one.

    ``abbreviations`` are written forms such as ``"z. B."`` (the spaces are optional in the text);
    those in ``final_abbreviations`` ("usw.") end a sentence when a capital letter follows. A
    number followed by a full stop is an ordinal, not an end, before a month name or after one of
    ``ordinal_words`` (articles and prepositions such as "der", "am").
    """
    finals = set(final_abbreviations)
    inner = sorted((item for item in abbreviations if item not in finals), key=len, reverse=True)
    spans = (
        [match.span() for match in re.finditer("|".join(abbreviation_pattern(item) for item in inner), text)]
        if inner
        else []
    )
    month_names = {month.lower() for month in months}
    ordinal_hints = {word.lower() for word in ordinal_words}
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        after = text[match.end() :]
        if not after or any(begin <= match.start() < end for begin, end in spans):
            continue
        if _continues(text[start : match.start() + 1], after, month_names, ordinal_hints):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _continues(before: str, after: str, month_names: set[str], ordinal_hints: set[str]) -> bool:
    """Whether the text goes on in the same sentence after the punctuation at the end of ``before``."""
    if not (after[0].isupper() or after[0].isdigit() or after[0] in "\"„“»‚'("):
        return True
    if not before.endswith("."):
        return False
    words = before[:-1].split()
    if words and words[-1].isdigit() and len(words[-1]) <= 2:
        next_word = after.split(maxsplit=1)[0].strip(".,;:").lower()
        previous = words[-2].lower() if len(words) > 1 else ""
        if next_word in month_names or previous in ordinal_hints:
            return True
    return False
