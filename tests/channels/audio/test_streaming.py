"""The article is spoken straight into the encoders: loudness measured as it streams, memory flat."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from publisher.channels.audio.signal.analysis import Analysis
from publisher.channels.audio.signal.decode import decode_file_blocks
from publisher.channels.audio.signal.encode import Mp3Encoders
from publisher.channels.audio.signal.level import TOLERANCE_LU, Leveller
from publisher.channels.audio.signal.loudness import (
    integrated_loudness,
    measure_blocks,
    true_peak_db,
)
from publisher.channels.audio.speech.chunks import plan_chunks, speak_script
from publisher.channels.audio.speech.engines.base import Synthesis
from publisher.channels.audio.speech.engines.espeak import EspeakEngine
from publisher.channels.audio.speech.script import build_script
from publisher.channels.audio.streamed import speak_to_mp3
from publisher.model import Article
from publisher.settings import AudioSettings
from tests.channels.audio.conftest import article_data, text

RATE = 22_050

# Renders an article (JSON in argv[1]) in a fresh process and prints its peak memory in MB.
# The peak is the render's own (VmHWM): ru_maxrss of a process started by subprocess also counts the
# memory of the test process that started it, which would hide any growth.
_RENDER = """
import json, sys, tempfile
from pathlib import Path
from publisher.channels.audio import AudioChannel
from publisher.channels.base import RenderJob
from publisher.model import Article
from publisher.settings import Settings
article = Article.model_validate_json(Path(sys.argv[1]).read_text(encoding="utf-8"))
with tempfile.TemporaryDirectory() as folder:
    root = Path(folder)
    settings = Settings(audio={"cache_dir": root / "cache"})
    job = RenderJob(settings=settings, assets_dir=root, workdir=root / "work", out_dir=root / "out")
    job.workdir.mkdir()
    channel = AudioChannel()
    findings = channel.verify(article, job, channel.render(article, job))
    errors = [f.message for f in findings if f.severity == "error"]
    from publisher.audio_summary import mp3_duration
    peak_kb = int(Path("/proc/self/status").read_text().split("VmHWM:")[1].split()[0])
    print(json.dumps({"mb": peak_kb / 1024,
                      "seconds": mp3_duration(job.workdir / "audio.mp3"), "errors": errors}))
