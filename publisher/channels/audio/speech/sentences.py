"""Split running text into sentences without breaking at abbreviations, ordinals, dates or quoted names."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["SentenceSplitter", "abbreviation_pattern", "split_sentences"]

# A candidate end: terminal punctuation, optional closing quotes or brackets, then white space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'»«“”’)\]]*\s+")
_ROMAN = re.compile(r"(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})")
# Words that join a name to what follows within a sentence ("Papst Leo XIV. Stuttgart und Ulm").
_LINKING_WORDS = frozenset(
    [
        *("und", "oder", "sowie", "in", "im", "am", "an", "auf", "bei", "mit", "nach", "von", "vom"),
        *("zu", "zum", "zur", "für", "über", "durch", "gegen", "um", "aus", "der", "die", "das", "den"),
        *("dem", "des", "ein", "eine", "einen", "einem", "als", "wie", "sowohl", "statt"),
    ]
)
_QUOTED_END = re.compile(r"[!?]+[\"'»«“”’]+\s+$")
# Words for abbreviation lookups: dashes, slashes and brackets also part them ("Mo.–Fr.").
_WORDS = re.compile(r"[^\s–—/()„“\"]+")
_LEADING = "(„“\"'»«‚"
_OPENING_QUOTES = "„“»«‚\"'"
_CLOSING_QUOTES = "“”»«‘’\"'"


def abbreviation_pattern(written: str, *, capital: bool = False, boundary: bool = True) -> str:
    """A regular expression for an abbreviation, with or without the spaces after its full stops.

    With ``capital``, one that starts with a small letter also matches with a capital ("Rd.").
    """
    compact = written.replace(" ", "")
    parts = [re.escape(part) for part in compact.rstrip(".").split(".")]
    if capital and compact[:1].islower():
        parts[0] = f"[{compact[0]}{compact[0].upper()}]" + parts[0][1:]
    body = r"\.\s?".join(parts) + (r"\." if compact.endswith(".") else "")
    return r"(?<![\w.])" + body if boundary else body


@dataclass(frozen=True)
class _Abbreviations:
    """Abbreviations by their written form without spaces, for lookups around a candidate sentence end."""

    inner: frozenset[str]
    closing: frozenset[str]
    longest: int

    def around(self, left: list[str], right: list[str]) -> tuple[bool, bool]:
        """Whether the words ending at a full stop (``left``) and after it (``right``) hold an abbreviation.

        The second value says whether that abbreviation ends at the full stop and may close a sentence.
        """
        for taken_left in range(1, min(self.longest, len(left)) + 1):
            head = "".join(left[-taken_left:]).lstrip(_LEADING)
            for taken_right in range(0, min(self.longest - taken_left, len(right)) + 1):
                # "d. Red.:": the punctuation after the abbreviation is not part of it.
                candidate = head + "".join(right[:taken_right]).rstrip(",;:")
                # "ü. NN.": an abbreviation without a final stop, and the sentence's own stop after it.
                if taken_right and candidate.endswith(".") and candidate[:-1] in self.inner:
                    candidate = candidate[:-1]
                if candidate in self.inner or _lowered(candidate) in self.inner:
                    closing = taken_right == 0 and (
                        candidate in self.closing or _lowered(candidate) in self.closing
                    )
                    return True, closing
        return False, False


def _lowered(word: str) -> str:
    return word[:1].lower() + word[1:]


@lru_cache(maxsize=16)
def _index(abbreviations: tuple[str, ...], closing: frozenset[str]) -> _Abbreviations:
    compact = [item.replace(" ", "") for item in abbreviations]
    return _Abbreviations(
        inner=frozenset(compact),
        closing=frozenset(item.replace(" ", "") for item in closing),
        longest=max((item.count(" ") + 1 for item in abbreviations), default=1),
    )


def split_sentences(
    text: str,
    *,
    abbreviations: Iterable[str],
    final_abbreviations: Iterable[str] = (),
    closing_abbreviations: Iterable[str] = (),
    sentence_starters: Iterable[str] = (),
    ordinal_words: Iterable[str] = (),
    months: Iterable[str] = (),
    ruler_words: Iterable[str] = (),
    label_words: Iterable[str] = (),
) -> list[str]:
    """Sentences of ``text``; a full stop in an abbreviation or after an ordinal number does not end one.

    ``abbreviations`` are written forms such as ``"z. B."`` (the spaces are optional in the text);
    those in ``final_abbreviations`` ("usw.") end a sentence when a capital letter follows, those
    in ``closing_abbreviations`` ("Std.") only when one of ``sentence_starters`` ("Die", "Sie")
    follows. A number followed by a full stop is an ordinal, not an end, before a month name or
    after one of ``ordinal_words`` (articles and prepositions such as "der", "am"). A quoted name
    with "!" or "?" inside a sentence ("Die Aktion „Mach mit!“ startet") does not end it.
    A Roman numeral after one of ``ruler_words`` or a name after one ("Papst Leo XIV. Stuttgart")
    ends a sentence only before a starter; a single capital after one of ``label_words`` ("Haus B.")
    is a label, not an initial, and ends one before any capitalised word.
    """
    splitter = SentenceSplitter.prepare(
        abbreviations=abbreviations,
        final_abbreviations=final_abbreviations,
        closing_abbreviations=closing_abbreviations,
        sentence_starters=sentence_starters,
        ordinal_words=ordinal_words,
        months=months,
        ruler_words=ruler_words,
        label_words=label_words,
    )
    return splitter(text)


@dataclass(frozen=True)
class SentenceSplitter:
    """A language's word lists for ``split_sentences``, prepared once and used for every text."""

    index: _Abbreviations
    starters: frozenset[str]
    month_names: frozenset[str]
    ordinal_hints: frozenset[str]
    rulers: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()

    @classmethod
    def prepare(
        cls,
        *,
        abbreviations: Iterable[str],
        final_abbreviations: Iterable[str] = (),
        closing_abbreviations: Iterable[str] = (),
        sentence_starters: Iterable[str] = (),
        ordinal_words: Iterable[str] = (),
        months: Iterable[str] = (),
        ruler_words: Iterable[str] = (),
        label_words: Iterable[str] = (),
    ) -> SentenceSplitter:
        finals = frozenset(final_abbreviations)
        return cls(
            index=_index(
                tuple(item for item in abbreviations if item not in finals), frozenset(closing_abbreviations)
            ),
            starters=frozenset(sentence_starters),
            month_names=frozenset(month.lower() for month in months),
            ordinal_hints=frozenset(word.lower() for word in ordinal_words),
            rulers=frozenset(word.lower() for word in ruler_words),
            labels=frozenset(word.lower() for word in label_words),
        )

    def __call__(self, text: str) -> list[str]:
        """The sentences of ``text`` as written."""
        sentences: list[str] = []
        start = 0
        for match in _BOUNDARY.finditer(text):
            after = text[match.end() :]
            if not after:
                continue
            if text[match.start()] == ".":
                left = _WORDS.findall(text[max(start, match.start() - 40) : match.start() + 1])
                # "Mo.-Fr.", "Haus-Nr.": the abbreviation after the hyphen.
                if left and re.search(r"-\w+\.$", left[-1]):
                    left[-1] = left[-1].rsplit("-", 1)[1]
                inside, closing = self.index.around(left, _WORDS.findall(after[:40]))
                if (
                    inside
                    and not _ends_with_ruler(left, after, self.starters)
                    and not self._ruler_ends(text[start : match.start() + 1], after)
                    and not (closing and _first_word(after) in self.starters)
                ):
                    continue
            before = text[start : match.start() + 1]
            ruler_ends = self._ruler_ends(before, after) if after[0].isupper() else None
            if ruler_ends is False:
                continue
            if ruler_ends or (after[0].isupper() and self._labelled(before)):
                sentences.append(text[start : match.end()].strip())
                start = match.end()
                continue
            if _continues(before, after, self.month_names, self.ordinal_hints, self.starters):
                continue
            if _quoted_name(text[start : match.end()], after, self.starters):
                continue
            sentences.append(text[start : match.end()].strip())
            start = match.end()
        rest = text[start:].strip()
        if rest:
            sentences.append(rest)
        return sentences

    def _ruler_ends(self, before: str, after: str) -> bool | None:
        """Whether a ruler's numeral ends the sentence, or ``None`` when no ruler is named before it.

        "Morgen besucht Papst Leo XIV. Stuttgart." goes on to a name; "Es sprach Papst Leo XIV.
        Tausende hörten zu." ends before a noun and its verb, as before a word that starts sentences.
        """
        if before[-2:-1] not in ("I", "V", "X"):
            return None
        words = before[-60:-1].split()
        if len(words) < 2 or not _ROMAN.fullmatch(words[-1]) or not words[-2][:1].isupper():
            return None
        if not (words[-2].lower() in self.rulers or (len(words) > 2 and words[-3].lower() in self.rulers)):
            return None
        following = after.split(maxsplit=2)
        # A verb closing the clause ("... Leo XIV. Stuttgart besuchen.") keeps it one sentence.
        verb = (
            len(following) > 2
            and following[1][:1].islower()
            and following[1].isalpha()
            and following[1] not in _LINKING_WORDS
        )
        return verb or _first_word(after) in self.starters

    def _labelled(self, before: str) -> bool:
        """ "in Haus B. Parkplätze ...": a capital after a building's word labels it; the sentence ends."""
        if before[-3:-2] != " ":
            return False
        words = before[-40:-1].split()
        if len(words) < 2 or len(words[-1]) != 1 or not words[-1].isupper():
            return False
        return words[-2].lower() in self.labels


