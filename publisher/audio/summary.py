"""What a player or a newsletter link shows about an article's MP3: its duration and size."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import mutagen

from publisher.audio.tags import mp3_duration

__all__ = ["AUDIO_FILE", "AudioSummary", "audio_summary"]

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

    def megabytes(self) -> str:
        """The size in megabytes with one decimal."""
        return f"{self.size / 1e6:.1f}"


def audio_summary(folder: Path) -> AudioSummary | None:
    """Duration and size of ``folder/audio.mp3`` (a work folder or ``DIR/<slug>/``), None if unusable."""
    path = folder / AUDIO_FILE
    if not path.is_file():
        return None
    try:
        return AudioSummary(mp3_duration(path), path.stat().st_size)
    except (mutagen.MutagenError, OSError):  # an unreadable file is no audio version to offer
        return None
