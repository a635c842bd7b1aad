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

    # The sitemap is an index of parts: the articles' addresses, and the site's own pages.
    parts = _locations(out / "sitemap.xml")
    assert parts == [
        "https://presse.example.de/sitemaps/articles-1.xml",
        "https://presse.example.de/sitemaps/pages.xml",
    ]
    assert _locations(out / "sitemaps" / "articles-1.xml") == [
        "https://presse.example.de/aeltere-meldung/",
        "https://presse.example.de/english-news/",
        "https://presse.example.de/neuere-meldung/",
    ]
    pages = _locations(out / "sitemaps" / "pages.xml")
    assert "https://presse.example.de/erklaerung-zur-barrierefreiheit/" in pages
    assert "https://presse.example.de/topics/verkehr/" in pages
    assert "https://presse.example.de/archive/2026/02/" in pages


def _locations(path: Path) -> list[str]:
    tree = etree.fromstring(path.read_bytes())
    found: list[str] = tree.xpath(
        "//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    )
    return found


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


def test_tags_on_the_article_page_lead_to_topic_pages_that_list_the_article(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish([write_article(tags=["Öffentlicher Nahverkehr"], kicker="Verkehr")], out, settings)

    article = page(out / "neue-ladesaeulen-fuer-musterstadt" / "index.html")
    (tag_link,) = article.xpath("//footer[@class='tags']//a")
    assert tag_link.text == "Öffentlicher Nahverkehr"
    assert tag_link.get("href") == "../topics/oeffentlicher-nahverkehr/"
    topic = page(out / "topics" / "oeffentlicher-nahverkehr" / "index.html")
    assert topic.xpath("//h1")[0].text == "Thema: Öffentlicher Nahverkehr"
    assert topic.xpath("//main//h2/a/@href") == ["../../neue-ladesaeulen-fuer-musterstadt/"]
    assert "../../topics/oeffentlicher-nahverkehr/feed.xml" in topic.xpath(
        "//link[@rel='alternate'][@type='application/atom+xml']/@href"
    )
    feed = feedparser.parse((out / "topics" / "oeffentlicher-nahverkehr" / "feed.xml").read_bytes())
    assert [entry.title for entry in feed.entries] == ["Neue Ladesäulen für Musterstadt"]
    # The kicker is a topic too; the overview lists both with their counts.
    overview = page(out / "topics" / "index.html")
    assert [link.text for link in overview.xpath("//main//li/a")] == [
        "Öffentlicher Nahverkehr (1 Pressemitteilung)",
        "Verkehr (1 Pressemitteilung)",
    ]


def test_month_and_year_archives_list_what_was_published_then(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    out = tmp_path / "public"
    publish(
        [
            write_article(name="a.md", title="Im Januar", date="2026-01-31T23:30:00+00:00"),
            write_article(name="b.md", title="Im Februar", date="2026-02-10T08:00:00+01:00"),
        ],
        out,
        settings,
    )
    # 23:30 UTC on 31 January is already 1 February in Berlin, the site's time zone.
    february = page(out / "archive" / "2026" / "02" / "index.html")
    assert february.xpath("//h1")[0].text == "Pressemitteilungen im Februar 2026"
    assert [link.text for link in february.xpath("//main//h2/a")] == ["Im Februar", "Im Januar"]
    assert not (out / "archive" / "2026" / "01").exists()
    year = page(out / "archive" / "2026" / "index.html")
    assert [link.text for link in year.xpath("//main//li/a")] == ["Februar 2026"]
    assert "(2 Pressemitteilungen)" in year.xpath("//main//li")[0].text_content()
    assert (out / "archive" / "2026" / "02" / "feed.xml").is_file()


def test_every_page_links_the_newsletter_sign_up_and_announces_both_feeds(
    write_article: Callable[..., Path], settings: Settings, tmp_path: Path
) -> None:
    settings = settings.model_copy(
        update={"site": settings.site.model_copy(update={"newsletter_signup_url": "https://abo.example.de/"})}
    )
    out = tmp_path / "public"
    publish([write_article()], out, settings)
    for path in [
        out / "index.html",
        out / "neue-ladesaeulen-fuer-musterstadt" / "index.html",
        out / "topics" / "verkehr" / "index.html",
        out / "archive" / "index.html",
        out / "erklaerung-zur-barrierefreiheit" / "index.html",
    ]:
        document = page(path)
        assert document.xpath("//header//a[@href='https://abo.example.de/']/text()") == [
            "Newsletter abonnieren"
        ]
        feeds = document.xpath("//head/link[@rel='alternate']/@type")
        assert {"application/atom+xml", "application/rss+xml"} <= set(feeds), path


def test_the_sign_up_link_defaults_to_the_subscription_site() -> None:
    settings = Settings(newsletter={"subscriptions_url": "https://abo.example.de/presse"})
    assert settings.site.newsletter_signup_url == "https://abo.example.de/presse/"
