"""The language model is read from the user cache after the first run, and identifies exactly as before."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from publisher.a11y.dom import language_walk
from publisher.a11y.dom.language_model import language_identifier
from publisher.user_cache import cache_folder

LANGUAGES = ["de", "en", "fr", "nl", "pl", "tr", "uk"]
TEXTS = [
    "Die Stadtwerke erneuern im Frühjahr die Wasserleitungen in der Altstadt und sperren dafür zwei Straßen.",
    "The council publishes the minutes of every meeting within a week, together with the votes cast.",
    "La bibliothèque municipale prolonge ses horaires d'ouverture le samedi jusqu'à dix-huit heures.",
    "Rada miasta przyjęła nowy plan zagospodarowania terenów nad rzeką po długiej dyskusji.",
    "Kurz",
]


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    cache_folder.cache_clear()
    yield tmp_path / "cache-home" / "publisher" / "language-model"
    cache_folder.cache_clear()


@pytest.fixture(scope="module")
def expected() -> list[object]:
    """py3langid's own scores of ``TEXTS``, from the identifier it makes of its packaged model.

    Made once: unpacking the model costs about half a CPU second.
    """
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return [identifier.rank(text) for text in TEXTS]


def test_the_cached_model_ranks_every_text_as_the_packaged_one(
    cache_home: Path, expected: list[object]
) -> None:
    """First run (unpacked, then kept) and second run (read back) give py3langid's own scores, exactly."""
    first = language_identifier(LANGUAGES)
    assert [folder.name.startswith("py3langid-") for folder in cache_home.iterdir()] == [True]
    second = language_identifier(LANGUAGES)
    assert [first.rank(text) for text in TEXTS] == expected
    assert [second.rank(text) for text in TEXTS] == expected


def test_other_languages_get_a_model_of_their_own(cache_home: Path) -> None:
    """The cut model is named by its languages: a different list never reads another list's tables."""
    language_identifier(LANGUAGES)
    other = language_identifier(["de", "en"])
    assert len(list(cache_home.iterdir())) == 2
    assert {language for language, _ in other.rank(TEXTS[2])} == {"de", "en"}


def test_a_damaged_cached_model_is_made_again(cache_home: Path, expected: list[object]) -> None:
    """A cut-off table (a full disk, a crash) is noticed, replaced, and the scores stay right."""
    language_identifier(LANGUAGES)
    (folder,) = cache_home.iterdir()
    table = folder / "nextmove.npy"
    table.write_bytes(table.read_bytes()[:1000])
    assert [language_identifier(LANGUAGES).rank(text) for text in TEXTS] == expected
    assert [language_identifier(LANGUAGES).rank(text) for text in TEXTS] == expected
    assert table.stat().st_size > 1000


def test_without_a_cache_folder_the_model_is_unpacked_each_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A home where nothing can be written costs time, never a check."""
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    cache_folder.cache_clear()
    try:
        assert language_identifier(LANGUAGES).rank(TEXTS[0])[0][0] == "de"
    finally:
        cache_folder.cache_clear()


# Scripts and lengths the byte walk meets: one byte, multi-byte letters, digits, mixed scripts.
WALKED = [
    *TEXTS,
    "",
    "a",
    "Öl",
    "Die Fähre nach Nordholm fährt ab 1. Mai um 7:45 Uhr – Fahrkarten gibt es an Bord.",
    "Городская библиотека открыта по субботам до шести часов вечера.",
    "Η δημοτική βιβλιοθήκη παραμένει ανοιχτή τα Σάββατα μέχρι τις έξι.",
    "市立図書館は土曜日も午後六時まで開館しています。",
    "Mixed: Rathaus / town hall / ратуша / 市庁舎 2026!",
]


@pytest.mark.parametrize("window", [6, 2])
def test_the_array_walk_finds_the_features_py3langid_finds(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch, window: int
) -> None:
    """Same features, same counts, same order; a window too short for the model falls back, still exact."""
    monkeypatch.setattr(language_walk, "_WINDOW", window)
    identifier = language_identifier(LANGUAGES)
    assert isinstance(identifier, language_walk.FastIdentifier)
    for text in WALKED:
        encoded = identifier._encode(text)
        slow = visit_counts(identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, encoded)
        fast = language_walk.feature_counts(identifier, encoded)
        assert (list(fast.items()) if fast else None) == (list(slow.items()) if slow else None), text


@pytest.mark.parametrize("array_walk_from", [0, language_walk._ARRAY_WALK_FROM])
def test_the_array_walk_scores_every_script_as_py3langid(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch, array_walk_from: int
) -> None:
    """The probabilities of every language are py3langid's own, bit for bit, in every script.

    With the array walk for every text (0), and with short texts left to py3langid's walk.
    """
    monkeypatch.setattr(language_walk, "_ARRAY_WALK_FROM", array_walk_from)
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages(LANGUAGES)
    identifier = language_identifier(LANGUAGES)
    texts = [*WALKED, " ".join(WALKED) * 3]  # one long enough for the array walk either way
    assert [identifier.rank(text) for text in texts] == [reference.rank(text) for text in texts]
