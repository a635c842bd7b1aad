"""The speech script comes from the article: intro, title, lead, sections, attributed quotes, outro."""

from __future__ import annotations

from collections.abc import Callable

from publisher.model import Article
from publisher.speech.script import build_script
from tests.audio.conftest import text


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


def test_a_table_is_announced_as_being_on_the_web_page(make_article: Callable[..., Article]) -> None:
    """Tables are not read cell by cell; the listener is told where to find them."""
    article = make_article(
        body=[
            {
                "type": "table",
                "header": [text("Gebiet"), text("Summe")],
                "rows": [[text("Nord"), text("1 Mio. €")]],
                "caption": "Fördersummen",
            }
        ]
    )
    assert "Die Tabelle Fördersummen steht auf der Webseite." in build_script(article).text()
