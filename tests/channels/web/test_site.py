"""The site around the articles: index, Atom feed and sitemap grow with each release."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import feedparser
from lxml import etree

from publisher.settings import Settings
from tests.helpers import page, publish


def test_publishing_more_articles_adds_them_newest_first(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    older = write_article(name="alt.md", title="Ältere Meldung", date="2026-01-10T08:00:00+01:00")
    publish([older], out, settings)
    newer = write_article(name="neu.md", title="Neuere Meldung", date="2026-02-10T08:00:00+01:00")
    english = write_article(
        "## What it is about\n\nThe city builds forty new charging points for electric cars in the centre.\n",
        name="en.md",
        title="English news",
        lang="en",
        summary="The city builds forty new charging points.",
        date="2026-01-20T08:00:00+01:00",
    )
    publish([newer, english], out, settings)

    index = page(out / "index.html")
    assert index.get("lang") == "de"
    titles = [link.text for link in index.xpath("//main//h2/a")]
    assert titles == ["Neuere Meldung", "English news", "Ältere Meldung"]
    assert index.xpath("//article[@lang='en']//h2/a")[0].text == "English news"

    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == titles
    assert feed.entries[0].link == "https://presse.example.de/neuere-meldung/"
    assert feed.entries[0].summary.startswith("Die Stadtwerke")

    sitemap = etree.fromstring((out / "sitemap.xml").read_bytes())
    locations = sitemap.xpath(
        "//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    )
    assert "https://presse.example.de/aeltere-meldung/" in locations
    assert "https://presse.example.de/erklaerung-zur-barrierefreiheit/" in locations
    assert len(locations) == 5


def test_republishing_an_article_replaces_it_rather_than_duplicating(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish([write_article(summary="Erste Fassung.")], out, settings)
    publish([write_article(summary="Korrigierte Fassung.")], out, settings)
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert [entry.summary for entry in feed.entries] == ["Korrigierte Fassung."]


def test_own_statement_url_replaces_the_shipped_page(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    settings = settings.model_copy(
        update={
            "site": settings.site.model_copy(
                update={"accessibility_statement_url": "https://www.example.de/bf/"}
            )
        }
    )
    out = tmp_path / "public"
    publish([write_article()], out, settings)
    assert not (out / "erklaerung-zur-barrierefreiheit").exists()
    assert "https://www.example.de/bf/" in page(out / "index.html").xpath("//footer//a/@href")
