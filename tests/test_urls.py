"""The URL check itself: browsers' reading of a URL, and the last check before output."""

from __future__ import annotations

import doctest

import pytest

import publisher.urls
from publisher.model import Link, RelatedArticle, Text
from publisher.rendering import href, render_inlines
from publisher.urls import UnsafeUrl, check_url
from tests.hostile import hostile_urls

HOSTILE = hostile_urls()
IDS = list(HOSTILE)
VALUES = list(HOSTILE.values())


def test_module_examples_hold() -> None:
    assert doctest.testmod(publisher.urls).failed == 0


@pytest.mark.parametrize("url", VALUES, ids=IDS)
def test_check_url_refuses_every_hostile_spelling(url: str) -> None:
    with pytest.raises(UnsafeUrl):
        check_url(url)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("  https://presse.example.de/a\tb\n", "https://presse.example.de/ab"),
        ("HTTPS://Presse.Example.de/", "HTTPS://Presse.Example.de/"),
        ("mailto:presse@example.de?subject=Frage", "mailto:presse@example.de?subject=Frage"),
        ("tel:+49-30-1234", "tel:+49-30-1234"),
        ("../andere-meldung/", "../andere-meldung/"),
        ("#abschnitt", "#abschnitt"),
        (
            "https://presse.example.de/?q=javascript:alert(1)",
            "https://presse.example.de/?q=javascript:alert(1)",
        ),
    ],
)
def test_safe_urls_are_stored_as_a_browser_reads_them(given: str, stored: str) -> None:
    assert check_url(given) == stored
    assert RelatedArticle(title="Weitere Meldung", url=given).url == stored


@pytest.mark.parametrize("url", VALUES, ids=IDS)
def test_output_refuses_an_unsafe_url_that_got_past_the_model(url: str) -> None:
    """A record written by an older version (no validation) still cannot make a channel emit it."""
    link = Link.model_construct(href=url, children=[Text(text="mehr")])
    with pytest.raises(UnsafeUrl):
        render_inlines([link])
    with pytest.raises(UnsafeUrl):
        href(url)
