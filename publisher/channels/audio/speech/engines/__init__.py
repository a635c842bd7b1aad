"""Text-to-speech engines: one module each, picked by name from ``ENGINES``.

A factory takes the audio settings and returns a ready engine, or raises
``EngineUnavailable`` with what to install or configure.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from publisher.channels.audio.speech.engines.base import Engine, EngineError, EngineUnavailable, Synthesis
from publisher.channels.audio.speech.engines.espeak import EspeakEngine
from publisher.channels.audio.speech.engines.google import GoogleEngine
from publisher.channels.audio.speech.engines.piper import PiperEngine
from publisher.settings import AudioSettings

__all__ = ["ENGINES", "Engine", "EngineError", "EngineUnavailable", "Synthesis", "make_engine"]

ENGINES: dict[str, Callable[[AudioSettings], Engine]] = {
    # One process per chunk spoken at the same time: the library speaks one chunk at a time.
    "espeak-ng": lambda settings: EspeakEngine(
        speed_wpm=settings.speed_wpm,
        voices=settings.voices,
        processes=settings.workers or os.cpu_count() or 1,
    ),
    "gtts": lambda settings: GoogleEngine(retries=settings.gtts_retries, backoff_s=settings.gtts_backoff_s),
    "piper": lambda settings: PiperEngine(settings.piper_model, settings.voices),
}


def make_engine(settings: AudioSettings) -> Engine:
    """The engine named in the settings."""
    try:
        factory = ENGINES[settings.engine]
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise EngineUnavailable(
            f"unknown speech engine {settings.engine!r} (known engines: {known})"
        ) from None
    return factory(settings)
