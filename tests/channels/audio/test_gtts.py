"""gTTS gets our normalised text untouched, in pieces of at most 100 characters, and backs off on HTTP 429.

Google's endpoint is unreachable from tests: the HTTP layer (requests' adapter) is replaced by
a recorder that answers like the endpoint, with a real MP3.
"""

from __future__ import annotations

import base64
import json
import subprocess
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
import requests.adapters

from publisher.channels.audio.speech.chunks import speak_script
from publisher.channels.audio.speech.engines import EngineError, make_engine
from publisher.channels.audio.speech.engines.google import GoogleEngine, pieces
from publisher.channels.audio.speech.script import build_script
from publisher.model import Article
from publisher.settings import AudioSettings


@pytest.fixture(scope="module")
def beep_mp3(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real quarter-second MP3, as the endpoint would send (24 kHz mono)."""
    path = tmp_path_factory.mktemp("gtts") / "beep.mp3"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.25", "-ar", "24000",
         "-ac", "1", "-c:a", "libmp3lame", "-b:a", "32k", str(path)],
        check=True,
    )  # fmt: skip
    return path.read_bytes()


class Endpoint:
    """Stands in for Google's batchexecute endpoint: records requests, answers with queued statuses."""

    def __init__(self, audio: bytes) -> None:
        self.audio = audio
        self.requests: list[requests.PreparedRequest] = []
        self.statuses: list[int] = []

    def spoken(self) -> list[list[Any]]:
        """The [text, lang, speed, ...] parameter of every request, decoded."""
        result = []
        for request in self.requests:
            body = request.body if isinstance(request.body, str) else (request.body or b"").decode()
            rpc = json.loads(urllib.parse.unquote(body.removeprefix("f.req=").rstrip("&")))
            result.append(json.loads(rpc[0][0][1]))
        return result

    def send(self, request: requests.PreparedRequest) -> requests.Response:
        self.requests.append(request)
        response = requests.Response()
        response.status_code = self.statuses.pop(0) if self.statuses else 200
        response.reason = "Too Many Requests" if response.status_code == 429 else "OK"
        response.request = request
        response.url = request.url or ""
        encoded = base64.b64encode(self.audio).decode()
        response._content = (
            f')]}}\'\n\n[["wrb.fr","jQ1olc","[\\"{encoded}\\"]",null,null,null,"generic"]]'.encode()
        )
        return response


@pytest.fixture
def endpoint(monkeypatch: pytest.MonkeyPatch, beep_mp3: bytes) -> Iterator[Endpoint]:
    fake = Endpoint(beep_mp3)
    monkeypatch.setattr(
        requests.adapters.HTTPAdapter, "send", lambda adapter, request, **options: fake.send(request)
    )
    yield fake


def test_normalised_german_text_reaches_google_unchanged(endpoint: Endpoint) -> None:
    """gTTS's English pre-processors are off: "im Herbst." keeps its full stop, nothing is rewritten."""
    engine = GoogleEngine(sleep=lambda seconds: None)
    synthesis = engine.synthesize(
        "Der Bau beginnt im Herbst.", voice="de", language="de-DE", pause_after_ms=0
    )
    assert synthesis.format == "mp3"
    assert endpoint.spoken() == [["Der Bau beginnt im Herbst.", "de", None, "null"]]
    assert endpoint.requests[0].url == "https://translate.google.de/_/TranslateWebserverUi/data/batchexecute"


def test_long_chunks_are_sent_in_pieces_of_at_most_100_characters(endpoint: Endpoint) -> None:
    """Pieces end at phrase boundaries and together are the whole text."""
    sentence = (
        "Das Land stellt zweiundsechzig Millionen Euro bereit, davon eins Komma drei Millionen Euro für "
        "Schulen, Kitas und Bibliotheken in den Landkreisen Nordheide, Talbach, Obermoor und Westerfeld."
    )
    GoogleEngine(sleep=lambda seconds: None).synthesize(
        sentence, voice="com", language="de", pause_after_ms=0
    )
    sent = [parameters[0] for parameters in endpoint.spoken()]
    assert len(sent) > 1
    assert all(len(piece) <= 100 for piece in sent)
    assert " ".join(sent) == sentence
    assert pieces(sentence) == sent


def test_rate_limiting_is_retried_with_growing_back_off(endpoint: Endpoint) -> None:
    """Two HTTP 429 answers, then success: two waits, each longer than the one before."""
    waits: list[float] = []
    endpoint.statuses = [429, 429, 200]
    GoogleEngine(backoff_s=1.0, sleep=waits.append).synthesize(
        "Hallo.", voice="com", language="de", pause_after_ms=0
    )
    assert len(endpoint.requests) == 3
    assert len(waits) == 2
    assert 1.0 <= waits[0] < waits[1]


def test_persistent_rate_limiting_fails_the_channel_with_a_clear_error(endpoint: Endpoint) -> None:
    """After the configured retries the engine gives up and says why."""
    endpoint.statuses = [429] * 3
    engine = GoogleEngine(retries=2, sleep=lambda seconds: None)
    with pytest.raises(EngineError, match="429"):
        engine.synthesize("Hallo.", voice="com", language="de", pause_after_ms=0)
    assert len(endpoint.requests) == 3


def test_a_re_release_only_synthesises_changed_chunks(
    endpoint: Endpoint, make_article: Callable[..., Article], tmp_path: Path
) -> None:
    """Chunks are cached by engine, voice and text: a changed lead costs one request, not all of them."""
    engine = make_engine(AudioSettings(engine="gtts", gtts_backoff_s=0))
    cache = tmp_path / "cache"
    first = speak_script(build_script(make_article()), engine, cache=cache)
    requests_first = len(endpoint.requests)
    changed = build_script(make_article(summary="Die Stadt investiert 3 Mio. € in Radwege."))
    speak_script(changed, engine, cache=cache)
    assert requests_first >= len(first.timeline)
    assert len(endpoint.requests) - requests_first == 1
    # Pauses are added as silence after chunks, since gTTS has no SSML.
    assert first.duration > 0.25 * len(first.timeline) + 1.0


def test_a_part_in_another_language_is_requested_in_that_language(endpoint: Endpoint) -> None:
    """ "⟦en|Start-ups⟧" inside German is sent as English; the German words around it as German, in order."""
    GoogleEngine(sleep=lambda seconds: None).synthesize(
        "Das Land fördert ⟦en|Start-ups⟧ in der Region.", voice="de", language="de-DE", pause_after_ms=0
    )
    assert [parameters[:2] for parameters in endpoint.spoken()] == [
        ["Das Land fördert", "de"],
        ["Start-ups", "en"],
        ["in der Region.", "de"],
    ]


def test_an_article_with_an_english_span_reaches_google_in_both_languages(
    endpoint: Endpoint, make_article: Callable[..., Article]
) -> None:
    """End to end from the model: a ``lang="en"`` span and a loanword are requested with ``en``."""
    article = make_article(
        body=[
            {
                "type": "paragraph",
                "children": [
                    {"type": "text", "text": "Das Motto lautet "},
                    {
                        "type": "span",
                        "lang": "en",
                        "children": [{"type": "text", "text": "Made in the Southwest"}],
                    },
                    {"type": "text", "text": " und gilt für jedes Start-up im Land."},
                ],
            }
        ]
    )
    speak_script(build_script(article), make_engine(AudioSettings(engine="gtts", gtts_backoff_s=0)))
    english = [parameters[0] for parameters in endpoint.spoken() if parameters[1] == "en"]
    assert english == ["Made in the Southwest", "Start-up"]
    assert all(parameters[1] in ("de", "en") for parameters in endpoint.spoken())
