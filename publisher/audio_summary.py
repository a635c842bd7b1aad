"""What a player, a listen link or a feed entry shows of an article's MP3: its duration and size.

The audio channel writes ``audio.mp3``; the web page and the newsletter only read it, through
this module (in the same release's work folder, or in the public folder), so that no channel
imports another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.typography import format_megabytes

__all__ = ["AUDIO_FILE", "AudioSummary", "audio_summary", "mp3_duration", "mp3_rate"]

AUDIO_FILE = "audio.mp3"


@dataclass(frozen=True)
class AudioSummary:
    """Duration (seconds) and size (bytes) of a rendered or released MP3."""

    duration: float
    size: int

    def minutes(self) -> str:
        """The duration as ``M:SS``."""
        total = round(self.duration)
        return f"{total // 60}:{total % 60:02d}"

    def megabytes(self, language: str = "en") -> str:
        """The size in megabytes with one decimal, as ``language`` writes numbers ("3,0" in German)."""
        return format_megabytes(self.size, language)


def audio_summary(folder: Path) -> AudioSummary | None:
    """Duration and size of ``folder/audio.mp3`` (a work folder or ``DIR/<slug>/``), None if unusable."""
    path = folder / AUDIO_FILE
    if not path.is_file():
        return None
    import mutagen  # loaded only where there is an MP3 to read: a page without audio pays nothing

    try:
        return AudioSummary(mp3_duration(path), path.stat().st_size)
    except (mutagen.MutagenError, OSError):  # an unreadable file is no audio version to offer
        return None


def mp3_duration(path: Path) -> float:
    """The playing time of an MP3 in seconds; raises ``mutagen.MutagenError`` when it is not one."""
    return float(_mp3_module().MP3(path).info.length)


def mp3_rate(path: Path) -> int:
    """The sample rate of an MP3 in Hz; raises ``mutagen.MutagenError`` when it is not one."""
    return int(_mp3_module().MP3(path).info.sample_rate)


def _mp3_module() -> Any:
    """mutagen's MP3 module (untyped), loaded only where an MP3 is read."""
    import mutagen.mp3

    return mutagen.mp3
