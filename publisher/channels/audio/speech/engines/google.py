"""gTTS: Google Translate's text-to-speech endpoint (online), fed text the project has normalised.

gTTS's own pre-processors are written for English (one drops the full stop after German words
ending in "st"), so they are switched off and the text is cut at our own phrase boundaries
into the 100-character pieces the endpoint accepts. Parts in another language are requested in
that language. HTTP 429 (rate limit) is retried with exponential back-off.
"""

from __future__ import annotations

import importlib.util
import io
import random
import re
import time
from collections.abc import Callable, Mapping

from publisher.channels.audio.speech.engines.base import EngineError, EngineUnavailable, Synthesis
from publisher.channels.audio.speech.runs import primary, split_runs

__all__ = ["MAX_CHARS", "GoogleEngine", "pieces"]

MAX_CHARS = 100
_WORD = re.compile(r"\w")
_PHRASE_END = re.compile(r"(?<=[,;:.!?])\s+")


def pieces(text: str, limit: int = MAX_CHARS) -> list[str]:
    """``text`` cut into pieces of at most ``limit`` characters, at phrase ends, else between words."""
    result: list[str] = []
    for phrase in _PHRASE_END.split(text.strip()):
        words = phrase.split()
        current = ""
        for word in words:
            while len(word) > limit:
                if current:
                    result.append(current)
                    current = ""
                result.append(word[:limit])
                word = word[limit:]
            candidate = f"{current} {word}".strip()
            if len(candidate) > limit:
                result.append(current)
                current = word
            else:
                current = candidate
        if current:
            if (
                result
                and len(result[-1]) + 1 + len(current) <= limit
                and not result[-1].endswith((".", "!", "?"))
            ):
                result[-1] = f"{result[-1]} {current}"
            else:
                result.append(current)
    return [piece for piece in result if piece]


class GoogleEngine:
    """Speaks through gTTS; ``voice`` is the Google host's top-level domain ("com", "de", "co.uk")."""

    name = "gtts"
    renders_pauses = False

    def __init__(
        self,
        *,
        retries: int = 5,
        backoff_s: float = 2.0,
        timeout_s: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if importlib.util.find_spec("gtts") is None:
            raise EngineUnavailable("the gtts engine needs the Python package gTTS: pip install gTTS")
        self.retries = retries
        self.backoff_s = backoff_s
        self.timeout_s = timeout_s
        self.sleep = sleep

    @property
    def sound_settings(self) -> str:
        return ""  # the voice alone decides the sound

    def voice_for(self, language: str) -> str:
        return "com"

    def synthesize(
        self,
        text: str,
        *,
        voice: str,
        language: str,
        pause_after_ms: int,
        phonemes: Mapping[str, str] | None = None,
    ) -> Synthesis:
        # A run in another language ("⟦en|Start-up⟧") is requested in that language: Google's voice
        # for it reads it. The MP3 frames of the runs follow each other, as gTTS joins its own pieces.
        # A run of punctuation alone (the full stop after a foreign word) has nothing to say.
        audio = b"".join(
            self._speak(words, voice, primary(run or language))
            for run, words in split_runs(text)
            if _WORD.search(words)
        )
        if not audio:
            raise EngineError("gTTS was given no words to speak")
        return Synthesis(audio, "mp3")

    def _speak(self, text: str, tld: str, language: str) -> bytes:
        """MP3 of ``text`` in one language, retried with back-off while the endpoint answers 429."""
        from gtts import gTTS, gTTSError  # type: ignore[import-untyped]

        tts = gTTS(
            text.strip(),
            tld=tld,
            lang=language,
            lang_check=False,
            pre_processor_funcs=[],
            tokenizer_func=pieces,
            timeout=self.timeout_s,
        )
        for attempt in range(self.retries + 1):
            buffer = io.BytesIO()
            try:
                tts.write_to_fp(buffer)
                return buffer.getvalue()
            except gTTSError as error:
                status = getattr(error.rsp, "status_code", None)
                if status != 429 or attempt == self.retries:
                    raise EngineError(f"gTTS failed: {error}") from error
                # Exponential back-off with jitter, so parallel chunks do not retry in step.
                self.sleep(self.backoff_s * 2**attempt * (1 + random.random() / 2))
        raise EngineError("gTTS failed: rate limited")  # pragma: no cover - the loop returns or raises
