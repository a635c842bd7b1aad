"""German press-release language is read as a newsreader reads it: the pairs in data/german_spoken.tsv
and the sentences in data/german_unseen.tsv, written with their spoken forms before the rules that
read them were changed.

Each line holds a written sentence and what a listener must hear for it: phone and file
numbers in digit groups, citations with plain numbers, abbreviations spoken out with the
inflection the phrase needs, dates, times, units, acronyms, addresses and quoted names.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import pytest

from publisher.channels.audio.speech.languages import rules_for

DATA = Path(__file__).with_name("data")


# Unseen sentences the rules still read wrong, as README's list "German readings known to be wrong"
# says; strict, so a rule that comes to read one right has to take it off that list.
KNOWN_WRONG = frozenset(
    [
        "Die Zweckverbände sind KdöR.",
        "Die Tierrettung brachte 1130 Igel durch den Winter.",
        "Die A 6 ist zwischen den AS Talheim und Nordheim gesperrt.",
    ]
)


class Pair(NamedTuple):
    """One line of a table: where it is, what is written and what a listener must hear."""

    where: str
    written: str
    spoken: str


def _pairs(name: str) -> list[Pair]:
    pairs = []
    for number, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        written, spoken = line.split("\t")
        pairs.append(Pair(f"{name}:{number}", written, spoken))
    return pairs


GERMAN = _pairs("german_spoken.tsv")
UNSEEN = _pairs("german_unseen.tsv")
ENGLISH = _pairs("english_spoken.tsv")


def _misread(pairs: list[Pair], lang: str) -> dict[str, tuple[str, str, str]]:
    """Each pair read otherwise than its spoken form: where -> (written, heard, expected).

    One test per table rather than one per line: the tables hold some 3,100 lines, and a test of its
    own for each cost more CPU time in pytest's and xdist's bookkeeping than in the reading itself.
    Every line is still read and every misreading is reported, with its file and line.
    """
    rules = rules_for(lang)
    misread = {}
    for pair in pairs:
        heard = " ".join(rules.speak(pair.written))
        if heard != pair.spoken:
            misread[pair.where] = (pair.written, heard, pair.spoken)
    return misread


def test_the_german_table_has_at_least_300_pairs() -> None:
    """The table covers the category broadly, not a handful of examples."""
    assert len(GERMAN) >= 300


def test_the_unseen_table_has_at_least_150_sentences() -> None:
    """The sentences written before the rules changed cover every kind of public body, not a few."""
    assert len(UNSEEN) >= 150


def test_every_known_wrong_sentence_is_in_a_table() -> None:
    """The list of known misreadings names only sentences the tables hold."""
    assert {pair.written for pair in GERMAN + UNSEEN} >= KNOWN_WRONG


@pytest.mark.parametrize("table", ["german_spoken.tsv", "german_unseen.tsv"])
def test_german_press_release_language_is_spoken_as_a_newsreader_reads_it(table: str) -> None:
    """The spoken sentences of each written text, joined, are exactly what a listener must hear.

    Strict about the known misreadings too: a rule that comes to read one right has to take it off
    README's list and ``KNOWN_WRONG``.
    """
    pairs = GERMAN if table == "german_spoken.tsv" else UNSEEN
    misread = _misread(pairs, "de")
    unexpected = {where: found for where, found in misread.items() if found[0] not in KNOWN_WRONG}
    assert unexpected == {}
    now_right = {pair.written for pair in pairs if pair.written in KNOWN_WRONG} - {
        written for written, _, _ in misread.values()
    }
    assert now_right == set(), "read right now: take them off the list of known misreadings"


def test_english_text_keeps_its_own_reading() -> None:
    """English articles are read with English rules; the German work does not leak into them."""
    assert _misread(ENGLISH, "en") == {}
