"""The canonical article model validates what every channel relies on."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from publisher.model import Article, Image, make_slug

MINIMAL = {
    "title": "Größere Straßen für Ölhändler",
    "date": "2026-03-02T09:30:00+01:00",
    "summary": "Kurz.",
    "lang": "de",
    "author": "Pressestelle",
    "body": [{"type": "paragraph", "children": [{"type": "text", "text": "Text."}]}],
}


def test_slug_is_derived_from_the_title_with_german_transliteration() -> None:
    assert Article.model_validate(MINIMAL).slug == "groessere-strassen-fuer-oelhaendler"
    assert (
        make_slug("Über 1,3 Mio. € für Äcker & Weiße Flächen")
        == "ueber-1-3-mio-eur-fuer-aecker-weisse-flaechen"
    )


@pytest.mark.parametrize("slug", ["../etc/passwd", "a/b", "..", "UPPER", "with space", "-lead", "ä"])
def test_a_given_slug_cannot_reach_outside_the_output(slug: str) -> None:
    with pytest.raises(ValidationError):
        Article.model_validate({**MINIMAL, "slug": slug})


def test_language_must_be_a_valid_bcp47_tag_and_is_normalised() -> None:
    assert Article.model_validate({**MINIMAL, "lang": "de-de"}).lang == "de-DE"
    with pytest.raises(ValidationError, match="BCP 47"):
        Article.model_validate({**MINIMAL, "lang": "deutsch-123456789"})


def test_publication_date_needs_a_zone() -> None:
    with pytest.raises(ValidationError):
        Article.model_validate({**MINIMAL, "date": "2026-03-02T09:30:00"})


def test_image_without_alt_must_be_declared_decorative() -> None:
    with pytest.raises(ValidationError, match="alt text"):
        Image(src="a.png")
    assert Image(src="a.png", decorative=True).alt == ""
    with pytest.raises(ValidationError, match="decorative"):
        Image(src="a.png", alt="Ein Rathaus", decorative=True)


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example"])
def test_unsafe_link_targets_are_rejected(url: str) -> None:
    with pytest.raises(ValidationError):
        Article.model_validate({**MINIMAL, "related": [{"title": "X", "url": url}]})


def test_empty_body_is_rejected() -> None:
    with pytest.raises(ValidationError):
        Article.model_validate({**MINIMAL, "body": []})
