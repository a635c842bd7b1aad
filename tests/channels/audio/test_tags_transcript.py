"""ID3v2.4 tags with chapters in order (as ffprobe reads them), WebVTT cues and Podcasting 2.0 chapters."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np

from publisher.channels.audio.signal.encode import encode_mp3
from publisher.channels.audio.tags import Chapter, EpisodeTags, read_chapters, write_tags
from publisher.channels.audio.transcript import chapters_json, parse_vtt, vtt_timestamp, webvtt
from tests.channels.audio.conftest import ffprobe

# Titles of very different lengths: mutagen orders frames by size, ffprobe reads them in file order.
CHAPTERS = (
    Chapter("Land fördert Glasfaserausbau in sechs Regionen mit 62 Millionen Euro", 0.0, 2.0),
    Chapter("Kurz", 2.0, 4.0),
    Chapter("Was gefördert wird", 4.0, 7.5),
    Chapter("Zeitplan", 7.5, 10.0),
)


def test_tags_and_chapters_read_back_in_order_with_ffprobe(tmp_path: Path) -> None:
    """Title, artist, album, date, language and the chapters in article order, as players see them."""
    path = tmp_path / "audio.mp3"
    encode_mp3(np.zeros(22_050 * 10, dtype=np.float32), 22_050, path)
    when = datetime(2026, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
    write_tags(
        path,
        EpisodeTags(
            "Titel", "Pressestelle", "Presse", when, "de-DE", "https://presse.example.de/a/", CHAPTERS
        ),
    )
    probe = ffprobe(path)
    assert probe["format"]["tags"] == {
        "title": "Titel",
        "artist": "Pressestelle",
        "album": "Presse",
        "date": "2026-11-20T10:00:00",
        "language": "deu",
    }
    assert [(float(c["start_time"]), c["tags"]["title"]) for c in probe["chapters"]] == [
        (chapter.start, chapter.title) for chapter in CHAPTERS
    ]
    assert read_chapters(path) == list(CHAPTERS)
    stream = probe["streams"][0]
    assert (stream["codec_name"], stream["sample_rate"], stream["channels"]) == ("mp3", "22050", 1)


def test_webvtt_cues_round_trip() -> None:
    """Cue times are written as WebVTT timestamps and read back; "-->" cannot break a cue."""
    cues = [(0.0, 1.5, "Guten Tag."), (1.5, 3723.25, "A --> B")]
    text = webvtt(cues, "de")
    assert text.startswith("WEBVTT\n")
    assert vtt_timestamp(3723.25) == "01:02:03.250"
    assert parse_vtt(text) == [(0.0, 1.5, "Guten Tag."), (1.5, 3723.25, "A -> B")]


def test_chapters_json_follows_podcasting_2_0() -> None:
    """Version, then chapters with startTime and title."""
    document = json.loads(chapters_json(CHAPTERS))
    assert document["version"] == "1.2.0"
    assert [(c["startTime"], c["title"]) for c in document["chapters"]] == [
        (c.start, c.title) for c in CHAPTERS
    ]
