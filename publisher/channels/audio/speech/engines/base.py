"""The one small interface every text-to-speech engine implements.

EngineError
└── EngineUnavailable    the engine is not installed or not configured (nothing was tried)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from publisher.errors import PublisherError

__all__ = ["AudioFormat", "Engine", "EngineError", "EngineUnavailable", "Synthesis", "expected_rate"]

AudioFormat = Literal["wav", "mp3"]


class EngineError(PublisherError):
    """Synthesis failed; the message says which engine and why."""


class EngineUnavailable(EngineError):
    """The engine cannot run here: a program, package or voice model is missing."""


@dataclass(frozen=True)
class Synthesis:
    """Audio as the engine produced it, before it is decoded and joined."""

    data: bytes
    format: AudioFormat


@runtime_checkable
class Engine(Protocol):
    """A text-to-speech engine: speaks one chunk of already normalised text."""

    name: str
    # True when the engine renders the pause after a chunk itself (SSML); otherwise silence is added.
    renders_pauses: bool

    @property
    def sound_settings(self) -> str:
        """The engine's settings beyond the voice that change how a chunk sounds (its speaking rate).

        Part of the chunk cache's key: a chunk spoken at another rate is another recording.
        """
        ...

    def voice_for(self, language: str) -> str:
        """The voice used for a BCP 47 language tag unless one is configured."""
        ...

    def synthesize(
        self,
        text: str,
        *,
        voice: str,
        language: str,
        pause_after_ms: int,
        phonemes: Mapping[str, str] | None = None,
    ) -> Synthesis:
        """Speak ``text``; raises ``EngineError`` when the engine fails.

        ``phonemes`` maps words of ``text`` to espeak-ng phoneme mnemonics from the lexicon;
        an engine that cannot take phonemes speaks the words as written.
        """
        ...


def expected_rate(engine: Engine) -> int | None:
    """The sample rate an engine's chunks come at, if it says so (``sample_rate``); None if unknown.

    Optional: an engine whose rate depends on the voice or the service leaves it out.
    """
    rate = getattr(engine, "sample_rate", None)
    return rate if isinstance(rate, int) else None
