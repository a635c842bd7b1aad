"""Encode samples to MP3 (mono, 44.1 kHz, constant bit rate) with ffmpeg's LAME encoder, in one pass.

Long audio can be encoded in parts at the same time, one ffmpeg per core: the parts are cut
inside pauses and their MP3 frames joined. The files carry no Xing/LAME header (it would
describe only one part), so every part keeps its encoder delay and frame padding; the
returned ``Layout`` says where each input sample plays in the file.
"""

from __future__ import annotations

import itertools
import subprocess
import tempfile
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from publisher.audio.decode import SAMPLE_RATE, Samples

__all__ = ["EncodeError", "Layout", "count_frames", "encode_mp3"]

_TIMEOUT_S = 600
_SAMPLES_PER_FRAME = 1152
# LAME's encoder delay plus the decoder's: the first sample plays this late in a file without a LAME tag.
_DELAY = 576 + 529
_BITRATES = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)


class EncodeError(RuntimeError):
    """ffmpeg could not encode the audio."""


@dataclass(frozen=True)
class Layout:
    """Where the input plays in the file: part ``k`` starts at input ``inputs[k]`` s, file ``files[k]`` s."""

    inputs: tuple[float, ...]
    files: tuple[float, ...]

    def place(self, seconds: float) -> float:
        """The time in the file at which the input's ``seconds`` play."""
        index = max(i for i, start in enumerate(self.inputs) if start <= seconds or i == 0)
        return self.files[index] + seconds - self.inputs[index]


def count_frames(data: bytes) -> int:
    """MPEG-1 Layer III frames in ``data`` (44.1 kHz), found by walking the frame headers."""
    position, frames = 0, 0
    while position + 4 <= len(data):
        header = int.from_bytes(data[position : position + 4], "big")
        if header >> 21 != 0x7FF:
            position += 1
            continue
        bitrate = _BITRATES[(header >> 12) & 0xF] * 1000
        if bitrate == 0:
            position += 1
            continue
        position += 144 * bitrate // SAMPLE_RATE + ((header >> 9) & 1)
        frames += 1
    return frames


def _encode(samples: Samples, rate: int, bitrate_kbps: int, folder: Path, name: str) -> bytes:
    # Files rather than pipes: writing tens of megabytes through a pipe costs more CPU than the disk.
    source, output = folder / f"{name}.f32", folder / f"{name}.mp3"
    np.clip(samples, -1.0, 1.0).astype("<f4").tofile(source)
    command = [
        "ffmpeg", "-v", "error", "-nostdin", "-y",
        "-f", "f32le", "-ar", str(rate), "-ac", "1", "-i", str(source),
        "-ar", str(SAMPLE_RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
        # Tags are written afterwards by mutagen (ID3v2.4 with chapters); parts are joined frame by frame.
        "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "0",
        "-f", "mp3", str(output),
    ]  # fmt: skip
    try:
        result = subprocess.run(command, capture_output=True, timeout=_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EncodeError(f"ffmpeg could not encode MP3: {error}") from error
    if result.returncode != 0:
        raise EncodeError(f"ffmpeg could not encode MP3: {result.stderr.decode(errors='replace').strip()}")
    return output.read_bytes()


def encode_mp3(
    samples: Samples, rate: int, target: Path, *, bitrate_kbps: int = 96, splits: Sequence[int] = ()
) -> Layout:
    """Write ``samples`` (at ``rate``) to ``target`` as MP3, resampled to 44.1 kHz, without tags.

    ``splits`` are sample indices (inside pauses) where the audio is cut into parts that are
    encoded in parallel.
    """
    bounds = [0, *sorted(index for index in set(splits) if 0 < index < samples.size), samples.size]
    parts = [samples[start:end] for start, end in itertools.pairwise(bounds)]
    with (
        tempfile.TemporaryDirectory(prefix="publisher-encode-") as folder,
        ThreadPoolExecutor(max_workers=len(parts)) as pool,
    ):
        encoded = list(
            pool.map(
                lambda index: _encode(parts[index], rate, bitrate_kbps, Path(folder), f"part{index}"),
                range(len(parts)),
            )
        )
    target.write_bytes(b"".join(encoded))
    inputs, files, played = [], [], 0.0
    for start, data in zip(bounds, encoded, strict=False):
        inputs.append(start / rate)
        files.append(played + _DELAY / SAMPLE_RATE)
        played += count_frames(data) * _SAMPLES_PER_FRAME / SAMPLE_RATE
    return Layout(tuple(inputs), tuple(files))
