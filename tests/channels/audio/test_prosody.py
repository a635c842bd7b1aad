"""A press release is read with a newsreader's pauses: measured in the markup and in espeak-ng's real audio.

The script gives each segment its pause; the espeak-ng engine renders it as an SSML ``<break>``.
The end-to-end tests speak a short release with the real library and find the silences in the
PCM: a listener hears a list item end, a section start and a quote begin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pytest

from publisher.channels.audio.speech.chunks import SpokenScript, plan_chunks, speak_script
from publisher.channels.audio.speech.engines import make_engine
from publisher.channels.audio.speech.engines.espeak import ssml
from publisher.channels.audio.speech.script import PAUSES_MS, build_script
from publisher.model import Article
from publisher.settings import AudioSettings
from tests.channels.audio.conftest import article_data, text

# Under -45 dBFS for at least 80 ms counts as a pause a listener hears.
_FLOOR = 10 ** (-45 / 20)
_SHORTEST_PAUSE_S = 0.08
_PARAGRAPH = "Der Bau beginnt am dritten April. Er dauert zwei Jahre. Die Stadt zahlt den größten Teil."


def _release(make_article: Callable[..., Article]) -> Article:
    return make_article(
        body=[
            {"type": "paragraph", "children": text(_PARAGRAPH)},
            {"type": "heading", "level": 2, "children": text("Was gebaut wird")},
            {
                "type": "list",
                "items": [
                    {"children": text("Planung im Mai")},
                    {"children": text("Bau im Sommer")},
                    {"children": text("Eröffnung im Herbst")},
                ],
            },
            {
                "type": "quote",
                "paragraphs": [text("Wir freuen uns sehr.")],
                "speaker": "Manne Lucha",
                "role": "Minister",
            },
        ]
    )


def _pauses(spoken: SpokenScript) -> list[tuple[float, float]]:
    """Start and end, in seconds, of every stretch of silence in the joined audio."""
    samples = np.asarray(spoken.samples(), dtype=np.float64)
    scale = 32768.0 if np.abs(samples).max() > 1.5 else 1.0
    quiet = np.abs(samples) < _FLOOR * scale
    edges = np.diff(np.concatenate([[0], quiet.astype(np.int8), [0]]))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    return [
        (start / spoken.rate, end / spoken.rate)
        for start, end in zip(starts, ends, strict=True)
        if (end - start) / spoken.rate >= _SHORTEST_PAUSE_S
    ]


def _pause_after(spoken: SpokenScript, starting: str) -> float:
    """The length of the silence at the end of the chunk whose text starts with ``starting``."""
    [timed] = [timed for timed in spoken.timeline if timed.chunk.text.startswith(starting)]
    [length] = [end - start for start, end in _pauses(spoken) if start < timed.end <= end + 0.03]
    return length


def _pauses_inside(spoken: SpokenScript, starting: str) -> list[float]:
    """The silences between the sentences of one chunk (its leading and trailing ones left out)."""
    [timed] = [timed for timed in spoken.timeline if timed.chunk.text.startswith(starting)]
    return [
        end - start
        for start, end in _pauses(spoken)
        if start > timed.start + 0.05 and end < timed.end - timed.chunk.pause_after_ms / 1000
    ]


@pytest.fixture(scope="module")
def spoken() -> Iterator[SpokenScript]:
    """The short release spoken by espeak-ng with the default settings (no cache: real synthesis)."""
    article = _release(lambda **overrides: Article.model_validate(article_data(**overrides)))
    with speak_script(build_script(article), make_engine(AudioSettings()), workers=1) as spoken:
        yield spoken


def test_list_items_headings_and_quotes_end_with_longer_pauses_than_sentences(
    make_article: Callable[..., Article],
) -> None:
    """The script's pauses rise from a list item to a paragraph to a quote; a section waits longest."""
    script = build_script(_release(make_article))
    pause = {segment.sentences[0]: segment.pause_after_ms for segment in script.segments}
    assert pause["Planung im Mai."] == pause["Bau im Sommer."] == PAUSES_MS["list"]
    # The last item pauses like a paragraph, so the list is heard to end.
    assert pause["Eröffnung im Herbst."] == PAUSES_MS["paragraph"] > PAUSES_MS["list"]
    # The paragraph before a heading waits for the section to start.
    assert pause["Der Bau beginnt am dritten April."] >= 1000
    assert pause["Manne Lucha, Minister, sagte:"] > 0
    assert PAUSES_MS["quote"] > PAUSES_MS["paragraph"]


