"""Turn engine output (WAV or MP3 bytes) and finished files into mono float samples at 44.1 kHz."""

from __future__ import annotations

import struct
import subprocess
from collections.abc import Iterator
from math import gcd
from pathlib import Path

import numpy as np
import numpy.typing as npt

__all__ = [
    "SAMPLE_RATE",
    "DecodeError",
    "Samples",
    "decode",
    "decode_file",
    "decode_file_blocks",
    "read_wav",
    "resample",
]

SAMPLE_RATE = 44_100
Samples = npt.NDArray[np.float32]
_TIMEOUT_S = 300


class DecodeError(ValueError):
    """The audio data is not in a form this module reads."""


def read_wav(data: bytes) -> tuple[Samples, int]:
    """Samples and rate of 16-bit PCM WAV data, also when a streaming writer left the sizes unset."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        raise DecodeError("not a WAV file")
    position, channels, rate, bits = 12, 1, 0, 16
    while position + 8 <= len(data):
        chunk_id, size = (
            data[position : position + 4],
            struct.unpack("<I", data[position + 4 : position + 8])[0],
        )
        body = position + 8
        if chunk_id == b"fmt ":
            _format, channels, rate = struct.unpack("<HHI", data[body : body + 8])
            bits = struct.unpack("<H", data[body + 14 : body + 16])[0]
        elif chunk_id == b"data":
            # espeak-ng writes 0x7FFFFFFF as the size when it streams to stdout: read to the end.
            payload = data[body : min(len(data), body + size)]
            if bits != 16 or rate == 0:
                raise DecodeError(f"unsupported WAV: {bits}-bit, {rate} Hz")
            usable = len(payload) - len(payload) % (2 * channels)
            pcm = np.frombuffer(payload[:usable], dtype="<i2").astype(np.float32)
            pcm *= 1 / 32768
            if channels > 1:
                pcm = pcm.reshape(-1, channels).mean(axis=1).astype(np.float32)
            return pcm, rate
        position = body + size + (size & 1)
    raise DecodeError("WAV file without data")


def resample(samples: Samples, rate: int, target: int = SAMPLE_RATE) -> Samples:
    """``samples`` at ``rate`` resampled to ``target`` with a polyphase filter."""
    if rate == target or samples.size == 0:
        return samples
    # Imported here: scipy takes about a second to import, and engines at one rate never resample.
    from scipy.signal import resample_poly  # type: ignore[import-untyped]

    divisor = gcd(rate, target)
    resampled: Samples = resample_poly(samples, target // divisor, rate // divisor).astype(np.float32)
    return resampled


def _ffmpeg_decode(arguments: list[str], data: bytes | None) -> Samples:
    command = [
        "ffmpeg",
        "-v",
        "error",
        "-nostdin",
        *arguments,
        "-f",
        "f32le",
        "-ac",
        "1",
        "-ar",
        str(SAMPLE_RATE),
        "-",
    ]
    result = subprocess.run(command, input=data, capture_output=True, timeout=_TIMEOUT_S, check=False)
    if result.returncode != 0:
        raise DecodeError(
            result.stderr.decode(errors="replace").strip() or "ffmpeg could not decode the audio"
        )
    return np.frombuffer(result.stdout, dtype="<f4").astype(np.float32)


def decode(data: bytes, audio_format: str) -> Samples:
    """Engine output as mono samples at 44.1 kHz."""
    if audio_format == "wav":
        samples, rate = read_wav(data)
        return resample(samples, rate)
    return _ffmpeg_decode(["-f", audio_format, "-i", "pipe:0"], data)


def decode_file_blocks(path: Path, seconds: float = 10.0, rate: int = SAMPLE_RATE) -> Iterator[Samples]:
    """A finished audio file as mono samples at ``rate``, ``seconds`` at a time (memory stays flat)."""
    command = ["ffmpeg", "-v", "error", "-nostdin", "-i", str(path), "-f", "f32le", "-ac", "1"]
    command += ["-ar", str(rate), "-"]
    size = 4 * round(seconds * rate)
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        while block := process.stdout.read(size):
            usable = len(block) - len(block) % 4
            yield np.frombuffer(block[:usable], dtype="<f4").astype(np.float32)
        errors = process.stderr.read()
        if process.wait(timeout=_TIMEOUT_S) != 0:
            raise DecodeError(errors.decode(errors="replace").strip() or "ffmpeg could not decode the audio")


def decode_file(path: Path) -> Samples:
    """A finished audio file (e.g. the MP3) as mono samples at 44.1 kHz."""
    return _ffmpeg_decode(["-i", str(path)], None)
