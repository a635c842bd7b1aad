"""Values a channel shows of another channel's output that is not finished yet, filled in at release.

Channels of one release render side by side: the web page does not wait for the MP3 whose duration
and size it shows, nor for the PDF whose size it names. Where such a value belongs, the channel
writes a marker (``marker``); the release step asks the channel for the values read from the
finished outputs, replaces the markers (``fill_markers``) and checks the filled file again, so the
file that goes out is a checked file. A marker is longer than any value it stands for, so a page
that fits its layout with the markers fits it with the values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["AUDIO_MEGABYTES", "AUDIO_MINUTES", "PDF_SIZE", "fill_markers", "has_markers", "marker"]

# The values one channel may show of another's finished output.
AUDIO_MINUTES = "audio-minutes"
AUDIO_MEGABYTES = "audio-megabytes"
PDF_SIZE = "pdf-size"

# Private-use characters: no font draws them and no article's text needs them around a value's name.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKER = re.compile(f"{_OPEN}([a-z-]+){_CLOSE}")


def marker(name: str) -> str:
    """The marker standing for the value ``name`` until the release step fills it in."""
    return f"{_OPEN}{name}{_CLOSE}"


def has_markers(text: str) -> bool:
    """True when ``text`` still holds a marker."""
    return _MARKER.search(text) is not None


def fill_markers(text: str, values: Mapping[str, str]) -> str:
    """``text`` with each marker replaced by its value; a ``KeyError`` names a marker without one."""
    return _MARKER.sub(lambda match: values[match.group(1)], text)
