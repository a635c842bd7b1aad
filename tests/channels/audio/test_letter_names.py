"""Spelled acronyms reach the listener as German letter names: checked with espeak-ng's own phonemes."""

from __future__ import annotations

import subprocess

import pytest

from publisher.channels.audio.speech.german.acronyms import LETTERS
from publisher.channels.audio.speech.languages import rules_for

# What espeak-ng -v de must say for a letter name (its phoneme mnemonics): a short vowel in "Eff",
# "Ell", "Emm" (espeak-ng reads "Ef", "El", "Em" with a long e:), "ts" for C, "faU" for V.
SOUNDS = {
    "C": "ts'e:",
    "F": "'Ef",
    "J": "j'Ot",
    "L": "'El",
    "M": "'Em",
    "N": "'En",
    "Q": "k'u:",
    "R": "'Er",
    "S": "'Es",
    "V": "f'aU",
    "W": "v'e:",
    "X": "'Iks",
    "Z": "ts'Et",
}


def _phonemes(text: str) -> str:
    result = subprocess.run(
        ["espeak-ng", "-v", "de", "-x", "-q", text], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.strip()


@pytest.mark.parametrize(("letter", "sound"), sorted(SOUNDS.items()))
def test_espeak_ng_says_each_letter_name_as_the_letter(letter: str, sound: str) -> None:
    """The written letter name is pronounced as the German letter, not as a word that looks like it."""
    assert sound in _phonemes(LETTERS[letter])


def test_an_acronym_espeak_ng_would_read_as_a_word_is_spelled() -> None:
    """Left alone, espeak-ng says "PIK" and "ZOB" as words ("Pik", "Zob"); spelled, it says the letters."""
    assert _phonemes("PIK") == "p'Ik"
    spoken = " ".join(rules_for("de").speak("PIK ZOB"))
    assert spoken == "Pe I Ka Zett O Be"
    assert _phonemes(spoken).split() == ["p'e:", "_!'i:", "k'A:", "ts'Et", "_!'o:", "b'e:"]
