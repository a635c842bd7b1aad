"""Language tags are judged as langcodes judges them, and its answers are kept so a run need not import it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import langcodes
import pytest

from publisher import language_tags
from publisher.user_cache import cache_folder

# Valid, deprecated, odd case, private use, extensions, unparsable, unregistered, hostile.
TAGS = [
    "de", "en", "de-DE", "de-at", "en_US", "en-uk", "eng", "deu", "gsw", "sh", "iw", "zh-cmn-hans-cn",
    "sr-Latn", "ja-latn-hepburn", "spa-latn-mx", "spa-mx-latn", "x-private", "de-DE-u-co-phonebk",
    "xx", "qaa", "und", "", " ", "C.UTF-8", "de--DE", "12", "de-DE-1996", "en-GB-oed", "i-klingon",
    "<script>", "de\u00a0", "a" * 80,
]  # fmt: skip


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    _forget()
    yield home / "publisher" / "language-tags"
    _forget()


def _forget() -> None:
    cache_folder.cache_clear()
    language_tags.ANSWERS.forget()


def _langcodes_standard(tag: str) -> str | None:
    try:
        return langcodes.standardize_tag(tag)
    except ValueError:
        return None


@pytest.mark.parametrize("rounds", [1, 2])
def test_answers_are_langcodes_answers_asked_or_remembered(cache_home: Path, rounds: int) -> None:
    """Asked first (langcodes answers) and then read back from the kept file: the same answers."""
    for _ in range(rounds):
        _forget()
        for tag in TAGS:
            assert language_tags.tag_is_valid(tag) == langcodes.tag_is_valid(tag), tag
            assert language_tags.known_primary_language(tag) == (
                langcodes.tag_is_valid(tag) and (len(tag) == 2 or langcodes.Language.get(tag).language == tag)
            ), tag
            standard = _langcodes_standard(tag)
            if standard is None:
                with pytest.raises(ValueError, match="not a language tag"):
                    language_tags.standardize_tag(tag)
            else:
                assert language_tags.standardize_tag(tag) == standard, tag


def test_a_run_meeting_known_tags_does_not_import_langcodes(cache_home: Path) -> None:
    """The second run reads the answers of the first: langcodes (its import is the cost) stays unloaded."""
    script = (
        "import sys; from publisher import language_tags as t; "
        "print(t.tag_is_valid('de'), t.standardize_tag('en_US'), t.tag_is_valid('{tag}'), "
        "'langcodes' in sys.modules)"
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent.parent)}

    def run(tag: str) -> list[str]:
        command = [sys.executable, "-c", script.format(tag=tag)]
        return subprocess.run(
            command, env=environment, capture_output=True, text=True, check=True
        ).stdout.split()

    assert run("de-AT") == ["True", "en-US", "True", "True"]
    assert run("de-AT") == ["True", "en-US", "True", "False"]
    assert run("fr-CA") == ["True", "en-US", "True", "True"]  # a new tag: asked, then kept too
    (kept,) = cache_home.iterdir()
    assert set(json.loads(kept.read_text(encoding="utf-8"))) == {"de", "en_US", "de-AT", "fr-CA"}


def test_a_damaged_file_is_asked_anew(cache_home: Path) -> None:
    language_tags.tag_is_valid("de")
    (kept,) = cache_home.iterdir()
    kept.write_text('{"de": [true', encoding="utf-8")
    _forget()
    assert language_tags.tag_is_valid("de") and not language_tags.tag_is_valid("xx")
    assert json.loads(kept.read_text(encoding="utf-8"))["xx"] == [False, "xx", False]


def test_long_tags_are_answered_but_not_kept(cache_home: Path) -> None:
    """Made-up lang values of any length are judged; only tags of a sensible length are written down."""
    assert not language_tags.tag_is_valid("de-" + "x" * 500)
    assert language_tags.tag_is_valid("de")
    (kept,) = cache_home.iterdir()
    assert list(json.loads(kept.read_text(encoding="utf-8"))) == ["de"]


def test_without_a_cache_folder_every_answer_is_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    _forget()
    try:
        assert language_tags.standardize_tag("en-uk") == "en-GB"
    finally:
        _forget()
