"""Engines: espeak-ng speaks offline, piper and unknown engines fail clearly, chunks are cached and joined."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.channels.audio.signal.decode import read_wav
from publisher.channels.audio.speech.chunks import plan_chunks, speak_script
from publisher.channels.audio.speech.engines import EngineError, EngineUnavailable, make_engine
from publisher.channels.audio.speech.engines.espeak import EspeakEngine, mbrola_installed, ssml
from publisher.channels.audio.speech.script import build_script
from publisher.model import Article
from publisher.settings import AudioSettings


def test_espeak_speaks_a_sentence_as_wav() -> None:
    """A short German sentence becomes about a second of audio, starting and ending in silence."""
    synthesis = EspeakEngine().synthesize("Guten Tag.", voice="de", language="de", pause_after_ms=0)
    samples, rate = read_wav(synthesis.data)
    assert synthesis.format == "wav"
    assert 0.3 < samples.size / rate < 3
    assert abs(samples).max() > 0.05
    assert abs(samples[:100]).max() < 0.01
    assert abs(samples[-100:]).max() < 0.01


def test_espeak_renders_the_pause_after_a_chunk_as_ssml_break() -> None:
    """The pause after a heading is part of the engine's audio: a 1.5 s break adds about that much."""
    engine = EspeakEngine()
    plain, rate = read_wav(engine.synthesize("Guten Tag.", voice="de", language="de", pause_after_ms=0).data)
    paused, _ = read_wav(engine.synthesize("Guten Tag.", voice="de", language="de", pause_after_ms=1500).data)
    assert 0.9 < (paused.size - plain.size) / rate < 1.6


def test_text_with_markup_characters_is_spoken_not_parsed() -> None:
    """ "&" and "<" in a chunk are escaped in the SSML, so the engine still speaks."""
    synthesis = EspeakEngine().synthesize("A < B & C", voice="en", language="en", pause_after_ms=0)
    samples, rate = read_wav(synthesis.data)
    assert samples.size / rate > 0.5


def test_lexicon_phonemes_reach_espeak_as_phoneme_input() -> None:
    """A word with phonemes is spoken from them: a long phoneme string makes a short word long."""
    engine = EspeakEngine()
    plain, rate = read_wav(engine.synthesize("Ort X.", voice="de", language="de", pause_after_ms=0).data)
    spelled, _ = read_wav(
        engine.synthesize(
            "Ort X.", voice="de", language="de", pause_after_ms=0, phonemes={"X": "'a:b@ts'e:d'e:Ef'ge:"}
        ).data
    )
    assert spelled.size / rate > plain.size / rate + 0.4


def test_ssml_escapes_text_and_marks_phoneme_words() -> None:
    """Markup characters in the text are escaped; only whole words get their phonemes."""
    document = ssml("A & X, AX.", "de", 300, {"X": "Iks"})
    assert document == '<speak xml:lang="de">A &amp; [[Iks]], AX.<break time="300ms"/></speak>'


def test_without_mbrola_the_plain_german_voice_is_used(tmp_path: Path) -> None:
    """MBROLA voices are used only when program and database are installed; else "de"."""
    assert not mbrola_installed("de6", root=tmp_path)
    expected = "mb-de6" if mbrola_installed("de6") else ("mb-de7" if mbrola_installed("de7") else "de")
    assert EspeakEngine().voice_for("de-DE") == expected


def test_piper_without_a_model_says_which_setting_to_set() -> None:
    """Nothing is downloaded: the error names the setting and its environment variable."""
    with pytest.raises(EngineUnavailable, match="PUBLISHER_AUDIO__PIPER_MODEL"):
        make_engine(AudioSettings(engine="piper"))


def test_piper_with_a_missing_model_file_names_the_path(tmp_path: Path) -> None:
    """A model path that does not exist is reported with the path."""
    missing = tmp_path / "de_DE-voice.onnx"
    with pytest.raises(EngineUnavailable, match=r"de_DE-voice\.onnx does not exist"):
        make_engine(AudioSettings(engine="piper", piper_model=missing))


def test_an_unknown_engine_lists_the_known_ones() -> None:
    """A typo in the engine setting is a clear error."""
    with pytest.raises(EngineUnavailable, match="espeak-ng, gtts, piper"):
        make_engine(AudioSettings(engine="espeak"))


