"""eSpeak NG: the offline default engine, driving an MBROLA German voice when one is installed.

The engine calls the espeak-ng library (``libespeak-ng.so.1`` from the Debian package
``espeak-ng``) in-process: starting the ``espeak-ng`` program for every chunk cost more time
than the synthesis itself. Chunks are sent as SSML, so the pause after a heading or a quote
is the engine's own ``<break>``; numbers and abbreviations arrive already spoken out.

The library keeps its voice and parameters in global state, so calls in one process are
serialised by a lock; it speaks several minutes of audio in a fraction of a second. With
``processes`` above one, chunks are spoken side by side by worker processes that each hold their
own library (``espeak_workers``); the engine's own library then only gives the rate. It also carries some
state from one call to the next: the silence before a chunk is replaced by a fixed lead-in,
and a short fixed utterance before each chunk keeps the rest within about 2 % of its length.
"""

from __future__ import annotations

import io
import re
import shutil
import wave
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

import numpy as np

from publisher.channels.audio.speech.engines.base import EngineError, EngineUnavailable, Synthesis
from publisher.channels.audio.speech.engines.espeak_library import (
    LIBRARY,
    Library,
    LibraryMissing,
    SpeakFailed,
)
from publisher.channels.audio.speech.engines.espeak_workers import SpeakerProcesses
from publisher.channels.audio.speech.runs import primary, split_runs

__all__ = ["LIBRARY", "MBROLA_DIR", "MBROLA_VOICES", "EspeakEngine", "mbrola_installed", "ssml"]

MBROLA_DIR = Path("/usr/share/mbrola")
# Preferred MBROLA voices per language, best first (Debian packages mbrola-de6, mbrola-de7, ...).
MBROLA_VOICES = {"de": ("de6", "de7"), "en": ("en1", "us1")}
_PLAIN_VOICES = {"de": "de", "en": "en"}

# 16-bit sample values at or under this count as silence; every chunk starts after this lead-in.
_SILENCE_LEVEL = 8
_LEAD_IN_MS = 20
_RESET_TEXT = "a."


def mbrola_installed(voice: str, root: Path = MBROLA_DIR) -> bool:
    """Whether the ``mbrola`` program and the voice database (e.g. ``de6``) are both installed."""
    return shutil.which("mbrola") is not None and (root / voice / voice).is_file()


def ssml(
    text: str,
    language: str,
    pause_after_ms: int,
    phonemes: Mapping[str, str] | None = None,
    voices: Mapping[str, str] | None = None,
) -> str:
    """A chunk as SSML: the text escaped, words with lexicon phonemes as ``[[...]]``, then a break.

    A run in another language becomes a ``<voice>`` element: the library switches to that
    language's voice (``voices`` names one, else its default) inside the one utterance, so
    the seam has no gap and no click.
    """
    body = "".join(
        escape(words) if run is None else _foreign_voice(run, escape(words), voices or {})
        for run, words in split_runs(text)
    )
    if phonemes:
        pattern = "|".join(re.escape(escape(word)) for word in sorted(phonemes, key=len, reverse=True))
        spelled = {escape(word): escape(value) for word, value in phonemes.items()}
        body = re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", lambda match: f"[[{spelled[match.group(0)]}]]", body)
    pause = f'<break time="{pause_after_ms}ms"/>' if pause_after_ms else ""
    return f'<speak xml:lang="{escape(language)}">{body}{pause}</speak>'


def _foreign_voice(language: str, words: str, voices: Mapping[str, str]) -> str:
    named = voices.get(primary(language))
    attribute = f'name="{escape(named)}"' if named else f'xml:lang="{escape(language)}"'
    return f"<voice {attribute}>{words}</voice>"


class EspeakEngine:
    """Speaks through the espeak-ng library."""

    name = "espeak-ng"
    renders_pauses = True

    def __init__(
        self, speed_wpm: int = 165, voices: Mapping[str, str] | None = None, processes: int = 1
    ) -> None:
        """``processes`` above one: chunks are spoken side by side by that many worker processes."""
        self.speed_wpm = speed_wpm
        self.voices = {primary(language): voice for language, voice in (voices or {}).items()}
        try:
            self.library = Library.get()
        except LibraryMissing as error:
            raise EngineUnavailable(str(error)) from error
        self.speakers = SpeakerProcesses(processes) if processes > 1 else None

    @property
    def sound_settings(self) -> str:
        return f"{self.speed_wpm} wpm"

    @property
    def sample_rate(self) -> int:
        """The rate of the library's samples (Hz), the same for every voice."""
        return self.library.rate

    def voice_for(self, language: str) -> str:
        main = primary(language)
        if main in self.voices:
            return self.voices[main]
        for voice in MBROLA_VOICES.get(main, ()):
            if mbrola_installed(voice):
                return f"mb-{voice}"
        return _PLAIN_VOICES.get(main, main)

    def synthesize(
        self,
        text: str,
        *,
        voice: str,
        language: str,
        pause_after_ms: int,
        phonemes: Mapping[str, str] | None = None,
    ) -> Synthesis:
        # A fixed short utterance first, so every chunk starts from the same state of the library.
        documents = [
            ssml(_RESET_TEXT, language, 0),
            ssml(text, language, pause_after_ms, phonemes, self.voices),
        ]
        try:
            if self.speakers is None:
                pcm = self.library.speak_all(documents, voice, self.speed_wpm)
            else:
                pcm = self.speakers.speak(documents, voice, self.speed_wpm)
        except LibraryMissing as error:
            raise EngineUnavailable(str(error)) from error
        except SpeakFailed as error:
            raise EngineError(str(error)) from error
        samples = np.frombuffer(pcm, dtype="<i2")
        voiced = np.abs(samples) > _SILENCE_LEVEL
        first = int(voiced.argmax()) if samples.size else 0
        if not samples.size or not voiced[first]:
            raise EngineError(f"espeak-ng produced no audio for voice {voice!r}")
        # The library starts each call with a silence whose length depends on the call before;
        # a fixed lead-in makes a chunk's audio depend on its text alone.
        lead_in = np.zeros(self.library.rate * _LEAD_IN_MS // 1000, dtype="<i2")
        pcm = lead_in.tobytes() + samples[first:].tobytes()
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as wav:
            wav.setnchannels(1)
            wav.setsampwidth(2)
            wav.setframerate(self.library.rate)
            wav.writeframes(pcm)
        return Synthesis(buffer.getvalue(), "wav")
