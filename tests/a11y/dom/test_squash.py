"""squash makes runs of white space one space, as the substitution of ``\\s+`` and a strip did."""

from __future__ import annotations

import re
import sys

from publisher.a11y.dom.accname import squash

SPACES = [chr(code) for code in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(code))]


def test_every_kind_of_white_space_is_squashed_as_the_regex_did() -> None:
    """Every character ``\\s`` matches (line breaks, no-break and thin spaces, separators) and no other."""
    assert len(SPACES) > 20
    assert all(character.isspace() for character in SPACES)
    assert sum(1 for code in range(0x3000 + 1) if chr(code).isspace()) == len(
        [character for character in SPACES if ord(character) <= 0x3000]
    )
    text = "".join(f"{space}{space}Wort{number}{space}" for number, space in enumerate(SPACES))
    for sample in (text, "", " ", "\u00a0Rathaus\u2009 Nord\n\n", "ein\u200bWort"):
        assert squash(sample) == re.sub(r"\s+", " ", sample).strip()