def test_chunks_end_at_sentence_boundaries_and_carry_chapters(make_article: Callable[..., Article]) -> None:
    """No chunk cuts a sentence; the chunk that starts a section carries its chapter title."""
    script = build_script(make_article())
    chunks = plan_chunks(script, max_chars=60)
    sentences = [sentence for segment in script.segments for sentence in segment.sentences]
    assert " ".join(chunk.text for chunk in chunks) == " ".join(sentences)
    assert all(chunk.text.endswith((".", ":", "!", "?")) for chunk in chunks)
    assert [chunk.chapter for chunk in chunks if chunk.chapter] == script.chapters()


def test_worker_processes_speak_chunks_side_by_side_as_the_library_does(
    make_article: Callable[..., Article],
) -> None:
    """Spoken by two worker processes at once, every chunk lasts as long as the in-process library makes it
    (within the library's 2 % of state carried between calls), and comes back in order."""
    script = build_script(make_article())
    in_process = speak_script(script, EspeakEngine(), workers=1)
    engine = EspeakEngine(processes=2)
    side_by_side = speak_script(script, engine, workers=2)
    assert engine.speakers is not None
    engine.speakers.close()
    assert [timed.chunk for timed in side_by_side.timeline] == [timed.chunk for timed in in_process.timeline]
    for spoken, alone in zip(side_by_side.timeline, in_process.timeline, strict=True):
        assert spoken.end - spoken.start == pytest.approx(alone.end - alone.start, rel=0.05)
    assert side_by_side.duration == pytest.approx(in_process.duration, rel=0.02)


def test_a_worker_process_that_cannot_speak_fails_the_chunk_clearly() -> None:
    """An unknown voice is reported by the worker as by the library, and the worker goes on speaking."""
    engine = EspeakEngine(processes=2)
    with pytest.raises(EngineError, match="no voice 'xx-none'"):
        engine.synthesize("Guten Tag.", voice="xx-none", language="de", pause_after_ms=0)
    spoken = engine.synthesize("Guten Tag.", voice="de", language="de", pause_after_ms=0)
    assert read_wav(spoken.data)[0].size > 0


def test_parallel_synthesis_joins_chunks_in_order_and_caches_them(
    make_article: Callable[..., Article], tmp_path: Path
) -> None:
    """Parallel and sequential runs time every chunk alike; a second run reads every chunk from the cache.

    espeak-ng's library carries some state from one call to the next, so a chunk may come out a
    little longer or shorter depending on what this process spoke before it (at most about 2 %).
    """
    script = build_script(make_article())
    cache = tmp_path / "cache"
    parallel = speak_script(script, EspeakEngine(), workers=2, cache=cache)
    cached_files = sorted(cache.rglob("*.wav"))
    sequential = speak_script(script, EspeakEngine(), workers=1, cache=None)
    assert len(cached_files) == len(parallel.timeline)
    assert [timed.chunk for timed in parallel.timeline] == [timed.chunk for timed in sequential.timeline]
    for fast, slow in zip(parallel.timeline, sequential.timeline, strict=True):
        assert fast.end - fast.start == pytest.approx(slow.end - slow.start, rel=0.05)
    starts = [timed.start for timed in parallel.timeline]
    assert starts == sorted(starts)
    assert parallel.timeline[-1].end == pytest.approx(parallel.duration)

    class Refusing(EspeakEngine):
        def synthesize(self, text: str, **options: object) -> object:  # type: ignore[override]
            raise AssertionError("a cached chunk was synthesised again")

    again = speak_script(script, Refusing(), workers=2, cache=cache)
    assert (again.samples() == parallel.samples()).all()


def test_a_chunk_spoken_at_another_rate_is_not_taken_from_the_cache(
    make_article: Callable[..., Article], tmp_path: Path
) -> None:
    """Two sites sharing one chunk cache at 120 and 165 words a minute each hear their own rate."""
    script = build_script(make_article())
    cache = tmp_path / "cache"
    slow = speak_script(script, EspeakEngine(speed_wpm=120), workers=1, cache=cache)
    usual = speak_script(script, EspeakEngine(speed_wpm=165), workers=1, cache=cache)
    fresh = speak_script(script, EspeakEngine(speed_wpm=165), workers=1, cache=None)
    assert usual.duration == pytest.approx(fresh.duration, rel=0.02)
    assert slow.duration > usual.duration * 1.2
