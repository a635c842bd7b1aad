"""Every phrase the audio channel speaks or reports exists in German and English."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from tests.conftest import REPO

SOURCES = sorted(REPO.glob("publisher/channels/audio/**/*.py"))
# gettext("...") calls, including implicitly concatenated string literals over several lines.
CALL = re.compile(r'gettext\(\s*((?:"[^"]*"\s*)+)\)')


def _used() -> set[str]:
    used: set[str] = set()
    for path in SOURCES:
        for match in CALL.finditer(path.read_text(encoding="utf-8")):
            used.add("".join(re.findall(r'"([^"]*)"', match.group(1))))
    return used


@pytest.mark.parametrize("locale", ["de", "en"])
def test_every_audio_message_is_translated(locale: str) -> None:
    """No message falls back to the English source in a German release, and none is left over."""
    with (REPO / "templates/locale" / locale / "LC_MESSAGES/audio.po").open("rb") as catalog_file:
        catalog = {message.id: message.string for message in read_po(catalog_file) if message.id}
    used = _used()
    assert len(used) > 15
    assert used == set(catalog)
    assert all(catalog.values())
