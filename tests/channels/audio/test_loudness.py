"""Loudness is brought to -16 LUFS with true peaks under -1 dBTP by measuring and shaping the samples."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from publisher.channels.audio.signal.analysis import Analysis, AnalysisBuilder
from publisher.channels.audio.signal.decode import read_wav
from publisher.channels.audio.signal.loudness import (
    fit_loudness,
    integrated_loudness,
    normalize_loudness,
    true_peak_db,
)
from publisher.channels.audio.speech.engines.espeak import EspeakEngine
from publisher.channels.base import RenderJob
from publisher.model import Article

RATE = 22_050


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    """About five seconds of real synthetic speech, quiet as espeak-ng makes it."""
    text = "Die Stadt baut neue Radwege. Der Bau beginnt im April und endet im Herbst. Alle freuen sich."
    samples, rate = read_wav(
        EspeakEngine().synthesize(text, voice="de", language="de", pause_after_ms=0).data
    )
    assert rate == RATE
    return samples


def test_integrated_loudness_agrees_with_pyloudnorm(speech: np.ndarray) -> None:
    """The vectorised gating gives pyloudnorm's BS.1770 figure."""
    # Imported here: it loads scipy (about 1.5 CPU-s), which every test process would pay to collect.
    import pyloudnorm

    expected = pyloudnorm.Meter(RATE).integrated_loudness(speech.astype(np.float64))
    assert integrated_loudness(speech, RATE) == pytest.approx(expected, abs=0.01)


def test_true_peak_finds_peaks_between_samples() -> None:
    """A sine at a quarter of the rate, sampled at 45 degrees, peaks 3 dB above its samples."""
    samples = (0.5 * np.sin(2 * np.pi * np.arange(4000) / 4 + np.pi / 4)).astype(np.float32)
    assert 20 * np.log10(np.abs(samples).max()) == pytest.approx(-9.03, abs=0.01)
    assert true_peak_db(samples) == pytest.approx(-6.02, abs=0.15)


@pytest.mark.parametrize("boost_db", [-12.0, 0.0, 12.0])
def test_speech_reaches_the_target_with_peaks_under_the_limit(speech: np.ndarray, boost_db: float) -> None:
    """Quiet, normal and clipping-hot speech all end at -16 LUFS with true peaks under -1 dBTP."""
    start = (speech * 10 ** (boost_db / 20)).astype(np.float32)
    result, loudness = normalize_loudness(start, rate=RATE, target_lufs=-16.0, max_true_peak=-1.0)
    assert result.size == start.size
    assert integrated_loudness(result, RATE) == pytest.approx(-16.0, abs=0.2)
    assert true_peak_db(result) < -1.0
    assert loudness.integrated == pytest.approx(integrated_loudness(result, RATE), abs=0.1)


def test_silence_is_left_alone() -> None:
    """Nothing to measure, nothing to amplify: silence is not blown up into noise."""
    silence = np.zeros(RATE * 2, dtype=np.float32)
    result, loudness = normalize_loudness(silence, rate=RATE, target_lufs=-16.0, max_true_peak=-1.0)
    assert not result.any()
    assert loudness.integrated == -70.0


def test_gain_applied_block_by_block_matches_the_whole(speech: np.ndarray) -> None:
    """The gain streamed to the encoder in blocks shapes every sample exactly as applying it at once."""
    curve, _ = fit_loudness(speech, rate=RATE, target_lufs=-16.0, max_true_peak=-1.0)
    whole = curve.apply(speech)
    cuts = [0, 1, 4_321, 50_000, speech.size]
    blocks = [curve.apply(speech[start:stop], start) for start, stop in itertools.pairwise(cuts)]
    assert np.array_equal(np.concatenate(blocks), whole)
    assert whole.size == speech.size


def test_speech_analysed_in_pieces_reaches_the_target_like_the_whole(speech: np.ndarray) -> None:
    """Chunks analysed one by one (pieces cut in a pause) lead to the same loudness as the joined signal."""
    pause = np.zeros(RATE // 2, dtype=np.float32)
    joined = np.concatenate([speech, pause, speech[: RATE * 2], pause])
    builder = AnalysisBuilder(RATE)
    for piece in (np.concatenate([speech, pause]), np.concatenate([speech[: RATE * 2], pause])):
        builder.add(AnalysisBuilder.measure(piece, RATE))
    analysis = builder.finish()
    assert analysis.size == joined.size
    result, _ = normalize_loudness(
        joined, rate=RATE, target_lufs=-16.0, max_true_peak=-1.0, analysis=analysis
    )
    assert integrated_loudness(result, RATE) == pytest.approx(-16.0, abs=0.2)
    assert true_peak_db(result) < -1.0
    whole = Analysis.of(joined, RATE)
    assert analysis.power.sum() == pytest.approx(whole.power.sum(), rel=1e-3)


def test_the_file_measured_block_by_block_agrees_with_the_whole(rendered: tuple[Article, RenderJob]) -> None:
    """The check reads the MP3 in blocks of seconds, never whole; it finds the same loudness and peak."""
    from publisher.channels.audio.signal.decode import decode_file, decode_file_blocks
    from publisher.channels.audio.signal.loudness import measure, measure_blocks

    path = rendered[1].workdir / "audio.mp3"
    whole = measure(decode_file(path))
    blocks = list(decode_file_blocks(path, seconds=1.5))
    assert len(blocks) > 3
    streamed = measure_blocks(blocks)
    assert abs(streamed.integrated - whole.integrated) < 0.05
    assert abs(streamed.true_peak - whole.true_peak) < 0.1


def test_block_seams_add_no_peak() -> None:
    """A tone cut into blocks mid-swing measures the peak of the whole: each block sees its neighbours
    (cut off by silence instead, the oversampling filter rings past the tone's 0.5 by about 1 dB)."""
    from publisher.channels.audio.signal.loudness import measure_blocks

    tone = (0.5 * np.sin(2 * np.pi * 100 * np.arange(2 * RATE) / RATE)).astype(np.float32)
    blocks = np.array_split(tone, 97)
    assert measure_blocks(blocks, RATE).true_peak == pytest.approx(true_peak_db(tone), abs=1e-3)
    assert true_peak_db(tone) == pytest.approx(-6.02, abs=0.01)
