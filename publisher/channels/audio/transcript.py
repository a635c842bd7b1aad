"""The transcript (WebVTT, one cue per chunk) and the chapters (Podcasting 2.0 JSON) of a spoken article."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from publisher.channels.audio.tags import Chapter

__all__ = ["CHAPTERS_VERSION", "chapters_json", "parse_vtt", "vtt_timestamp", "webvtt"]

CHAPTERS_VERSION = "1.2.0"
_CUE_TIMES = re.compile(r"^(\d{2,}):(\d{2}):(\d{2})\.(\d{3}) --> (\d{2,}):(\d{2}):(\d{2})\.(\d{3})")


def vtt_timestamp(seconds: float) -> str:
    """``seconds`` as a WebVTT timestamp, e.g. ``00:01:02.345``."""
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def webvtt(cues: Sequence[tuple[float, float, str]], language: str) -> str:
    """A WebVTT file with one cue per ``(start, end, text)``."""
    lines = ["WEBVTT", f"Language: {language}", ""]
    for number, (start, end, text) in enumerate(cues, start=1):
        # "-->" may not occur in a cue's text.
        lines += [
            str(number),
            f"{vtt_timestamp(start)} --> {vtt_timestamp(end)}",
            text.replace("-->", "->"),
            "",
        ]
    return "\n".join(lines)


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    """The cues of a WebVTT file as ``(start, end, text)``; [] when it is not WebVTT."""
    if not text.startswith("WEBVTT"):
        return []
    cues: list[tuple[float, float, str]] = []
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        for index, line in enumerate(lines):
            match = _CUE_TIMES.match(line)
            if match:
                parts = [int(part) for part in match.groups()]
                start = parts[0] * 3600 + parts[1] * 60 + parts[2] + parts[3] / 1000
                end = parts[4] * 3600 + parts[5] * 60 + parts[6] + parts[7] / 1000
                cues.append((start, end, " ".join(lines[index + 1 :])))
                break
    return cues


def chapters_json(chapters: Sequence[Chapter]) -> str:
    """Podcasting 2.0 chapters (``application/json+chapters``)."""
    document = {
        "version": CHAPTERS_VERSION,
        "chapters": [
            {"startTime": round(chapter.start, 3), "endTime": round(chapter.end, 3), "title": chapter.title}
            for chapter in chapters
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
