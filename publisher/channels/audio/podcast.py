"""The podcast feed (``podcast.xml``): RSS 2.0 with the iTunes and Podcasting 2.0 namespaces.

Each spoken article is an item with its MP3 as enclosure (length and type), its duration,
a stable guid, the web page as link, the HTML and WebVTT transcripts and the chapters JSON.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from lxml import etree

from publisher.audio_summary import mp3_duration
from publisher.channels.audio.cover import cover_name
from publisher.i18n import translations, ui_locale
from publisher.published import PublishedArticle, SiteContext
from publisher.urls import article_url

__all__ = [
    "FEED_NAME",
    "ITUNES",
    "PODCAST",
    "build_feed",
    "feed_problems",
    "itunes_duration",
    "podcast_guid",
]

FEED_NAME = "podcast.xml"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
# The namespace the Podcasting 2.0 specification fixes for a feed's podcast:guid (UUIDv5 of its URL).
_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")


def podcast_guid(feed_url: str) -> str:
    """The feed's ``podcast:guid``: a UUIDv5 of its URL without scheme and trailing slash."""
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(_GUID_NAMESPACE, bare))


def itunes_duration(seconds: float) -> str:
    """A duration as ``HH:MM:SS``."""
    total = round(seconds)
    return f"{total // 3600:02d}:{total % 3600 // 60:02d}:{total % 60:02d}"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _item(channel: etree._Element, entry: PublishedArticle, base_url: str) -> None:
    article = entry.article
    # The web page is the episode's link; transcript.html its written text.
    page = article_url(base_url, article.slug)
    mp3 = entry.folder / "audio.mp3"
    item = _sub(channel, "item")
    _sub(item, "title", article.title)
    _sub(item, "link", page)
    _sub(item, "description", article.summary)
    _sub(item, "guid", f"{page}audio.mp3", isPermaLink="false")
    _sub(item, "pubDate", format_datetime(article.date))
    _sub(item, "enclosure", url=f"{page}audio.mp3", length=str(mp3.stat().st_size), type="audio/mpeg")
    _sub(item, f"{{{ITUNES}}}duration", itunes_duration(mp3_duration(mp3)))
    _sub(item, f"{{{ITUNES}}}author", article.author)
    _sub(item, f"{{{ITUNES}}}episodeType", "full")
    _sub(item, f"{{{PODCAST}}}transcript", url=f"{page}audio.vtt", type="text/vtt", language=article.lang)
    _sub(
        item,
        f"{{{PODCAST}}}transcript",
        url=f"{page}transcript.html",
        type="text/html",
        language=article.lang,
    )
    _sub(item, f"{{{PODCAST}}}chapters", url=f"{page}chapters.json", type="application/json+chapters")


def build_feed(site: SiteContext, now: datetime | None = None) -> bytes:
    """The podcast feed of every article whose audio is released, newest first."""
    settings = site.settings.site
    base_url = settings.base_url
    feed_url = f"{base_url}{FEED_NAME}"
    gettext = translations(ui_locale(settings.lang), "audio").gettext
    rss = etree.Element("rss", version="2.0", nsmap={"itunes": ITUNES, "podcast": PODCAST, "atom": ATOM})
    channel = _sub(rss, "channel")
    _sub(channel, "title", settings.title)
    _sub(channel, "link", base_url)
    description = gettext(
        "The press releases of {owner}, read aloud, with chapters and a written transcript."
    ).format(owner=settings.owner)
    _sub(channel, "description", description)
    _sub(channel, "language", settings.lang)
    cover_url = f"{base_url}{cover_name(site.settings)}"
    image = _sub(channel, "image")
    _sub(image, "url", cover_url)
    _sub(image, "title", settings.title)
    _sub(image, "link", base_url)
    _sub(channel, f"{{{ITUNES}}}image", href=cover_url)
    _sub(channel, f"{{{ITUNES}}}summary", description)
    _sub(channel, "lastBuildDate", format_datetime(now or datetime.now(UTC)))
    _sub(channel, f"{{{ATOM}}}link", href=feed_url, rel="self", type="application/rss+xml")
    _sub(channel, f"{{{ITUNES}}}author", settings.owner)
    owner = _sub(channel, f"{{{ITUNES}}}owner")
    _sub(owner, f"{{{ITUNES}}}name", settings.owner)
    _sub(owner, f"{{{ITUNES}}}email", settings.contact_email)
    _sub(channel, f"{{{ITUNES}}}explicit", "false")
    _sub(channel, f"{{{ITUNES}}}type", "episodic")
    # The category's name is its "text" attribute, not its content (Apple's requirement).
    _sub(channel, f"{{{ITUNES}}}category").set("text", "Government")
    _sub(channel, f"{{{PODCAST}}}guid", podcast_guid(feed_url))
    entries = [entry for entry in site.with_channel("audio") if (entry.folder / "audio.mp3").is_file()]
    for entry in sorted(entries, key=lambda entry: entry.article.date, reverse=True):
        _item(channel, entry, base_url)
    return bytes(etree.tostring(rss, xml_declaration=True, encoding="utf-8", pretty_print=True))


def feed_problems(feed: bytes, page: str, mp3: Path) -> list[str]:
    """What is wrong with the feed's item for the article at ``page`` (empty when it is complete).

    The feed is parsed back: the item must carry the web page as link, the MP3 as enclosure with
    its exact length and type, a duration, a guid, the WebVTT transcript and the chapters.
    """
    try:
        root = etree.fromstring(feed)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    items = [item for item in root.iterfind("channel/item") if item.findtext("link") == page]
    if len(items) != 1:
        return [f"{len(items)} items link to {page}"]
    item = items[0]
    problems = []
    enclosure = item.find("enclosure")
    expected = {"url": f"{page}audio.mp3", "length": str(mp3.stat().st_size), "type": "audio/mpeg"}
    if enclosure is None or {key: enclosure.get(key) for key in expected} != expected:
        problems.append("enclosure")
    for tag in ("guid", f"{{{ITUNES}}}duration"):
        if not item.findtext(tag):
            problems.append(tag.split("}")[-1])
    if item.find(f"{{{PODCAST}}}transcript[@type='text/vtt']") is None:
        problems.append("podcast:transcript")
    if item.find(f"{{{PODCAST}}}chapters") is None:
        problems.append("podcast:chapters")
    return problems
