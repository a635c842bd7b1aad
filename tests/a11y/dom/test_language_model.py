"""The language model is read from the user cache after the first run, and identifies as py3langid does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier, visit_counts

from publisher.a11y.dom.language_model import language_identifier
from publisher.a11y.dom.language_score import features
from publisher.user_cache import cache_folder

LANGUAGES = ["de", "en", "fr", "nl", "pl", "tr", "uk"]
TEXTS = [
    "Die Stadtwerke erneuern im Frühjahr die Wasserleitungen in der Altstadt und sperren dafür zwei Straßen.",
    "The council publishes the minutes of every meeting within a week, together with the votes cast.",
    "La bibliothèque municipale prolonge ses horaires d'ouverture le samedi jusqu'à dix-huit heures.",
    "Rada miasta przyjęła nowy plan zagospodarowania terenów nad rzeką po długiej dyskusji.",
    "Kurz",
]


# py3langid adds up in single precision, the identifier exactly: the probabilities differ by a few millionths.
TOLERANCE = 2e-5


def same_ranking(found: list[list[tuple[str, float]]], expected: list[object]) -> bool:
    """The same languages in the same order, each with py3langid's probability to ``TOLERANCE``."""
    assert [[code for code, _ in ranked] for ranked in found] == [
        [code for code, _ in ranked]
        for ranked in expected  # type: ignore[attr-defined]
    ]
    for ranked, reference in zip(found, expected, strict=True):
        assert [probability for _, probability in ranked] == pytest.approx(
            [probability for _, probability in reference],
            abs=TOLERANCE,  # type: ignore[attr-defined]
        )
    return True


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
    """First run (unpacked, then kept) and second run (read back) rank as py3langid, with its scores."""
    first = language_identifier(LANGUAGES)
    assert [folder.name.startswith("py3langid-") for folder in cache_home.iterdir()] == [True]
    second = language_identifier(LANGUAGES)
    assert same_ranking([first.rank(text) for text in TEXTS], expected)
    assert [second.rank(text) for text in TEXTS] == [first.rank(text) for text in TEXTS]


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
    table = folder / "rows.bin"
    table.write_bytes(table.read_bytes()[:1000])
    assert same_ranking([language_identifier(LANGUAGES).rank(text) for text in TEXTS], expected)
    assert same_ranking([language_identifier(LANGUAGES).rank(text) for text in TEXTS], expected)
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


def test_the_walk_finds_the_features_py3langid_finds(cache_home: Path) -> None:
    """Same features, same counts, same order, in every script and length."""
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages(LANGUAGES)
    identifier = language_identifier(LANGUAGES)
    for text in WALKED:
        encoded = reference._encode(text)
        slow = visit_counts(reference.tk_nextmove, reference._rowbase, reference.tk_output, encoded)
        fast = features(identifier.tables, encoded)
        assert list(fast.items()) == (list(slow.items()) if slow else []), text


def test_every_script_is_scored_as_py3langid_scores_it(cache_home: Path) -> None:
    """The probabilities of every language are py3langid's to a few millionths, the ranking its own."""
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages(LANGUAGES)
    identifier = language_identifier(LANGUAGES)
    assert same_ranking([identifier.rank(text) for text in WALKED], [reference.rank(text) for text in WALKED])


def test_a_check_imports_neither_numpy_nor_py3langid(cache_home: Path) -> None:
    """Once the tables are kept, identifying a language needs neither package (their import is the cost)."""
    language_identifier(LANGUAGES)
    script = (
        "import sys; from publisher.a11y.dom.language_model import language_identifier; "
        f"print(language_identifier({LANGUAGES!r}).rank({TEXTS[1]!r})[0][0], "
        "'numpy' in sys.modules, 'py3langid' in sys.modules)"
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent.parent)}
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True)
    assert result.stdout.split() == ["en", "False", "False"], result.stderr


def test_fixed_point_rows_hold_every_half_precision_score_exactly() -> None:
    """Each field, shifted back, is the score it was made from; a table too fine to add exactly is refused."""
    import numpy as np

    from publisher.a11y.dom.language_model import _fixed_point

    scores = np.array([[-14.984, -3.906, 0.0], [-0.0001, 7.5, -65504.0]], dtype=np.float16)
    rows, field, shift, offset, chunk = _fixed_point(scores)
    assert chunk >= 255
    wholes = np.frombuffer(rows, dtype=f"<u{field}").astype(np.int64) + offset
    assert np.ldexp(wholes.astype(np.float64), -shift).tolist() == scores.astype(np.float64).ravel().tolist()
    with pytest.raises(ValueError, match="fraction bits"):
        _fixed_point(np.array([[1e-30, 1.0]], dtype=np.float32))
