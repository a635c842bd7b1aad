"""Long silences are found block by block in the loudness pass, where ffmpeg's silencedetect finds them."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np

from publisher.channels.audio.signal.decode import SAMPLE_RATE, decode_file_blocks
from publisher.channels.audio.signal.encode import encode_mp3
from publisher.channels.audio.signal.silence import SilenceFinder


def _tone(seconds: float) -> np.ndarray:
    return (0.3 * np.sin(np.arange(round(seconds * SAMPLE_RATE)) * 2 * np.pi * 330 / SAMPLE_RATE)).astype(
        np.float32
    )


def test_a_silence_across_block_seams_is_found_once_with_its_length(tmp_path: Path) -> None:
    """4.5 s of silence between tones is one finding, wherever the blocks are cut; 2 s is none."""
    signal = np.concatenate(
        [
            _tone(1),
            np.zeros(round(4.5 * SAMPLE_RATE), np.float32),
            _tone(1),
            np.zeros(2 * SAMPLE_RATE, np.float32),
            _tone(0.5),
        ]
    )
    for block in (1000, 44_100, 100_000, signal.size):
        finder = SilenceFinder(SAMPLE_RATE)
        for start in range(0, signal.size, block):
            finder.add(signal[start : start + block])
        [(start_s, length)] = finder.finish()
        assert abs(start_s - 1.0) < 0.01 and abs(length - 4.5) < 0.01


def test_the_finder_agrees_with_ffmpeg_silencedetect_on_an_mp3(tmp_path: Path) -> None:
    """On an encoded file, start and length match silencedetect's to a tenth of a second."""
    signal = np.concatenate(
        [_tone(2), np.zeros(5 * SAMPLE_RATE, np.float32), _tone(2), np.zeros(4 * SAMPLE_RATE, np.float32)]
    )
    path = tmp_path / "gap.mp3"
    encode_mp3(signal, SAMPLE_RATE, path)
    finder = SilenceFinder(SAMPLE_RATE)
    for block in decode_file_blocks(path, seconds=2.0):
        finder.add(block)
    ours = finder.finish()
    result = subprocess.run(
        ["ffmpeg", "-v", "info", "-nostdin", "-i", str(path),
         "-af", "silencedetect=noise=-50dB:d=3", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    starts = [float(value) for value in re.findall(r"silence_start: (-?[\d.]+)", result.stderr)]
    assert len(ours) == len(starts) == 2
    for (start, _), theirs in zip(ours, starts, strict=True):
        assert abs(start - theirs) < 0.1
