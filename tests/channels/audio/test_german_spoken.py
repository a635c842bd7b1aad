"""German press-release language is read as a newsreader reads it: the pairs in data/german_spoken.tsv
and the sentences in data/german_unseen.tsv, written with their spoken forms before the rules that
read them were changed.

Each line holds a written sentence and what a listener must hear for it: phone and file
numbers in digit groups, citations with plain numbers, abbreviations spoken out with the
inflection the phrase needs, dates, times, units, acronyms, addresses and quoted names.
"""

from __future__ import annotations

from pathlib import Path

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


def _pairs(name: str) -> list[pytest.param]:  # type: ignore[valid-type]
    pairs = []
    for number, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        written, spoken = line.split("\t")
        known_wrong = written in KNOWN_WRONG
        marks = [pytest.mark.xfail(strict=True, reason="known wrong (README)")] if known_wrong else []
        pairs.append(pytest.param(written, spoken, id=f"{name}:{number}", marks=marks))
    return pairs


GERMAN = _pairs("german_spoken.tsv")
UNSEEN = _pairs("german_unseen.tsv")
ENGLISH = _pairs("english_spoken.tsv")


def test_the_german_table_has_at_least_300_pairs() -> None:
    """The table covers the category broadly, not a handful of examples."""
    assert len(GERMAN) >= 300


def test_the_unseen_table_has_at_least_150_sentences() -> None:
    """The sentences written before the rules changed cover every kind of public body, not a few."""
    assert len(UNSEEN) >= 150


@pytest.mark.parametrize(("written", "spoken"), GERMAN + UNSEEN)
def test_german_press_release_language_is_spoken_as_a_newsreader_reads_it(written: str, spoken: str) -> None:
    """The spoken sentences of the written text, joined, are exactly what a listener must hear."""
    assert " ".join(rules_for("de").speak(written)) == spoken


@pytest.mark.parametrize(("written", "spoken"), ENGLISH)
def test_english_text_keeps_its_own_reading(written: str, spoken: str) -> None:
    """English articles are read with English rules; the German work does not leak into them."""
    assert " ".join(rules_for("en").speak(written)) == spoken
