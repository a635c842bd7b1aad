"""ID3v2.4 tags with mutagen: title, issuing office, site, date, language, web page URL and chapters.

Chapters are CHAP frames listed in order by one CTOC frame. mutagen writes frames sorted by
size, and ffprobe (and players built on it) list chapters in file order, so after saving,
the CHAP frames are put back in the order of their start times (``_order_chapter_frames``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import langcodes
import mutagen.id3
import mutagen.mp3

__all__ = ["Chapter", "EpisodeTags", "missing_frames", "read_chapters", "write_tags"]

# mutagen's frame classes are untyped; this one Any boundary keeps the rest of the module strict.
_id3: Any = mutagen.id3
_mp3: Any = mutagen.mp3

_NO_OFFSET = 0xFFFFFFFF


@dataclass(frozen=True)
class Chapter:
    """A chapter: its title and where it starts and ends, in seconds."""

    title: str
    start: float
    end: float


@dataclass(frozen=True)
class EpisodeTags:
    """What the ID3 tags say about one spoken article."""

    title: str
    artist: str
    album: str
    date: datetime
    language: str
    url: str
    chapters: tuple[Chapter, ...] = ()
    # The lead, read by players as the episode's description (COMM).
    description: str = ""
    # "© 2026 Stadt Musterstadt" (TCOP).
    copyright: str = ""
    # Cover art (APIC, front cover) and its MIME type.
    cover: bytes = b""
    cover_mime: str = "image/png"


def _iso639_2(language: str) -> str:
    """The ISO 639-2 code ID3 uses for TLAN ("deu" for "de-DE")."""
    return str(langcodes.Language.get(language).to_alpha3())


def _reserved_padding(info: Any) -> int:
    """The padding left after the tag: all of a reserved space that the tag fits in."""
    padding = int(info.padding)
    return padding if padding >= 0 else int(info.get_default_padding())


def write_tags(path: Path, tags: EpisodeTags, chapter_label: str = "Chapters") -> None:
    """Replace the ID3 tags of the MP3 at ``path`` with ``tags`` (ID3v2.4)."""
    frames = _id3.ID3()
    frames.add(_id3.TIT2(encoding=3, text=[tags.title]))
    frames.add(_id3.TPE1(encoding=3, text=[tags.artist]))
    frames.add(_id3.TALB(encoding=3, text=[tags.album]))
    frames.add(_id3.TDRC(encoding=3, text=[tags.date.strftime("%Y-%m-%dT%H:%M:%S")]))
    frames.add(_id3.TLAN(encoding=3, text=[_iso639_2(tags.language)]))
    frames.add(_id3.WOAS(url=tags.url))
    language = _iso639_2(tags.language)
    if tags.description:
        frames.add(_id3.COMM(encoding=3, lang=language, desc="", text=[tags.description]))
    if tags.copyright:
        frames.add(_id3.TCOP(encoding=3, text=[tags.copyright]))
    if tags.cover:
        frames.add(_id3.APIC(encoding=3, mime=tags.cover_mime, type=3, desc=tags.album, data=tags.cover))
    ids = [f"chp{index}" for index in range(len(tags.chapters))]
    for element_id, chapter in zip(ids, tags.chapters, strict=True):
        frames.add(
            _id3.CHAP(
                element_id=element_id,
                start_time=round(chapter.start * 1000),
                end_time=round(chapter.end * 1000),
                start_offset=_NO_OFFSET,
                end_offset=_NO_OFFSET,
                sub_frames=[_id3.TIT2(encoding=3, text=[chapter.title])],
            )
        )
    if ids:
        frames.add(
            _id3.CTOC(
                element_id="toc",
                flags=_id3.CTOCFlags.TOP_LEVEL | _id3.CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[_id3.TIT2(encoding=3, text=[chapter_label])],
            )
        )
    # Space the encoder reserved for the tag is kept (the audio after it is not moved); else the
    # tag gets mutagen's usual padding.
    frames.save(path, v2_version=4, padding=_reserved_padding)
    _order_chapter_frames(path)


def _syncsafe(data: bytes | bytearray) -> int:
    return (data[0] << 21) | (data[1] << 14) | (data[2] << 7) | data[3]


def _order_chapter_frames(path: Path) -> None:
    """Rewrite the ID3v2.4 tag in place with its CHAP frames sorted by start time (same size)."""
    with path.open("r+b") as file:
        header = file.read(10)
        if header[:3] != b"ID3" or header[3] != 4 or header[5] & 0xC0:
            return
        body = bytearray(file.read(_syncsafe(header[6:10])))
        frames: list[tuple[bytes, bytes]] = []
        position = 0
        while position + 10 <= len(body) and body[position] != 0:
            size = _syncsafe(body[position + 4 : position + 8])
            frames.append(
                (bytes(body[position : position + 4]), bytes(body[position : position + 10 + size]))
            )
            position += 10 + size
        slots = [index for index, (frame_id, _) in enumerate(frames) if frame_id == b"CHAP"]
        chapters = sorted((frames[index][1] for index in slots), key=_chapter_start)
        for index, data in zip(slots, chapters, strict=True):
            frames[index] = (b"CHAP", data)
        rewritten = b"".join(data for _, data in frames)
        body[: len(rewritten)] = rewritten
        file.seek(10)
        file.write(body)


def _chapter_start(frame: bytes) -> int:
    """The start time (ms) of a raw CHAP frame: after the 10-byte header and the element id."""
    end_of_id = frame.index(b"\0", 10)
    return int.from_bytes(frame[end_of_id + 1 : end_of_id + 5], "big")


def missing_frames(path: Path, frame_ids: list[str]) -> list[str]:
    """Those of ``frame_ids`` the MP3's ID3 tag does not have."""
    tags = _mp3.MP3(path).tags
    return [frame_id for frame_id in frame_ids if tags is None or not tags.getall(frame_id)]


def read_chapters(path: Path) -> list[Chapter]:
    """The chapters of an MP3 in the order its table of contents gives."""
    try:
        frames = _id3.ID3(path)
    except _id3.ID3NoHeaderError:
        return []
    tables = frames.getall("CTOC")
    chapters = {frame.element_id: frame for frame in frames.getall("CHAP")}
    order = (
        list(tables[0].child_element_ids)
        if tables
        else sorted(chapters, key=lambda i: chapters[i].start_time)
    )
    result: list[Chapter] = []
    for element_id in order:
        frame = chapters.get(element_id)
        if frame is None:
            continue
        titles = [sub for sub in frame.sub_frames.values() if isinstance(sub, _id3.TIT2)]
        title = str(titles[0].text[0]) if titles else ""
        result.append(Chapter(title, frame.start_time / 1000, frame.end_time / 1000))
    return result
