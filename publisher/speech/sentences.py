"""Split running text into sentences without breaking at abbreviations, ordinals, dates or quoted names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

__all__ = ["abbreviation_pattern", "split_sentences"]

# A candidate end: terminal punctuation, optional closing quotes or brackets, then white space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'»«“”’)\]]*\s+")
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
_QUOTED_END = re.compile(r"[!?]+[\"'»«“”’]+\s+$")
_OPENING_QUOTES = "„“»«‚\"'"
_CLOSING_QUOTES = "“”»«‘’\"'"


def abbreviation_pattern(written: str, *, capital: bool = False) -> str:
    """A regular expression for an abbreviation, with or without the spaces after its full stops.

    With ``capital``, one that starts with a small letter also matches with a capital ("Rd.").
    """
    compact = written.replace(" ", "")
    parts = [re.escape(part) for part in compact.rstrip(".").split(".")]
    if capital and compact[:1].islower():
        parts[0] = f"[{compact[0]}{compact[0].upper()}]" + parts[0][1:]
    body = r"\.\s?".join(parts) + (r"\." if compact.endswith(".") else "")
    return r"(?<![\w.])" + body


@lru_cache(maxsize=16)
def _abbreviation_spans_pattern(abbreviations: tuple[str, ...]) -> re.Pattern[str] | None:
    if not abbreviations:
        return None
    return re.compile("|".join(abbreviation_pattern(item, capital=True) for item in abbreviations))


def split_sentences(
    text: str,
    *,
    abbreviations: Iterable[str],
    final_abbreviations: Iterable[str] = (),
    closing_abbreviations: Iterable[str] = (),
    sentence_starters: Iterable[str] = (),
    ordinal_words: Iterable[str] = (),
    months: Iterable[str] = (),
) -> list[str]:
    """Sentences of ``text``; a full stop in an abbreviation or after an ordinal number does not end one.

    ``abbreviations`` are written forms such as ``"z. B."`` (the spaces are optional in the text);
    those in ``final_abbreviations`` ("usw.") end a sentence when a capital letter follows, those
    in ``closing_abbreviations`` ("Std.") only when one of ``sentence_starters`` ("Die", "Sie")
    follows. A number followed by a full stop is an ordinal, not an end, before a month name or
    after one of ``ordinal_words`` (articles and prepositions such as "der", "am"). A quoted name
    with "!" or "?" inside a sentence ("Die Aktion „Mach mit!“ startet") does not end it.
    """
    finals = frozenset(final_abbreviations)
    closing = frozenset(closing_abbreviations)
    inner = tuple(sorted((item for item in abbreviations if item not in finals), key=len, reverse=True))
    pattern = _abbreviation_spans_pattern(inner)
    spans = [match.span() for match in pattern.finditer(text)] if pattern is not None else []
    closing_pattern = _abbreviation_spans_pattern(tuple(sorted(closing, key=len, reverse=True)))
    closing_ends = {match.end() for match in closing_pattern.finditer(text)} if closing_pattern else set()
    starters = frozenset(sentence_starters)
    month_names = {month.lower() for month in months}
    ordinal_hints = {word.lower() for word in ordinal_words}
    sentences: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        after = text[match.end() :]
        if not after:
            continue
        inside = next((span for span in spans if span[0] <= match.start() < span[1]), None)
        if inside is not None and not (inside[1] in closing_ends and _first_word(after) in starters):
            continue
        before = text[start : match.start() + 1]
        if _continues(before, after, month_names, ordinal_hints):
            continue
        if _quoted_name(text[start : match.end()], after, starters):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def _first_word(text: str) -> str:
    words = text.split(maxsplit=1)
    return words[0].strip(".,;:!?\"'„“”»«") if words else ""


def _continues(before: str, after: str, month_names: set[str], ordinal_hints: set[str]) -> bool:
    """Whether the text goes on in the same sentence after the punctuation at the end of ``before``."""
    if not (after[0].isupper() or after[0].isdigit() or after[0] in "\"„“»‚'("):
        return True
    if not before.endswith("."):
        return False
    words = before[:-1].split()
    # "bei der II. Kammer": a Roman ordinal after an article goes on to its noun.
    if len(words) > 1 and _ROMAN.fullmatch(words[-1]) and words[-2].lower() in ordinal_hints:
        return True
    if words and re.search(r"(?:^|[^\d.,])\d{1,2}$", words[-1]):
        next_word = after.split(maxsplit=1)[0].strip(".,;:").lower()
        previous = words[-2].lower() if len(words) > 1 else ""
        if next_word in month_names or previous in ordinal_hints:
            return True
    return False


def _quoted_name(sentence: str, after: str, starters: frozenset[str]) -> bool:
    """Whether "!" or "?" closes a title quoted inside the sentence, with the sentence going on after it.

    A quotation opened after a word ("die Kampagne „Mach mit!“") names something; one opened at
    the start or after a colon is speech, whose "!" ends the sentence. After the name, a word
    that starts sentences ("Die", "Sie") still ends it.
    """
    if not _QUOTED_END.search(sentence):
        return False
    closing = sentence.rstrip()
    body = closing.rstrip(_CLOSING_QUOTES)
    opening = max(body.rfind(quote) for quote in _OPENING_QUOTES)
    if opening <= 0:
        return False
    lead = body[:opening].rstrip()
    if not lead or lead[-1] in ":.!?":
        return False
    return _first_word(after) not in starters
