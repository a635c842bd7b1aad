"""The speech script comes from the article: intro, title, lead, sections, attributed quotes, outro."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from publisher.channels.audio.speech.script import build_script
from publisher.lexicon import load_lexicon
from publisher.model import Article
from tests.channels.audio.conftest import text


def test_the_script_opens_with_date_and_office_and_closes_with_the_office(
    make_article: Callable[..., Article],
) -> None:
    """A listener first hears who speaks and when, then the title and the lead."""
    script = build_script(make_article())
    spoken = script.text().split("\n\n")
    assert spoken[0] == (
        "Pressemitteilung vom zweiten März zweitausendsechsundzwanzig. "
        "Herausgeber: Stadt Musterstadt, Pressestelle."
    )
    assert spoken[1] == "Stadt baut neue Radwege."
    assert spoken[2] == "Die Stadt investiert zwei Komma fünf Millionen Euro in Radwege."
    assert spoken[-1] == "Ende der Pressemitteilung. Herausgeber: Stadt Musterstadt, Pressestelle.\n"


def test_quotes_are_attributed_before_they_are_spoken(make_article: Callable[..., Article]) -> None:
    """ "Dr. Jana Probst, Bürgermeisterin, sagte:" comes right before her words."""
    spoken = build_script(make_article()).text()
    assert "Doktor Jana Probst, Bürgermeisterin, sagte:\n\nWir freuen uns sehr." in spoken


def test_english_articles_get_english_phrases(make_article: Callable[..., Article]) -> None:
    """The spoken frame follows the article's language."""
    article = make_article(
        lang="en",
        title="New cycle lanes",
        summary="The city spends €2.5m.",
        author="City Press Office",
        body=[
            {
                "type": "quote",
                "paragraphs": [text("We are glad.")],
                "speaker": "Jane Probst",
                "role": "Mayor",
            },
        ],
    )
    spoken = build_script(article).text()
    assert spoken.startswith("Press release of March second, twenty twenty-six. From: City Press Office.")
    assert "Jane Probst, Mayor, said:\n\nWe are glad." in spoken
    assert "two point five million euros" in spoken


def test_each_section_heading_starts_a_chapter_after_a_longer_pause(
    make_article: Callable[..., Article],
) -> None:
    """Chapters are the title and the section headings, in order; a heading follows a clear pause."""
    script = build_script(make_article())
    assert script.chapters() == ["Stadt baut neue Radwege", "Was gebaut wird", "Wie es weitergeht"]
    kinds = [segment.kind for segment in script.segments]
    before_heading = script.segments[kinds.index("heading") - 1]
    assert before_heading.pause_after_ms >= 1000


def test_a_small_table_is_read_row_by_row_with_its_headers(make_article: Callable[..., Article]) -> None:
    """Each row is a sentence: the first cell labels it, the other cells are said with their column."""
    article = make_article(
        body=[
            {
                "type": "table",
                "header": [text("Landkreis"), text("Brunnen"), text("Förderung (Euro)"), text("Status")],
                "rows": [
                    [text("Esslingen"), text("12"), text("96 000"), text("in Planung")],
                    [text("Böblingen"), text("1"), text("8 000"), text("–")],
                ],
                "caption": "Trinkbrunnen 2026",
            }
        ]
    )
    spoken = build_script(article).text()
    assert (
        "Tabelle Trinkbrunnen zweitausendsechsundzwanzig:\n\n"
        "Landkreis Esslingen: zwölf Brunnen, Förderung sechsundneunzigtausend Euro, Status: in Planung.\n\n"
        "Landkreis Böblingen: ein Brunnen, Förderung achttausend Euro.\n\n"
    ) in spoken


def test_a_large_table_is_summarised_with_its_size_and_columns(make_article: Callable[..., Article]) -> None:
    """Past a sensible size the listener hears what the table holds and where to find it, not its cells."""
    rows = [[text(f"Gemeinde {index}"), text(str(index * 100))] for index in range(1, 13)]
    article = make_article(
        body=[
            {
                "type": "table",
                "header": [text("Gemeinde"), text("Einwohner")],
                "rows": rows,
                "caption": "Orte",
            }
        ]
    )
    spoken = build_script(article).text()
    assert (
        "Die Tabelle Orte mit zwölf Zeilen und den Spalten Gemeinde und Einwohner steht auf der Webseite."
        in spoken
    )
    assert "Gemeinde zwölf" not in spoken


def test_a_figure_says_what_it_shows_and_a_decorative_image_says_nothing(
    make_article: Callable[..., Article],
) -> None:
    """A chart is described from its caption and alt text; decoration is not read."""
    chart = {
        "src": "images/quote.png",
        "alt": "Der Anteil stieg von 31 % auf 71 %.",
        "caption": "Gigabit-Anschlüsse",
    }
    decoration = {"src": "images/line.png", "decorative": True}
    article = make_article(body=[{"type": "figure", "image": chart}, {"type": "figure", "image": decoration}])
    spoken = build_script(article).text()
    assert (
        "Abbildung Gigabit-Anschlüsse: Der Anteil stieg von einunddreißig Prozent auf einundsiebzig Prozent."
        in spoken
    )
    assert spoken.count("Abbildung") == 1


def test_the_lexicon_overrides_the_built_in_reading_of_acronyms(
    make_article: Callable[..., Article], tmp_path: Path
) -> None:
    """Built-in rules spell "PIK" and say "NATO" as a word; the office's lexicon can say either otherwise.

    An entry with phonemes only keeps its written form in the spoken text, so the engine can find it.
    """
    path = tmp_path / "lexicon.yaml"
    path.write_text('de:\n  PIK: Pick\n  NATO: En A Te O\n  ZOB:\n    phonemes: "tsOp"\n', encoding="utf-8")
    article = make_article(
        body=[{"type": "paragraph", "children": text("Das PIK, die NATO, der ZOB und das THW.")}]
    )
    plain = build_script(article).text()
    assert "Das Pe I Ka, die Nato, der Zett O Be und das Te Ha We." in plain
    script = build_script(article, load_lexicon(path))
    assert "Das Pick, die En A Te O, der ZOB und das Te Ha We." in script.text()
    assert script.phonemes == {"ZOB": "tsOp"}
