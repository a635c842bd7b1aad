"""What podcast directories (Apple Podcasts, Spotify) require of a feed, checked on ``podcast.xml``.

Written from their published requirements: an RSS 2.0 document in UTF-8 with the iTunes
namespace; a channel with title, a description of at most 4000 characters, language, link,
artwork (``itunes:image``: a JPEG or PNG, square, 1400 to 3000 px, RGB), one of Apple's
categories in ``itunes:category``'s ``text`` attribute, ``itunes:explicit`` true or false,
``itunes:author`` and ``itunes:owner`` with an e-mail (Spotify sends its ownership code there);
items with title, an absolute ``enclosure`` with length and audio type, a guid, an RFC 2822
``pubDate`` and a duration; a ``podcast:transcript`` of a type the Podcasting 2.0 namespace lists.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.utils import parsedate_to_datetime

from lxml import etree

from publisher.channels.audio.cover import artwork_problems

__all__ = ["APPLE_CATEGORIES", "directory_problems"]

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
# Apple's top-level categories.
APPLE_CATEGORIES = frozenset(
    [
        "Arts",
        "Business",
        "Comedy",
        "Education",
        "Fiction",
        "Government",
        "History",
        "Health & Fitness",
        "Kids & Family",
        "Leisure",
        "Music",
        "News",
        "Religion & Spirituality",
        "Science",
        "Society & Culture",
        "Sports",
        "Technology",
        "True Crime",
        "TV & Film",
    ]
)
_AUDIO_TYPES = frozenset(["audio/mpeg", "audio/x-m4a", "audio/mp4", "audio/aac"])
_TRANSCRIPT_TYPES = frozenset(
    ["text/html", "text/vtt", "text/plain", "application/json", "application/x-subrip", "application/srt"]
)
_MAX_DESCRIPTION = 4000
_UTF8_DECLARATION = re.compile(rb"<\?xml[^>]*encoding=[\"']utf-8[\"']", re.IGNORECASE)
_DURATION = re.compile(r"^(?:\d+:)?\d{1,2}:\d{2}$|^\d+$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SENTENCE = re.compile(r"^[A-ZÄÖÜ].*\S.*[.!?]$", re.DOTALL)


def directory_problems(feed: bytes, site_files: Mapping[str, bytes], base_url: str) -> list[str]:
    """Each requirement ``feed`` breaks, in words (empty when directories would accept it).

    ``site_files`` holds the files the site serves beside the feed (the cover art), by name.
    """
    if not _UTF8_DECLARATION.match(feed.lstrip()):
        return ["the feed does not declare UTF-8"]
    try:
        root = etree.fromstring(feed)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    if root.tag != "rss" or root.get("version") != "2.0":
        return ['the root is not <rss version="2.0">']
    channel = root.find("channel")
    if channel is None:
        return ["no <channel>"]
    problems = _channel_problems(channel)
    problems += _artwork_problems(channel, site_files, base_url)
    items = channel.findall("item")
    if not items:
        problems.append("no episode (<item>)")
    for item in items:
        problems += [
            f"episode {item.findtext('title') or '?'}: {problem}" for problem in _item_problems(item)
        ]
    return problems


def _channel_problems(channel: etree._Element) -> list[str]:
    problems = [
        f"channel lacks <{tag}>" for tag in ("title", "link", "language") if not channel.findtext(tag)
    ]
    description = (channel.findtext("description") or "").strip()
    if not _SENTENCE.match(description):
        problems.append("the channel description does not read as a sentence")
    if len(description) > _MAX_DESCRIPTION:
        problems.append(f"the channel description is longer than {_MAX_DESCRIPTION} characters")
    categories = [element.get("text") for element in channel.findall(f"{{{ITUNES}}}category")]
    if not categories or any(category not in APPLE_CATEGORIES for category in categories):
        problems.append("itunes:category needs a text attribute naming one of Apple's categories")
    if channel.findtext(f"{{{ITUNES}}}explicit") not in ("true", "false"):
        problems.append("itunes:explicit must be true or false")
    if not channel.findtext(f"{{{ITUNES}}}author"):
        problems.append("channel lacks itunes:author")
    if not _EMAIL.match(channel.findtext(f"{{{ITUNES}}}owner/{{{ITUNES}}}email") or ""):
        problems.append("itunes:owner needs itunes:email")
    return problems


def _artwork_problems(channel: etree._Element, site_files: Mapping[str, bytes], base_url: str) -> list[str]:
    image = channel.find(f"{{{ITUNES}}}image")
    href = image.get("href", "") if image is not None else ""
    if not href.lower().endswith((".jpg", ".jpeg", ".png")):
        return ["itunes:image needs an href ending in .jpg or .png"]
    name = href.removeprefix(base_url)
    if name not in site_files:
        return [f"the artwork {href} is not among the site's files"]
    return [f"artwork: {problem}" for problem in artwork_problems(site_files[name])]


def _item_problems(item: etree._Element) -> list[str]:
    problems = [f"lacks <{tag}>" for tag in ("title", "guid") if not item.findtext(tag)]
    enclosure = item.find("enclosure")
    if enclosure is None:
        problems.append("lacks <enclosure>")
    else:
        if not enclosure.get("url", "").startswith(("https://", "http://")):
            problems.append("the enclosure URL is not absolute")
        if not enclosure.get("length", "").isdigit() or int(enclosure.get("length", "0")) <= 0:
            problems.append("the enclosure has no length in bytes")
        if enclosure.get("type") not in _AUDIO_TYPES:
            problems.append("the enclosure type is not an audio type")
    try:
        parsedate_to_datetime(item.findtext("pubDate") or "")
    except (TypeError, ValueError):
        problems.append("pubDate is not an RFC 2822 date")
    if not _DURATION.match(item.findtext(f"{{{ITUNES}}}duration") or ""):
        problems.append("itunes:duration is missing or not HH:MM:SS")
    transcripts = item.findall(f"{{{PODCAST}}}transcript")
    if not transcripts or any(element.get("type") not in _TRANSCRIPT_TYPES for element in transcripts):
        problems.append("podcast:transcript is missing or of an unknown type")
    return problems