"""


def _long_article(repeat: int) -> Article:
    """The short release with its body said ``repeat`` times, and a few sentences more each time."""
    data = article_data()
    more = {
        "type": "paragraph",
        "children": text(
            "Die neuen Wege verbinden die Ortsteile mit dem Bahnhof, den Schulen und dem Rathaus. "
            "Wer mitreden will, kann bis Ende Mai Vorschläge einreichen."
        ),
    }
    data["body"] = [*data["body"], more] * repeat
    return Article.model_validate(data)


def test_loudness_measured_block_by_block_matches_the_whole_espeak_render(
    make_article: Callable[..., Article],
) -> None:
    """A real espeak-ng render read back in 1.5 s blocks, as the check reads files, gives the same figures."""
    with speak_script(build_script(make_article()), EspeakEngine(), workers=1) as spoken:
        whole = spoken.samples()
        blocks = list(spoken.spool.blocks(size=round(1.5 * spoken.rate)))
        rate = spoken.rate
    assert len(blocks) > 3
    streamed = measure_blocks(blocks, rate)
    assert streamed.integrated == pytest.approx(integrated_loudness(whole, rate), abs=0.1)
    assert streamed.true_peak == pytest.approx(true_peak_db(whole), abs=0.1)


def _speechlike(seconds: float, level: float, seed: int) -> np.ndarray:
    """Noise bursts of a quarter second with short gaps between them, at ``level``."""
    generator = np.random.default_rng(seed)
    samples = generator.normal(0, level, round(seconds * RATE)).astype(np.float32)
    envelope = (np.arange(samples.size) // (RATE // 4)) % 3 != 2
    return (samples * envelope).astype(np.float32)


def _stream_through(leveller: Leveller, signal: np.ndarray) -> float:
    """Feed ``signal`` to the leveller in two-second pieces, as chunks arrive, the loudness analysed
    only until the gain is predicted (as the channel does); returns the loudness of the shaped signal."""
    from publisher.channels.audio.signal.analysis import AnalysisBuilder

    builder = AnalysisBuilder(RATE)
    for start in range(0, signal.size, 2 * RATE):
        piece = signal[start : start + 2 * RATE]
        builder.add(AnalysisBuilder.measure(piece, RATE, power=not leveller.predicted))
        leveller.extend(builder.so_far())
    analysis = builder.finish()
    assert not analysis.weighed
    curve = leveller.extend(analysis, final=True)
    assert curve is not None
    return integrated_loudness(curve.apply(signal), RATE)


def test_a_steady_voice_keeps_the_gain_predicted_from_its_first_seconds() -> None:
    """Speech at one level: the gain fitted on the first 20 s brings the whole to the target."""
    leveller = Leveller(RATE, target_lufs=-16.0, max_true_peak=-1.0)
    loudness = _stream_through(leveller, _speechlike(60, 0.05, seed=1))
    assert leveller.gain_db is not None
    assert loudness == pytest.approx(-16.0, abs=TOLERANCE_LU)
    assert not leveller.off_target(loudness)


def test_a_voice_that_gets_louder_later_is_reported_off_target() -> None:
    """Quiet for 30 s, then 12 dB louder: the predicted gain misses, and the caller must encode again."""
    leveller = Leveller(RATE, target_lufs=-16.0, max_true_peak=-1.0)
    signal = np.concatenate([_speechlike(30, 0.01, seed=2), _speechlike(60, 0.04, seed=3)])
    assert leveller.off_target(_stream_through(leveller, signal))
    assert TOLERANCE_LU < 1.0


def test_an_analysis_without_the_loudness_of_its_later_pieces_has_no_loudness() -> None:
    """Pieces measured for their peaks alone: the peaks cover the whole, the loudness is refused."""
    from publisher.channels.audio.signal.analysis import AnalysisBuilder
    from publisher.channels.audio.signal.loudness import loudness_of

    signal = _speechlike(6, 0.05, seed=4)
    builder = AnalysisBuilder(RATE)
    builder.add(AnalysisBuilder.measure(signal[: 3 * RATE], RATE))
    builder.add(AnalysisBuilder.measure(signal[3 * RATE :], RATE, power=False))
    analysis = builder.finish()
    assert analysis.peaks.size == Analysis.of(signal, RATE).peaks.size
    assert float(analysis.peaks.max()) == pytest.approx(float(Analysis.of(signal, RATE).peaks.max()))
    with pytest.raises(ValueError, match="power"):
        loudness_of(analysis, RATE)


def _peak_mb(article: Article, folder: Path) -> tuple[float, float]:
    source = folder / f"{len(article.body)}.json"
    source.write_text(article.model_dump_json(), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", _RENDER, str(source)], capture_output=True, text=True, check=True, timeout=1800
    )
    report = json.loads(result.stdout)
    assert report["errors"] == []
    return report["mb"], report["seconds"]


def test_peak_memory_does_not_grow_with_the_length_of_the_audio(tmp_path: Path) -> None:
    """Releasing five times the audio takes about the same peak memory (a whole-signal array would not)."""
    short_mb, short_s = _peak_mb(_long_article(1), tmp_path)
    long_mb, long_s = _peak_mb(_long_article(8), tmp_path)
    assert long_s > 4 * short_s
    # One copy of the added audio as 32-bit samples (what a whole-signal array holds at least).
    one_copy_mb = (long_s - short_s) * RATE * 4 / 2**20
    assert long_mb - short_mb < one_copy_mb / 2, (short_mb, long_mb, long_s)


class _Rising:
    """An engine whose chunks speak ever louder noise bursts, 6 s each: the gain fitted on the first
    20 s cannot hold for the rest."""

    name = "rising"
    renders_pauses = True
    sound_settings = ""

    def __init__(self) -> None:
        self.spoken = 0

    def voice_for(self, language: str) -> str:
        return language

    def synthesize(self, text: str, **_: object) -> Synthesis:
        self.spoken += 1
        level = 0.01 if self.spoken <= 4 else 0.05
        samples = _speechlike(6, level, seed=self.spoken)
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(RATE)
            wav.writeframes((samples * 32767).astype("<i2").tobytes())
        return Synthesis(buffer.getvalue(), "wav")


def test_speech_that_gets_louder_after_the_prediction_is_encoded_again_at_the_target(
    make_article: Callable[..., Article], tmp_path: Path
) -> None:
    """The stream skips the chunks' loudness past the prediction; the re-encode measures it again."""
    script = build_script(make_article())
    settings = AudioSettings(workers=1, chunk_chars=60)
    assert len(plan_chunks(script, settings.chunk_chars)) > 8
    mp3 = tmp_path / "audio.mp3"
    with Mp3Encoders(1, settings.bitrate_kbps, settings.mp3_sample_rate) as encoders:
        encoded = speak_to_mp3(script, _Rising(), settings, encoders, mp3, cache=None)
    assert not encoded.streamed
    rate = settings.mp3_sample_rate
    heard = measure_blocks(decode_file_blocks(mp3, rate=rate), rate)
    assert heard.integrated == pytest.approx(settings.target_lufs, abs=1.0)
