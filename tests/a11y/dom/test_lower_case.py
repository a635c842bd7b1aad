"""Lower-cased text searched without IGNORECASE finds what IGNORECASE finds in the text as written."""

from __future__ import annotations

import re
import sys
from functools import cache

import pytest

from publisher.a11y.dom.prose import _TWIN_LETTERS, lower_case, lower_case_twin


@cache
def every_character() -> tuple[str, str]:
    """Every character of Unicode but the surrogates, in order (one string the regex engine scans in C),
    and its lower-cased form: made once, by the first test that needs them, not by every test process
    that collects this module."""
    text = "".join(chr(code) for code in range(sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    return text, lower_case(text)


def test_lower_case_keeps_every_character_in_its_place() -> None:
    """One character for one, so positions, word boundaries and digits stay where they were."""
    text, lowered = every_character()
    assert len(lowered) == len(text)
    for category in (r"\w", r"\d", r"\s"):
        assert [m.start() for m in re.finditer(category, lowered)] == [
            m.start() for m in re.finditer(category, text)
        ], category


@pytest.mark.parametrize("letter", sorted(_TWIN_LETTERS))
def test_a_letter_matches_the_same_characters_either_way(letter: str) -> None:
    """IGNORECASE on the text as written and plain matching on the lowered text agree, char by char."""
    text, lowered = every_character()
    ignoring_case = [m.start() for m in re.finditer(letter, text, re.IGNORECASE)]
    assert ignoring_case == [m.start() for m in re.finditer(letter, lowered)]
    assert len(ignoring_case) >= 2  # the letter and its capital at least


@pytest.mark.parametrize(
    "text",
    [
        "Klicken Sie auf den GRÜNEN Knopf unten rechts.",
        "DİE SCHALTFLÄCHE İST ROT",  # dotted capital I: two characters in str.lower()
        "ſehr lange ſ und dotless ı in Fields marked in RED",
        "Kelvin: \u212a, Straße, STRASSE, \u1e9e",
    ],
)
def test_a_twin_pattern_finds_what_the_original_finds(text: str) -> None:
    """Every match of the IGNORECASE pattern, at the same place, and no other."""
    pattern = re.compile(
        r"\b(?:grün|rot|red|klick|ist|straße|kelvin|sehr|dotless)\w*|schaltfläche", re.IGNORECASE
    )
    twin = lower_case_twin(pattern)
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in twin.finditer(lower_case(text))]


def test_a_pattern_with_capitals_or_other_letters_has_no_twin() -> None:
    """A capital in the pattern, a letter outside the tested set, or no IGNORECASE at all: refused."""
    for pattern in (re.compile("Rot", re.I), re.compile("σ", re.I), re.compile("rot")):
        with pytest.raises(ValueError, match="lower-case Latin"):
            lower_case_twin(pattern)
    assert lower_case_twin(re.compile(r"\bgrün\W", re.I)).pattern == r"\bgrün\W"
