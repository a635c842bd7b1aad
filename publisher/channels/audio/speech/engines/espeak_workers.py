"""Processes that speak chunks side by side, each with its own espeak-ng library (``espeak_library``).

One process speaks one chunk at a time (the library's voice is global state), so the engine keeps
a few of them and hands each request to an idle one. They start when the engine is made, so their
start-up overlaps writing the script, and end when the engine is dropped (their input closes).
"""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import weakref
from collections.abc import Sequence

from publisher.channels.audio.speech.engines import espeak_library
from publisher.channels.audio.speech.engines.espeak_library import (
    LibraryMissing,
    SpeakFailed,
    read_message,
    write_message,
)

__all__ = ["SpeakerProcesses"]

_SPOKEN = 0


class _Speaker:
    """One worker process; its greeting (the library's rate, or why it has none) is read on first use."""

    def __init__(self) -> None:
        # -S -E: the worker needs nothing but the standard library, so it skips site-packages.
        command = [sys.executable, "-S", "-E", espeak_library.__file__]
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.greeted = False

    def speak(self, documents: Sequence[str], voice: str, speed_wpm: int) -> bytes:
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        try:
            if not self.greeted:
                status, payload = read_message(stdout, with_status=True)
                if status != _SPOKEN:
                    raise LibraryMissing(payload.decode(errors="replace"))
                self.greeted = True
            request = {"documents": list(documents), "voice": voice, "speed_wpm": speed_wpm}
            write_message(stdin, json.dumps(request).encode())
            status, payload = read_message(stdout, with_status=True)
        except (EOFError, BrokenPipeError) as error:
            raise SpeakFailed(f"an espeak-ng worker process ended ({self.process.poll()})") from error
        if status != _SPOKEN:
            raise SpeakFailed(payload.decode(errors="replace"))
        return payload


def _stop(speakers: list[_Speaker]) -> None:
    for speaker in speakers:
        if speaker.process.stdin is not None:
            speaker.process.stdin.close()
    for speaker in speakers:
        try:
            speaker.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            speaker.process.kill()
            speaker.process.wait()
        if speaker.process.stdout is not None:
            speaker.process.stdout.close()


class SpeakerProcesses:
    """``count`` worker processes; ``speak`` waits for an idle one (safe to call from several threads)."""

    def __init__(self, count: int) -> None:
        speakers = [_Speaker() for _ in range(count)]
        self._idle: queue.SimpleQueue[_Speaker] = queue.SimpleQueue()
        for speaker in speakers:
            self._idle.put(speaker)
        self._finalizer = weakref.finalize(self, _stop, speakers)

    def speak(self, documents: Sequence[str], voice: str, speed_wpm: int) -> bytes:
        """The PCM of the last of ``documents`` spoken in order by one worker."""
        speaker = self._idle.get()
        try:
            return speaker.speak(documents, voice, speed_wpm)
        finally:
            self._idle.put(speaker)

    def close(self) -> None:
        """End the processes now (else they end when this object is dropped)."""
        self._finalizer()