def test_the_pauses_reach_espeak_ng_as_ssml_breaks(make_article: Callable[..., Article]) -> None:
    """Each chunk's SSML ends with a ``<break>`` of its segment's pause; the speaker's name comes first."""
    chunks = plan_chunks(build_script(_release(make_article)), max_chars=240)
    documents = [ssml(chunk.text, "de", chunk.pause_after_ms) for chunk in chunks]
    item = next(document for document in documents if "Planung im Mai." in document)
    assert item.endswith(f'Planung im Mai.<break time="{PAUSES_MS["list"]}ms"/></speak>')
    speaker = next(index for index, chunk in enumerate(chunks) if chunk.text.endswith("sagte:"))
    assert chunks[speaker].text == "Manne Lucha, Minister, sagte:"
    assert chunks[speaker + 1].text == "Wir freuen uns sehr."


def test_in_the_audio_list_items_are_separated_by_more_than_a_sentence_pause(spoken: SpokenScript) -> None:
    """Silence measured in espeak-ng's PCM: after a list item it is clearly longer than between sentences."""
    between_sentences = _pauses_inside(spoken, "Der Bau beginnt")
    assert len(between_sentences) == 2
    for item in ("Planung im Mai", "Bau im Sommer"):
        assert _pause_after(spoken, item) > 1.2 * max(between_sentences)


def test_in_the_audio_a_section_starts_after_the_longest_pause(spoken: SpokenScript) -> None:
    """Before a heading the silence is at least twice a sentence pause and a second long at least."""
    between_sentences = _pauses_inside(spoken, "Der Bau beginnt")
    before_heading = _pause_after(spoken, "Der Bau beginnt")
    assert before_heading >= 1.0
    assert before_heading > 2 * max(between_sentences)
    assert _pause_after(spoken, "Was gebaut wird") > max(between_sentences)


def test_in_the_audio_the_speaker_is_named_then_a_pause_then_the_quote(spoken: SpokenScript) -> None:
    """ "Manne Lucha, Minister, sagte:" is followed by a pause longer than a sentence's before the quote."""
    between_sentences = _pauses_inside(spoken, "Der Bau beginnt")
    assert _pause_after(spoken, "Manne Lucha") > max(between_sentences)
    assert _pause_after(spoken, "Wir freuen uns sehr") > _pause_after(spoken, "Manne Lucha")


def test_the_default_speaking_rate_is_a_newsreaders(spoken: SpokenScript) -> None:
    """At the default setting espeak-ng says 140 to 190 words a minute, pauses between sentences included."""
    [timed] = [timed for timed in spoken.timeline if timed.chunk.text.startswith("Der Bau beginnt")]
    speaking_s = timed.end - timed.start - timed.chunk.pause_after_ms / 1000
    words_per_minute = len(timed.chunk.text.split()) / speaking_s * 60
    assert 140 <= words_per_minute <= 190, words_per_minute


def test_a_slower_rate_setting_gives_longer_audio(make_article: Callable[..., Article]) -> None:
    """The speaking rate is a setting: 120 words a minute takes longer than the default for the same text."""
    script = build_script(make_article(body=[{"type": "paragraph", "children": text(_PARAGRAPH)}]))
    default = speak_script(script, make_engine(AudioSettings()), workers=1)
    slow = speak_script(script, make_engine(AudioSettings(speed_wpm=120)), workers=1)
    assert slow.duration > 1.2 * default.duration
