"""The note for a reader whose language the article is not in, and has no translation into."""

from __future__ import annotations

import lxml.html

from publisher.channels.newsletter.compose import compile_edition
from publisher.model import Article, ArticleVersion
from publisher.settings import Settings

NOTE = "This article is not available in your language; here it is in its original language."


def _marked_english(html: str) -> set[str]:
    root = lxml.html.document_fromstring(html)
    marked = [element for element in root.iter() if element.get("lang") == "en"]
    return {" ".join(element.text_content().split()) for element in marked}


def test_an_english_reader_of_a_german_article_is_told_in_english(
    german_article: Article, nl_settings: Settings
) -> None:
    edition = compile_edition(german_article, nl_settings, locale="en")
    assert NOTE in _marked_english(edition.html)  # marked, so a screen reader switches its voice
    assert NOTE in " ".join(edition.text.split())
    french = german_article.model_copy(update={"lang": "fr"})
    german_note = " ".join(compile_edition(french, nl_settings, locale="de").text.split())
    assert "nicht in Ihrer Sprache" in german_note


def test_no_note_in_the_articles_own_language_or_when_a_translation_is_named(
    german_article: Article, nl_settings: Settings
) -> None:
    assert NOTE not in compile_edition(german_article, nl_settings, locale="de").html
    english = ArticleVersion(kind="translation", lang="en-GB", title="Chargers", slug="chargers")
    translated = german_article.model_copy(update={"versions": [english]})
    edition = compile_edition(translated, nl_settings, locale="en")
    assert NOTE not in edition.html and NOTE not in edition.text
