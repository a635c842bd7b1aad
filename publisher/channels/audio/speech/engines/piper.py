"""Piper: an optional offline neural engine, with one voice model file per language.

Nothing is downloaded: ``audio.piper_model`` names the article language's ``.onnx`` voice (with
its ``.onnx.json`` beside it), ``audio.voices`` the models of other languages (``{"en":
"/voices/en_US-joe-medium.onnx"}``), and the ``piper-tts`` package must be installed. A
model is loaded once per process and reused for every chunk. A chunk with runs in another
language is spoken run by run, each with its language's model, and joined without a click.
"""

from __future__ import annotations

import io
import threading
import wave
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from publisher.channels.audio.speech.engines.base import EngineError, EngineUnavailable, Synthesis
from publisher.channels.audio.speech.runs import join_without_click, primary, split_runs

__all__ = ["PiperEngine", "check_model"]

_LOADED: dict[Path, Any] = {}
_LOCK = threading.Lock()


def check_model(model: Path) -> Path:
    """``model`` if it is a usable voice file; raises ``EngineUnavailable`` saying what is missing."""
    if not model.is_file():
        raise EngineUnavailable(f"the piper voice model {model} does not exist")
    if not model.with_name(model.name + ".json").is_file():
        raise EngineUnavailable(f"the piper voice model needs its configuration {model}.json beside it")
    return model


def _voice(model: Path) -> Any:
    with _LOCK:
        if model not in _LOADED:
            from piper import PiperVoice  # the optional package, imported only when piper speaks

            _LOADED[model] = PiperVoice.load(model)
        return _LOADED[model]


class PiperEngine:
    """Speaks with piper's voice models: one for the article's language, others from ``voices``."""

    name = "piper"
    renders_pauses = False

    def __init__(self, model: Path | None, voices: Mapping[str, str] | None = None) -> None:
        if model is None:
            raise EngineUnavailable(
                "the piper engine needs a voice model: set audio.piper_model (PUBLISHER_AUDIO__PIPER_MODEL) "
                "to the path of a .onnx voice file"
            )
        self.model = check_model(model)
        self.models = {
            primary(language): check_model(Path(path)) for language, path in (voices or {}).items()
        }
        try:
            import piper  # noqa: F401
        except ImportError as error:
            raise EngineUnavailable(
                "the piper engine needs the package piper-tts: install it with 'pip install piper-tts'"
            ) from error

    @property
    def sound_settings(self) -> str:
        return ""  # the voice alone decides the sound

    def voice_for(self, language: str) -> str:
        return str(self.models.get(primary(language), self.model))

    def synthesize(
        self,
        text: str,
        *,
        voice: str,
        language: str,
        pause_after_ms: int,
        phonemes: Mapping[str, str] | None = None,
    ) -> Synthesis:
        parts: list[npt.NDArray[np.int16]] = []
        rate = 0
        for run_language, words in split_runs(text):
            model = Path(voice) if run_language is None else Path(self.voice_for(run_language))
            samples, run_rate = self._speak(model, words)
            rate = rate or run_rate
            parts.append(_resampled(samples, run_rate, rate))
        if not parts or not any(part.size for part in parts):
            raise EngineError(f"piper produced no audio for {text[:60]!r}")
        return Synthesis(_wav(join_without_click(parts, rate), rate), "wav")

    def _speak(self, model: Path, words: str) -> tuple[npt.NDArray[np.int16], int]:
        try:
            chunks = list(_voice(model).synthesize(words))
        except Exception as error:  # piper raises whatever onnxruntime raises
            raise EngineError(f"piper failed with {model.name}: {error}") from error
        if not chunks:
            return np.zeros(0, dtype=np.int16), 22050
        return np.concatenate([chunk.audio_int16_array for chunk in chunks]), int(chunks[0].sample_rate)


def _resampled(samples: npt.NDArray[np.int16], rate: int, target: int) -> npt.NDArray[np.int16]:
    """Two voices may differ in rate (16 and 22.05 kHz); the run is brought to the chunk's rate."""
    if rate == target or not samples.size:
        return samples
    count = round(samples.size * target / rate)
    positions = np.linspace(0, samples.size - 1, count)
    return np.interp(positions, np.arange(samples.size), samples).astype(np.int16)


def _wav(samples: npt.NDArray[np.int16], rate: int) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.astype("<i2").tobytes())
    return buffer.getvalue()
