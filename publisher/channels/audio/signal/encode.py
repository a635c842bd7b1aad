"""Encode samples to MP3 (mono, 44.1 kHz, constant bit rate) with ffmpeg's LAME encoder, in one pass.

Long audio can be encoded in parts at the same time, one ffmpeg per core: the parts are cut
inside pauses and their MP3 frames joined. Each part keeps its encoder delay and frame
padding; the returned ``Layout`` says where each input sample plays in the file. The joined
file starts with one Xing "Info" frame (the CBR form) that counts the frames and bytes of the
whole file, so players show the exact duration and seek by it without scanning; it carries no
LAME delay fields (they would describe one part only), so no decoder trims samples.

``Mp3Encoders`` starts the ffmpeg processes before the audio exists (while it is being
synthesised), so their start-up costs no time; each reads 32-bit float WAV from a pipe.
"""

from __future__ import annotations

import contextlib
import itertools
import struct
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np

from publisher.channels.audio.signal.decode import SAMPLE_RATE, Samples

__all__ = ["EncodeError", "Layout", "Mp3Encoders", "count_frames", "encode_mp3", "info_frame"]

_TIMEOUT_S = 600
# A change applied to each block of samples on its way to the encoder, given where the block starts.
Shaping = Callable[[Samples, int], Samples]
# Samples converted and written to an encoder's pipe at a time.
_WRITE_BLOCK = 1 << 18
# A WAV data size that means "until the end of the stream".
_STREAMING = 0xFFFFFFFF
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


# MPEG-1 Layer III, no CRC; 44.1 kHz; mono. Side information of a mono MPEG-1 frame is 17 bytes.
_SYNC_MPEG1_LAYER3 = 0xFFFB
_MONO = 0b11 << 6
_SIDE_INFO_MONO = 17
_INFO_FRAMES_AND_BYTES = 0x3


def info_frame(frames: int, audio_bytes: int, bitrate_kbps: int) -> bytes:
    """A silent frame holding the Xing "Info" tag: ``frames`` audio frames in ``audio_bytes`` bytes.

    The tag's own frame is not counted among the frames; its bytes are counted in the total.
    """
    index = _BITRATES.index(bitrate_kbps)
    header = struct.pack(">HBB", _SYNC_MPEG1_LAYER3, index << 4, _MONO)
    size = 144 * bitrate_kbps * 1000 // SAMPLE_RATE
    tag = b"Info" + struct.pack(">III", _INFO_FRAMES_AND_BYTES, frames, audio_bytes + size)
    body = header + bytes(_SIDE_INFO_MONO) + tag
    return body + bytes(size - len(body))


def _wav_header(rate: int) -> bytes:
    """The header of a mono 32-bit float WAV stream of unknown length."""
    # Format 3 is IEEE float: one channel, 4 bytes a sample.
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    streaming = struct.pack("<I", _STREAMING)
    return b"RIFF" + streaming + b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + streaming


