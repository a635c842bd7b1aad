"""An organisation's lexicon changes how names are spoken and gives abbreviations their full form once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.channels.audio.speech.script import build_script
from publisher.errors import ConfigurationError
from publisher.lexicon import expansions, load_lexicon, split_first_uses
from publisher.model import Article
from tests.channels.audio.conftest import text
from tests.conftest import EXAMPLES

EXAMPLE = EXAMPLES / "lexicon.yaml"


def test_the_example_lexicon_loads_with_entries_per_language() -> None:
    """The shipped example is valid and has German and English entries."""
    lexicon = load_lexicon(EXAMPLE)
    assert lexicon.entries("de")["MDV"].expand == "Ministerium für Digitales und Verwaltung"
    assert lexicon.entries("en-GB")["MDV"].say == "M D V"


def test_spoken_forms_replace_whole_words_only(tmp_path: Path) -> None:
    """ "MDV" is said as written in the lexicon; "MDVX" is another word and stays."""
    path = tmp_path / "lexicon.yaml"
    path.write_text("de:\n  MDV:\n    say: Em De Fau\n  Talbach: Taalbach\n", encoding="utf-8")
    lexicon = load_lexicon(path)
    assert lexicon.apply("Das MDV in Talbach, nicht MDVX.", "de") == "Das Em De Fau in Taalbach, nicht MDVX."


def test_the_speech_script_uses_the_lexicon(make_article: Callable[..., Article], tmp_path: Path) -> None:
    """Names in the lexicon are spoken its way in audio.txt."""
    path = tmp_path / "lexicon.yaml"
    path.write_text("de:\n  Musterstadt: Muhsterstadt\n", encoding="utf-8")
    script = build_script(make_article(), load_lexicon(path))
    assert "Muhsterstadt" in script.text()
    assert "Musterstadt" not in script.text()


def test_expansions_list_the_abbreviations_an_article_uses_in_order(
    make_article: Callable[..., Article],
) -> None:
    """Only abbreviations that occur in the article are returned, first use first."""
    article = make_article(
        body=[{"type": "paragraph", "children": text("Das LfS zählt, das MDV zahlt, das LfS prüft.")}]
    )
    assert list(expansions(article, load_lexicon(EXAMPLE))) == ["LfS", "MDV"]


def test_only_the_first_use_of_an_abbreviation_is_marked_for_expansion() -> None:
    """A renderer passing one ``seen`` set over all texts gets one ``<abbr title>`` per abbreviation."""
    expanded = {"MDV": "Ministerium für Digitales und Verwaltung"}
    seen: set[str] = set()
    first = split_first_uses("Das MDV lädt ein. Das MDV zahlt.", expanded, seen)
    later = split_first_uses("Fragen an das MDV.", expanded, seen)
    assert first == [
        ("Das ", None),
        ("MDV", "Ministerium für Digitales und Verwaltung"),
        (" lädt ein. Das MDV zahlt.", None),
    ]
    assert later == [("Fragen an das MDV.", None)]


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("- MDV\n", "maps language codes"),
        ("de:\n  MDV:\n    sag: Em De Fau\n", "MDV.sag"),
        ("de: [MDV]\n", "section 'de'"),
    ],
)
def test_a_broken_lexicon_is_a_clear_configuration_error(tmp_path: Path, content: str, fragment: str) -> None:
    """The error names the file and what is wrong in it."""
    path = tmp_path / "lexicon.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=str(path)) as error:
        load_lexicon(path)
    assert fragment in str(error.value)


def test_phonemes_are_kept_for_the_form_that_is_spoken(tmp_path: Path) -> None:
    """Phonemes are looked up by the spoken form ("say" if given, else the written word)."""
    path = tmp_path / "lexicon.yaml"
    path.write_text(
        'de:\n  Obermoor:\n    phonemes: "\'o:b6mo:6"\n'
        "  LfS:\n    say: El ef Es\n    phonemes: \"'Elef'Es\"\n",
        encoding="utf-8",
    )
    assert load_lexicon(path).phonemes("de-DE") == {"Obermoor": "'o:b6mo:6", "El ef Es": "'Elef'Es"}


def test_phonemes_cannot_smuggle_markup_into_the_engine(tmp_path: Path) -> None:
    """Brackets and markup characters are refused: phonemes go into SSML as [[...]]."""
    path = tmp_path / "lexicon.yaml"
    path.write_text('de:\n  Obermoor:\n    phonemes: "o]]<break/>[["\n', encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"Obermoor\.phonemes"):
        load_lexicon(path)
