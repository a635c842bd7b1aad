"""Piper: an optional offline neural engine, run with a voice model file the user provides.

Nothing is downloaded: ``audio.piper_model`` must name an ``.onnx`` voice (with its
``.onnx.json`` beside it) and the ``piper`` program (``pip install piper-tts``) must be installed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from pathlib import Path

from publisher.channels.audio.speech.engines.base import EngineError, EngineUnavailable, Synthesis

__all__ = ["PiperEngine"]

_TIMEOUT_S = 300


class PiperEngine:
    """Speaks through the ``piper`` program with one voice model."""

    name = "piper"
    renders_pauses = False

    def __init__(self, model: Path | None, command: str = "piper") -> None:
        if model is None:
            raise EngineUnavailable(
                "the piper engine needs a voice model: set audio.piper_model (PUBLISHER_AUDIO__PIPER_MODEL) "
                "to the path of a .onnx voice file"
            )
        if not model.is_file():
            raise EngineUnavailable(f"the piper voice model {model} does not exist")
        if not model.with_name(model.name + ".json").is_file():
            raise EngineUnavailable(f"the piper voice model needs its configuration {model}.json beside it")
        if shutil.which(command) is None:
            raise EngineUnavailable(
                f"the piper engine needs the program {command!r}: install it with 'pip install piper-tts'"
            )
        self.model = model
        self.command = command

    def voice_for(self, language: str) -> str:
        return self.model.stem

    def synthesize(
        self,
        text: str,
        *,
        voice: str,
        language: str,
        pause_after_ms: int,
        phonemes: Mapping[str, str] | None = None,
    ) -> Synthesis:
        with tempfile.TemporaryDirectory(prefix="publisher-piper-") as folder:
            output = Path(folder) / "chunk.wav"
            command = [self.command, "--model", str(self.model), "--output_file", str(output)]
            try:
                result = subprocess.run(
                    command, input=text.encode(), capture_output=True, timeout=_TIMEOUT_S, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as error:
                raise EngineError(f"piper failed: {error}") from error
            if result.returncode != 0 or not output.is_file():
                message = result.stderr.decode(errors="replace").strip()[-500:] or "no audio produced"
                raise EngineError(f"piper failed: {message}")
            return Synthesis(output.read_bytes(), "wav")
