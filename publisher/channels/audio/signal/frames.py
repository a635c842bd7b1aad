"""Layer III frames of an MP3: their headers, the Info frame that counts them, and walks over them.

``frame_damage`` tells whether a finished MP3 is whole: every frame from the tag's end to the
file's end, as many as its Info frame counts. It finds a file cut short, bytes lost or added in
the middle, and a frame count that disagrees with the one players trust for the duration,
without decoding any audio.
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

__all__ = ["FrameFormat", "audio_start", "count_frames", "frame_damage", "info_frame", "walk_file"]

# Layer III bit rates (kbit/s) by header index: MPEG-1, and MPEG-2 and 2.5 (the low sample rates).
_BITRATES = {
    1: (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320),
    2: (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160),
}
# Sample rates by header version bits (3: MPEG-1, 2: MPEG-2, 0: MPEG-2.5) and rate index.
_RATES = {3: (44_100, 48_000, 32_000), 2: (22_050, 24_000, 16_000), 0: (11_025, 12_000, 8_000)}


@dataclass(frozen=True)
class FrameFormat:
    """What the header of a Layer III frame says: its MPEG version bits, sample rate and bit rate."""

    version: int
    rate: int
    bitrate_kbps: int
    padded: bool

    @classmethod
    def parse(cls, header: int) -> FrameFormat | None:
        """The format of a 32-bit frame header, None if it is not a Layer III frame header."""
        version, layer, rate_index = (header >> 19) & 3, (header >> 17) & 3, (header >> 10) & 3
        bitrate_index = (header >> 12) & 0xF
        # Index 15 is no bit rate ("bad"); version 1 and rate index 3 are reserved.
        if header >> 21 != 0x7FF or version == 1 or layer != 1 or rate_index == 3 or bitrate_index == 15:
            return None
        bitrate = _BITRATES[1 if version == 3 else 2][bitrate_index]
        if bitrate == 0:
            return None
        return cls(version, _RATES[version][rate_index], bitrate, bool((header >> 9) & 1))

    @property
    def samples(self) -> int:
        """Samples per frame: 1152 in MPEG-1, 576 at the low rates."""
        return 1152 if self.version == 3 else 576

    @property
    def size(self) -> int:
        """The frame's length in bytes."""
        return self.samples // 8 * self.bitrate_kbps * 1000 // self.rate + self.padded


@dataclass
class _Walk:
    """Frames counted so far, the first one's format, and where the next header is due."""

    frames: int = 0
    first: FrameFormat | None = None
    position: int = 0
    # Frame sizes by header (a file repeats a few headers): parsing each frame anew cost most of the walk.
    sizes: dict[int, int] = field(default_factory=dict)

    def over(self, data: bytes) -> None:
        """Walk the frame headers in ``data`` from ``position`` (which may end up past its end)."""
        while self.position + 4 <= len(data):
            header = int.from_bytes(data[self.position : self.position + 4], "big")
            size = self.sizes.get(header)
            if size is None:
                found = FrameFormat.parse(header)
                if found is None:
                    self.position += 1
                    continue
                self.first = self.first or found
                size = self.sizes[header] = found.size
            self.position += size
            self.frames += 1


def count_frames(data: bytes) -> int:
    """Layer III frames in ``data``, found by walking the frame headers."""
    walk = _Walk()
    walk.over(data)
    return walk.frames


def walk_file(path: Path, block: int = 1 << 20) -> tuple[int, FrameFormat | None]:
    """Layer III frames in the file at ``path`` and the first one's format, read a block at a time."""
    walk, data = _Walk(), b""
    with path.open("rb") as file:
        while chunk := file.read(block):
            if walk.position >= len(data):
                walk.position -= len(data)
                data = chunk
            else:
                data, walk.position = data[walk.position :] + chunk, 0
            walk.over(data)
    return walk.frames, walk.first


# Layer III, no CRC, mono. Side information of a mono frame is 17 bytes (MPEG-1) or 9 (the low rates).
_SYNC_LAYER3 = 0x7FF << 21 | 1 << 17 | 1 << 16
_MONO = 0b11 << 6
_INFO_FRAMES_AND_BYTES = 0x3


def info_frame(frames: int, audio_bytes: int, bitrate_kbps: int, rate: int = 44_100) -> bytes:
    """A silent frame holding the Xing "Info" tag: ``frames`` audio frames in ``audio_bytes`` bytes.

    The tag's own frame is not counted among the frames; its bytes are counted in the total.
    """
    version = next(bits for bits, rates in _RATES.items() if rate in rates)
    index = _BITRATES[1 if version == 3 else 2].index(bitrate_kbps)
    header = _SYNC_LAYER3 | version << 19 | index << 12 | _RATES[version].index(rate) << 10 | _MONO
    frame = FrameFormat.parse(header)
    assert frame is not None
    side_info = 17 if version == 3 else 9
    tag = b"Info" + struct.pack(">III", _INFO_FRAMES_AND_BYTES, frames, audio_bytes + frame.size)
    body = header.to_bytes(4, "big") + bytes(side_info) + tag
    return body + bytes(frame.size - len(body))


_BLOCK = 1 << 20
# Where a Xing or Info tag starts in its frame: after the header and the side information (by channels).
_TAG_OFFSETS = (4 + 17, 4 + 32, 4 + 9)


def audio_start(file: BinaryIO) -> int:
    """Where the audio of the open file starts: after its ID3v2 tag, if any (read from the file's start).

    The tag's size is "syncsafe": 7 bits a byte, after the 10-byte header.
    """
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
        position = audio_start(file)
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