class _Encoder:
    """One ffmpeg process that waits for WAV on its input and writes an MP3 file."""

    def __init__(self, bitrate_kbps: int, output: Path) -> None:
        self.output = output
        command = [
            "ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "wav", "-i", "pipe:0",
            "-ar", str(SAMPLE_RATE), "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{bitrate_kbps}k",
            # Tags are written afterwards by mutagen (ID3v2.4 with chapters); parts are joined frame by frame.
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "0",
            "-f", "mp3", str(output),
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as error:
            raise EncodeError(f"ffmpeg could not encode MP3: {error}") from error

    def encode(self, samples: Samples, rate: int, shaping: Shaping | None = None, start: int = 0) -> bytes:
        """The MP3 frames of ``samples`` (at ``rate``; sample ``start`` of the signal ``shaping`` sees)."""
        stdin, stderr = self.process.stdin, self.process.stderr
        if stdin is None or stderr is None:
            raise EncodeError("ffmpeg was started without pipes")
        try:
            stdin.write(_wav_header(rate))
            for offset in range(0, samples.size, _WRITE_BLOCK):
                block = samples[offset : offset + _WRITE_BLOCK]
                if shaping is not None:
                    block = shaping(block, start + offset)
                stdin.write(np.clip(block, -1.0, 1.0).astype("<f4", copy=False).data)
            stdin.close()
        except BrokenPipeError:
            pass  # ffmpeg stopped early: its message and exit status tell why.
        try:
            returncode = self.process.wait(timeout=_TIMEOUT_S)
        except subprocess.TimeoutExpired as error:
            raise EncodeError(f"ffmpeg could not encode MP3: {error}") from error
        if returncode != 0:
            message = stderr.read().decode(errors="replace").strip()
            raise EncodeError(f"ffmpeg could not encode MP3: {message or f'exit status {returncode}'}")
        return self.output.read_bytes()

    def stop(self) -> None:
        """End the process if it still runs (an encoder that got no audio)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stderr):
            if stream is not None:
                # Unwritten input of a process that has ended cannot be flushed.
                with contextlib.suppress(BrokenPipeError):
                    stream.close()


class Mp3Encoders:
    """Up to ``count`` MP3 encoders started ahead of the audio; ``encode`` uses one per part.

    A context manager: leaving it ends every encoder and removes their files.
    """

    def __init__(self, count: int, bitrate_kbps: int = 96) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="publisher-encode-")
        self.bitrate_kbps = bitrate_kbps
        self._encoders: list[_Encoder] = []
        try:
            for index in range(max(1, count)):
                self._encoders.append(_Encoder(bitrate_kbps, Path(self._folder.name) / f"part{index}.mp3"))
        except EncodeError:
            self.close()
            raise

    def __enter__(self) -> Mp3Encoders:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        for encoder in self._encoders:
            encoder.stop()
        self._folder.cleanup()

    def encode(
        self,
        samples: Samples,
        rate: int,
        target: Path,
        *,
        splits: Sequence[int] = (),
        shaping: Shaping | None = None,
    ) -> Layout:
        """Write ``samples`` (at ``rate``) to ``target`` as MP3, resampled to 44.1 kHz, without tags.

        ``splits`` are sample indices (inside pauses) where the audio is cut into parts that are
        encoded in parallel, one part per encoder at most. ``shaping`` (e.g. a loudness gain)
        is applied block by block while the encoders already work on the blocks before.
        """
        inside = sorted(index for index in set(splits) if 0 < index < samples.size)
        if len(inside) >= len(self._encoders):
            raise ValueError(f"{len(inside) + 1} parts for {len(self._encoders)} encoders")
        bounds = [0, *inside, samples.size]
        parts = [samples[start:end] for start, end in itertools.pairwise(bounds)]

        def encode_part(index: int) -> bytes:
            return self._encoders[index].encode(parts[index], rate, shaping, bounds[index])

        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            encoded = list(pool.map(encode_part, range(len(parts))))
        frames = b"".join(encoded)
        target.write_bytes(info_frame(count_frames(frames), len(frames), self.bitrate_kbps) + frames)
        return _layout(bounds, encoded, rate)


def encode_mp3(
    samples: Samples, rate: int, target: Path, *, bitrate_kbps: int = 96, splits: Sequence[int] = ()
) -> Layout:
    """Write ``samples`` (at ``rate``) to ``target`` as MP3, resampled to 44.1 kHz, without tags.

    ``splits`` are sample indices (inside pauses) where the audio is cut into parts that are
    encoded in parallel.
    """
    parts = len({index for index in splits if 0 < index < samples.size}) + 1
    with Mp3Encoders(parts, bitrate_kbps) as encoders:
        return encoders.encode(samples, rate, target, splits=splits)


def _layout(bounds: Sequence[int], encoded: Sequence[bytes], rate: int) -> Layout:
    inputs, files, played = [], [], 0.0
    for start, data in zip(bounds, encoded, strict=False):
        inputs.append(start / rate)
        files.append(played + _DELAY / SAMPLE_RATE)
        played += count_frames(data) * _SAMPLES_PER_FRAME / SAMPLE_RATE
    return Layout(tuple(inputs), tuple(files))
