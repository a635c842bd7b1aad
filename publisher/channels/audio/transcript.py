"""The transcripts and chapters of a spoken article: an HTML page, WebVTT cues and Podcasting 2.0 JSON.

Both transcripts show the words as written ("am 3. Mai", "0711 126-0"), not as the engine was
fed them; the page keeps the headings, lists and the speakers of quotes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from publisher.channels.audio.speech.script import SpeechScript
from publisher.channels.audio.tags import Chapter
from publisher.i18n import ui_locale
from publisher.rendering import template_environment
from publisher.settings import SiteSettings
from publisher.site_links import site_links

__all__ = [
    "CHAPTERS_VERSION",
    "TRANSCRIPT_PAGE",
    "chapters_json",
    "parse_vtt",
    "transcript_page",
    "vtt_timestamp",
    "webvtt",
]

TRANSCRIPT_PAGE = "transcript.html"

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
            # A cue's text is markup: "&" and "<" are escaped ("-->" may not occur at all).
            text.replace("-->", "->").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"),
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
                cue = " ".join(lines[index + 1 :])
                cues.append((start, end, cue.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")))
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


def transcript_page(script: SpeechScript, site: SiteSettings, url: str) -> str:
    """The HTML transcript of ``script``: its written sentences with headings, lists and speakers."""
    locale = ui_locale(script.language)
    return (
        template_environment("web", locale)
        .get_template("transcript.html.j2")
        .render(
            title=script.title,
            lang=script.language,
            parts=_parts(script),
            site=site,
            url=url,
            locale=locale,
            root="../",
            links=site_links(site, locale),
        )
    )


def _parts(script: SpeechScript) -> list[dict[str, object]]:
    """Segments as page parts: list items and a quote's paragraphs gathered, the title left to the heading."""
    parts: list[dict[str, object]] = []
    speaker: str | None = None
    for segment in script.segments:
        texts = list(segment.written)
        if segment.kind == "title":
            continue
        if segment.kind == "speaker":
            speaker = " ".join(texts)
            continue
        last = parts[-1] if parts else None
        if (
            last is not None
            and last["kind"] == segment.kind
            and segment.kind in ("list", "quote")
            and not (segment.kind == "quote" and speaker is not None)
        ):
            last["texts"] = [*last["texts"], *texts]  # type: ignore[misc]
            continue
        kind = segment.kind if segment.kind in ("heading", "list", "quote") else "paragraph"
        parts.append({"kind": kind, "texts": texts, "speaker": speaker if kind == "quote" else None})
        if kind == "quote":
            speaker = None
    return parts
