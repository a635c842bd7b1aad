"""Whether an MP3 is whole: every frame from the tag's end to the file's end, as its Info frame counts them.

A walk over the frame headers, read a block at a time: it finds a file cut short, bytes lost or
added in the middle, and a frame count that disagrees with the Info frame players trust for the
duration, without decoding any audio.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from publisher.channels.audio.signal.encode import FrameFormat

__all__ = ["frame_damage"]

_BLOCK = 1 << 20
# Where a Xing or Info tag starts in its frame: after the header and the side information (by channels).
_TAG_OFFSETS = (4 + 17, 4 + 32, 4 + 9)


def _tag_end(file: BinaryIO) -> int:
    """Where the audio starts: after the ID3v2 tag (its size is "syncsafe", 7 bits a byte), if any."""
    head = file.read(10)
    if head[:3] != b"ID3" or len(head) < 10:
        return 0
    return 10 + sum((byte & 0x7F) << shift for byte, shift in zip(head[6:10], (21, 14, 7, 0), strict=True))


def _counted(frame: bytes) -> int | None:
    """The frame count in a Xing or Info tag at the start of ``frame``, None if it has none."""
    for offset in _TAG_OFFSETS:
        if frame[offset : offset + 4] in (b"Info", b"Xing") and frame[offset + 7] & 1:
            return int.from_bytes(frame[offset + 8 : offset + 12], "big")
    return None


def frame_damage(mp3: Path) -> str | None:
    """What breaks the MP3's frames (where), None if they are whole and as many as its Info frame says."""
    formats: dict[int, FrameFormat | None] = {}
    frames, counted = 0, None
    with mp3.open("rb") as file:
        end = os.fstat(file.fileno()).st_size
        position = _tag_end(file)
        data, offset = b"", position
        while position + 4 <= end:
            if position + 40 > offset + len(data):
                # The bytes from ``position`` on: what is left of the block, then the next block.
                kept = data[position - offset :]
                file.seek(position + len(kept))
                data, offset = kept + file.read(_BLOCK), position
            at = position - offset
            header = int.from_bytes(data[at : at + 4], "big")
            if header not in formats:
                formats[header] = FrameFormat.parse(header)
            frame = formats[header]
            if frame is None:
                return f"no MP3 frame at byte {position}"
            if frames == 0:
                counted = _counted(data[at : at + 40])
            position += frame.size
            frames += 1
    if frames == 0 or position != end:
        return f"the MP3 frames end at byte {position}, the file at byte {end}"
    if counted is not None and counted != frames - 1:
        return f"the Info frame counts {counted} frames, the file has {frames - 1}"
    return None
