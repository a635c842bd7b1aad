"""MP3 parts encoded in parallel join into one file whose timing the layout knows to the millisecond."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from publisher.audio_summary import mp3_duration
from publisher.channels.audio.signal.decode import SAMPLE_RATE, decode_file
from publisher.channels.audio.signal.encode import Mp3Encoders, encode_mp3

RATE = 22_050
CLICKS = (1.0, 3.7, 6.2, 9.9)


def _onset(decoded: np.ndarray, around: float) -> float:
    start = int((around - 0.1) * SAMPLE_RATE)
    window = np.abs(decoded[start : start + int(0.2 * SAMPLE_RATE)])
    return (start + int(np.argmax(window > 0.1))) / SAMPLE_RATE


@pytest.mark.parametrize("splits", [(), (5 * RATE, 8 * RATE)])
def test_clicks_play_where_the_layout_places_them(tmp_path: Path, splits: tuple[int, ...]) -> None:
    """Short bursts at known times are found in the decoded MP3 where ``Layout.place`` says."""
    samples = np.zeros(RATE * 12, dtype=np.float32)
    for second in CLICKS:
        start = int(second * RATE)
        samples[start : start + 200] = 0.8 * np.sin(np.arange(200) / 3)
    path = tmp_path / "audio.mp3"
    layout = encode_mp3(samples, RATE, path, splits=splits)
    decoded = decode_file(path)
    for second in CLICKS:
        assert _onset(decoded, layout.place(second)) == pytest.approx(layout.place(second), abs=0.002)
    assert len(layout.inputs) == len(splits) + 1
    assert mp3_duration(path) == pytest.approx(decoded.size / SAMPLE_RATE, abs=0.01)


def test_encoders_made_ahead_write_the_same_file_as_one_encode(tmp_path: Path) -> None:
    """Encoders made before the audio exists, fed block by block with a gain, give the same MP3."""
    samples = (0.3 * np.sin(np.arange(RATE * 4) / 7)).astype(np.float32)
    encode_mp3(samples * np.float32(0.5), RATE, tmp_path / "once.mp3")
    with Mp3Encoders(2) as encoders:
        encoders.encode(samples, RATE, tmp_path / "ahead.mp3", shaping=lambda block, _start: block * 0.5)
        processes = [encoder.process for encoder in encoders._encoders]
    assert (tmp_path / "ahead.mp3").read_bytes() == (tmp_path / "once.mp3").read_bytes()
    # The second encoder got no part: it started no process, and none is left running.
    assert processes[1] is None
    assert all(process is None or process.poll() is not None for process in processes)


@pytest.mark.parametrize("frequency", [300, 4_000, 10_000])
def test_speech_resampled_up_keeps_its_whole_band(tmp_path: Path, frequency: int) -> None:
    """A tone anywhere in the band of 22.05 kHz speech plays at its level from the 44.1 kHz MP3."""
    seconds = np.arange(RATE * 3) / RATE
    samples = (0.25 * np.sin(2 * np.pi * frequency * seconds)).astype(np.float32)
    encode_mp3(samples, RATE, tmp_path / "tone.mp3", output_rate=SAMPLE_RATE)
    decoded = decode_file(tmp_path / "tone.mp3")[SAMPLE_RATE : 2 * SAMPLE_RATE]
    level_db = 20 * np.log10(np.sqrt(np.mean(decoded**2)) / np.sqrt(np.mean(samples**2)))
    assert abs(level_db) < 1.0


def test_more_parts_than_encoders_are_refused(tmp_path: Path) -> None:
    """Cutting the audio into more parts than there are encoders is an error, not a silent merge."""
    samples = np.zeros(RATE * 3, dtype=np.float32)
    with Mp3Encoders(1) as encoders, pytest.raises(ValueError, match="2 parts for 1 encoders"):
        encoders.encode(samples, RATE, tmp_path / "audio.mp3", splits=(RATE,))


def test_encoders_started_for_another_rate_encode_the_rate_they_get(tmp_path: Path) -> None:
    """Encoders started ahead for 16 kHz and then fed 22.05 kHz keep the band of what they got."""
    seconds = np.arange(RATE * 3) / RATE
    samples = (0.25 * np.sin(2 * np.pi * 10_000 * seconds)).astype(np.float32)
    with Mp3Encoders(1, output_rate=SAMPLE_RATE, input_rate=16_000) as encoders:
        encoders.encode(samples, RATE, tmp_path / "tone.mp3")
    decoded = decode_file(tmp_path / "tone.mp3")[SAMPLE_RATE : 2 * SAMPLE_RATE]
    level_db = 20 * np.log10(np.sqrt(np.mean(decoded**2)) / np.sqrt(np.mean(samples**2)))
    assert abs(level_db) < 1.0
    assert mp3_duration(tmp_path / "tone.mp3") == pytest.approx(3.0, abs=0.1)