def _ends_with_ruler(left: list[str], after: str, starters: frozenset[str]) -> bool:
    """Whether a Roman numeral after a name ends the sentence ("... baute Herzog Ulrich V. Danach ...").

    A numeral may also be a middle initial ("Anna V. Berg") or go on to a name ("Papst Leo XIV.
    Stuttgart"): it ends the sentence only before a word that starts sentences.
    """
    if len(left) < 2 or not left[-1].endswith(".") or not left[-2][:1].isupper():
        return False
    numeral = left[-1][:-1]
    if not numeral or not _ROMAN.fullmatch(numeral):
        return False
    return _first_word(after) in starters


def _first_word(text: str) -> str:
    words = text.split(maxsplit=1)
    return words[0].strip(".,;:!?\"'„“”»«") if words else ""


def _continues(
    before: str,
    after: str,
    month_names: frozenset[str],
    ordinal_hints: frozenset[str],
    starters: frozenset[str],
) -> bool:
    """Whether the text goes on in the same sentence after the punctuation at the end of ``before``."""
    if not (after[0].isupper() or after[0].isdigit() or after[0] in "\"„“»‚'("):
        return True
    if not before.endswith("."):
        return False
    words = before[:-1].split()
    # "in die Kronenstr. 5": a street written short goes on to its house number.
    if words and after[0].isdigit() and re.search(r"[a-zäöüß]str$", words[-1]):
        return True
    # "bei der II. Kammer": a Roman ordinal after an article goes on to its noun.
    if len(words) > 1 and _ROMAN.fullmatch(words[-1]) and words[-2].lower() in ordinal_hints:
        return True
    # "Anna M. Berg": an initial between a first name and a surname.
    if (
        len(words) > 1
        and re.fullmatch(r"[A-ZÄÖÜ]", words[-1])
        and words[-2][:1].isupper()
        and words[-2][-1:].isalpha()
        and _first_word(after) not in starters
    ):
        return True
    # "ihren 100. Geburtstag": a larger ordinal only after a word that announces one.
    if (
        len(words) > 1
        and re.fullmatch(r"\d{3}|\d{1,3}(?:\.\d{3})+", words[-1])
        and words[-2].lower() in ordinal_hints
    ):
        return True
    if words and re.search(r"(?:^|[^\d.,])\d{1,2}$", words[-1]):
        next_word = after.split(maxsplit=1)[0].strip(".,;:").lower()
        previous = words[-2].lower() if len(words) > 1 else ""
        if next_word in month_names or previous in ordinal_hints:
            return True
        # "(1. Platz, ...)", "den 2. Bauabschnitt": a small ordinal before a noun that starts no sentence.
        if next_word and next_word[0].isalpha() and next_word.capitalize() not in starters:
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
