"""The quick searches of the instruction rules answer as the patterns' own search does."""

from __future__ import annotations

import pytest

from publisher.a11y.dom.prose import lower_case, search_from
from publisher.a11y.rules import instructions

# Every alternative of the two patterns, at the start of a text, inside one, glued to a word (no match),
# in capitals, and across a line break.
PHRASES = [
    "Klicken Sie auf den GRÜNEN Knopf.",
    "Das rote Feld",
    "Die Rotation des Rades",
    "Abfahrt vom Brotmarkt",
    "Wählen Sie eine der runden Optionen.",
    "Rundfunkbeitrag",
    "im Grundsatz eckig",
    "Der quadratische Knopf",
    "press the Square button",
    "the squared value",
    "der Pfeil unten rechts",
    "Oben Links finden Sie das Menü",
    "rechts\nunten",
    "links oben",
    "auf der rechten Seite",
    "AM LINKEN RAND",
    "am Montag",
    "on the left",
    "At The Top Right",
    "in the bottom",
    "the top-left corner",
    "bottom right",
    "Grün hinterlegte Zeiten sind frei.",
    "Fields marked in red are required.",
    "shown in\n blue",
    "rot = belegt",
    "Rote bedeuten: belegt",
    "grau steht für geschlossen",
    "yellow means caution",
    "Orange stands for waiting",
    "Gelbe=frei",
    "gray",
    "Das Redaktionsteam",
    "Ein ſehr langes ſ und ein dotless ı, DİE ROTE",
    "",
]


@pytest.mark.parametrize("text", PHRASES)
def test_the_quick_searches_agree_with_the_patterns(text: str) -> None:
    """From the lower-cased text and the starts, the same yes or no as the IGNORECASE pattern."""
    lowered = lower_case(text)
    assert search_from(instructions._SENSED_LOWER, lowered, instructions._SENSED_STARTS) == bool(
        instructions._SENSED.search(text)
    )
    assert instructions._may_be_colour_code(lowered) == bool(instructions._COLOUR_CODE.search(text))
    all_phrases = " ".join(PHRASES)
    assert instructions._may_be_colour_code(lower_case(all_phrases))


def test_a_match_needs_its_word_boundary_where_it_is_tried() -> None:
    """A start found inside a word is tried there and fails, as the search would (``\\b`` looks back)."""
    assert not search_from(instructions._SENSED_LOWER, "ungrün", instructions._SENSED_STARTS)
    assert search_from(instructions._SENSED_LOWER, "un grün", instructions._SENSED_STARTS)
