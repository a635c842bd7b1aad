"""The newsletter email: what a subscriber sees in the HTML and text parts."""

from __future__ import annotations

import re

import lxml.html
import pytest

from publisher.channels.newsletter.compose import compile_edition
from publisher.channels.newsletter.content import AudioLink
from publisher.model import Article
from publisher.settings import Settings

FONT_SIZE = re.compile(r"font-size:\s*(\d+)px")


def _links(html: str) -> set[str]:
    return {link.get("href") for link in lxml.html.document_fromstring(html).iter("a")}


def test_email_carries_language_title_preheader_and_article(
    german_article: Article, nl_settings: Settings
) -> None:
    """The email root names language and direction; title, preheader, kicker, h1, lead and image are there."""
    edition = compile_edition(german_article, nl_settings)
    root = lxml.html.document_fromstring(edition.html)
    assert root.get("lang") == "de" and root.get("dir") == "ltr"
    assert root.findtext(".//title") == german_article.title
    preheader = root.xpath("//body/div[1]")[0]
    assert "display:none" in preheader.get("style") and preheader.text_content() == german_article.summary
    assert [h1.text_content() for h1 in root.iter("h1")] == [german_article.title]
    text = root.text_content()
    assert german_article.kicker and german_article.kicker in text
    assert german_article.image and german_article.image.credit
    assert next(img.get("alt") for img in root.iter("img")) == german_article.image.alt
    assert german_article.image.credit in text and "Foto: Grafik" not in text
    assert "Rathausplatz 1" in text


def test_email_links_to_web_page_related_articles_and_unsubscribe(
    german_article: Article, nl_settings: Settings
) -> None:
    """The email links to the article's web page ("read online"), the related articles and unsubscribing."""
    edition = compile_edition(german_article, nl_settings)
    html, _ = edition.personalise(
        unsubscribe_url="https://abo.example.de/unsubscribe/tok",
        preferences_url="https://abo.example.de/preferences/tok",
    )
    root = lxml.html.document_fromstring(html)
    by_text = {link.text_content().strip(): link.get("href") for link in root.iter("a")}
    assert by_text["Im Browser lesen"] == f"https://presse.example.de/{german_article.slug}/"
    assert by_text["Abbestellen"] == "https://abo.example.de/unsubscribe/tok"
    assert by_text["Einstellungen ändern"] == "https://abo.example.de/preferences/tok"
    assert {item.url for item in german_article.related} <= set(by_text.values())


def test_ui_strings_follow_the_article_language(english_article: Article, nl_settings: Settings) -> None:
    """An English article gets English UI strings and lang="en"."""
    edition = compile_edition(english_article, nl_settings)
    root = lxml.html.document_fromstring(edition.html)
    assert root.get("lang") == "en"
    assert "Read online" in root.text_content() and "Unsubscribe" in root.text_content()
    assert "Abbestellen" not in edition.html


def test_no_visible_text_is_smaller_than_14px(german_article: Article, nl_settings: Settings) -> None:
    """Every element that carries text of its own sets at least 14px (the hidden preheader aside)."""
    root = lxml.html.document_fromstring(compile_edition(german_article, nl_settings).html)
    for element in root.iter():
        style = element.get("style") or ""
        own_text = (element.text or "").strip()
        if "display:none" in style or not own_text:
            continue
        sizes = [int(size) for size in FONT_SIZE.findall(style)]
        assert all(size >= 14 for size in sizes), (element.tag, style)


def test_dark_mode_is_declared(german_article: Article, nl_settings: Settings) -> None:
    """The email declares light and dark colour schemes and restyles itself for dark mode."""
    html = compile_edition(german_article, nl_settings).html
    assert '<meta name="color-scheme" content="light dark"' in html
    assert "@media (prefers-color-scheme: dark)" in html


def test_text_part_carries_every_link_of_the_html_part(
    german_article: Article, nl_settings: Settings
) -> None:
    """The plain-text part is written from the article and contains each link of the HTML part.

    A ``tel:`` link wraps a phone number; the text part carries the number as written, which a
    reader dials, rather than the URI.
    """
    edition = compile_edition(german_article, nl_settings)
    links = _links(edition.html)
    missing = {href for href in links if not href.startswith("tel:") and href not in edition.text}
    assert not missing
    numbers = [
        a.text
        for a in lxml.html.document_fromstring(edition.html).iter("a")
        if a.get("href", "").startswith("tel:")
    ]
    assert all(number in edition.text for number in numbers)
    assert german_article.title in edition.text and "<" not in edition.text.split("\n")[0]


def test_listen_link_moves_to_the_top_for_audio_first(german_article: Article, nl_settings: Settings) -> None:
    """With a released audio version the listen link is in the email, first when the reader prefers audio."""
    audio = AudioLink("https://presse.example.de/a/audio.mp3", duration_seconds=252)
    normal = compile_edition(german_article, nl_settings, audio=audio)
    first = compile_edition(german_article, nl_settings, audio=audio, audio_first=True)
    label = "Diesen Artikel anhören (4:12)"
    for edition in (normal, first):
        assert label in edition.html and label in edition.text
    assert first.html.index(label) < first.html.index("<h1")
    assert normal.html.index(label) > normal.html.index("<h1")
    assert first.text.index(label) < first.text.index(german_article.title)


@pytest.mark.parametrize("locale", ["de", "en"])
def test_ui_language_can_differ_from_the_article(
    german_article: Article, nl_settings: Settings, locale: str
) -> None:
    """A subscriber's UI language changes the email's own strings, not the article's text."""
    edition = compile_edition(german_article, nl_settings, locale=locale)
    assert ("Unsubscribe" in edition.html) == (locale == "en")
    assert german_article.summary in edition.html


def test_strings_in_another_language_than_the_article_are_marked(
    german_article: Article, nl_settings: Settings
) -> None:
    """English UI strings around a German article carry lang="en" so screen readers switch voice."""
    root = lxml.html.document_fromstring(compile_edition(german_article, nl_settings, locale="en").html)
    marked = {element.text_content().strip() for element in root.iter() if element.get("lang") == "en"}
    assert "Read online" in marked and "Related articles" in marked
    assert not [element for element in root.iter() if element.get("lang") == "en" and element.tag == "h1"]


def test_abbreviations_are_expanded_once_in_the_email(german_article: Article, nl_settings: Settings) -> None:
    """The organisation's lexicon marks the first use of an abbreviation with <abbr title>, as on the web."""
    from publisher.model import Paragraph, Text
    from tests.conftest import EXAMPLES

    body = [Paragraph(children=[Text(text="Das MDV fördert. Das MDV prüft.")]), *german_article.body]
    article = german_article.model_copy(update={"body": body})
    settings = nl_settings.model_copy(update={"lexicon": EXAMPLES / "lexicon.yaml"})
    root = lxml.html.document_fromstring(compile_edition(article, settings).html)
    marked = [(abbr.text, abbr.get("title")) for abbr in root.iter("abbr")]
    assert marked == [("MDV", "Ministerium für Digitales und Verwaltung")]
