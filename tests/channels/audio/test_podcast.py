"""The podcast feed lists every released spoken article with enclosure, duration, transcript and chapters."""

from __future__ import annotations

from pathlib import Path

import feedparser
from lxml import etree

from publisher.audio_summary import mp3_duration
from publisher.channels.audio import AudioChannel
from publisher.channels.audio.podcast import ITUNES, PODCAST, feed_problems, podcast_guid
from publisher.channels.base import RenderJob
from publisher.model import Article
from publisher.published import PublishedArticle, SiteContext


def _site(rendered: tuple[Article, RenderJob], tmp_path: Path) -> SiteContext:
    article, job = rendered
    web_only = article.model_copy(update={"slug": "nur-web", "title": "Nur im Web"})
    return SiteContext(
        settings=job.settings,
        out_dir=tmp_path,
        articles=(
            PublishedArticle(article, job.workdir, frozenset({"web", "audio"})),
            PublishedArticle(web_only, tmp_path, frozenset({"web"})),
        ),
    )


def test_the_feed_parses_back_with_its_enclosure(rendered: tuple[Article, RenderJob], tmp_path: Path) -> None:
    """feedparser reads one episode: MP3 URL, byte length, type, duration, guid and the web page link."""
    _, job = rendered
    files = AudioChannel().rebuild_site(_site(rendered, tmp_path))
    assert list(files) == ["podcast.xml", "podcast-cover.png"]
    feed = feedparser.parse(files["podcast.xml"])
    assert not feed.bozo
    assert feed.feed.title == "Presse Musterstadt"
    assert feed.feed.language == "de"
    [entry] = feed.entries
    page = "https://presse.example.de/stadt-baut-neue-radwege/"
    assert entry.link == page
    assert entry.id == page + "audio.mp3"
    [enclosure] = entry.enclosures
    assert enclosure.href == page + "audio.mp3"
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == (job.workdir / "audio.mp3").stat().st_size
    hours, minutes, seconds = (int(part) for part in entry.itunes_duration.split(":"))
    assert hours * 3600 + minutes * 60 + seconds == round(mp3_duration(job.workdir / "audio.mp3"))


def test_the_feed_links_transcripts_and_chapters(rendered: tuple[Article, RenderJob], tmp_path: Path) -> None:
    """Podcasting 2.0: the WebVTT and HTML transcripts, the chapters JSON, a guid."""
    root = etree.fromstring(AudioChannel().rebuild_site(_site(rendered, tmp_path))["podcast.xml"])
    page = "https://presse.example.de/stadt-baut-neue-radwege/"
    transcripts = {(t.get("url"), t.get("type")) for t in root.iter(f"{{{PODCAST}}}transcript")}
    assert transcripts == {(page + "audio.vtt", "text/vtt"), (page + "transcript.html", "text/html")}
    [chapters] = root.iter(f"{{{PODCAST}}}chapters")
    assert (chapters.get("url"), chapters.get("type")) == (
        page + "chapters.json",
        "application/json+chapters",
    )
    assert root.findtext(f"channel/{{{PODCAST}}}guid") == podcast_guid(
        "https://presse.example.de/podcast.xml"
    )
    assert root.findtext(f"channel/{{{ITUNES}}}author") == "Stadt Musterstadt"


def test_the_podcast_guid_is_the_specified_uuid5_of_the_feed_url() -> None:
    """The Podcasting 2.0 example: the scheme is dropped before hashing."""
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == "917393e3-1b1e-5cef-ace4-edaa54e1f810"


def test_an_incomplete_feed_entry_is_found(rendered: tuple[Article, RenderJob], tmp_path: Path) -> None:
    """Parsing the feed back finds an enclosure whose length is not the file's, and missing elements."""
    _, job = rendered
    feed = AudioChannel().rebuild_site(_site(rendered, tmp_path))["podcast.xml"]
    page = "https://presse.example.de/stadt-baut-neue-radwege/"
    mp3 = job.workdir / "audio.mp3"
    assert feed_problems(feed, page, mp3) == []
    root = etree.fromstring(feed)
    item = root.find("channel/item")
    assert item is not None
    item.find("enclosure").set("length", "12")  # type: ignore[union-attr]
    for element in item.findall(f"{{{PODCAST}}}chapters"):
        item.remove(element)
    assert feed_problems(etree.tostring(root), page, mp3) == ["enclosure", "podcast:chapters"]
    assert feed_problems(b"<rss><channel>", page, mp3)[0].startswith("not well-formed XML")
