"""squash makes runs of white space one space, as the substitution of ``\\s+`` and a strip did."""

from __future__ import annotations

import re
import sys

from publisher.a11y.dom.accname import squash


def test_every_kind_of_white_space_is_squashed_as_the_regex_did() -> None:
    """Every character ``\\s`` matches (line breaks, no-break and thin spaces, separators) and no other."""
    # Every character of Unicode in one string, scanned by the regex engine in C: when the test runs,
    # not in every test process that collects it.
    spaces = re.findall(r"\s", "".join(map(chr, range(sys.maxunicode + 1))))
    assert len(spaces) > 20
    assert all(character.isspace() for character in spaces)
    assert sum(1 for code in range(0x3000 + 1) if chr(code).isspace()) == len(
        [character for character in spaces if ord(character) <= 0x3000]
    )
    text = "".join(f"{space}{space}Wort{number}{space}" for number, space in enumerate(spaces))
    for sample in (text, "", " ", "\u00a0Rathaus\u2009 Nord\n\n", "ein\u200bWort"):
        assert squash(sample) == re.sub(r"\s+", " ", sample).strip()
