"""The espeak-ng library (``libespeak-ng.so.1``) called in-process, and a worker process that speaks with it.

The library keeps its voice and parameters in global state, so one process speaks one chunk at a
time. To speak chunks side by side, the engine starts worker processes: each runs this file as a
script (``python -S -E espeak_library.py``, so it loads nothing but the standard library), holds
its own library, and answers requests on its standard input and output, one at a time:

    request: 4-byte length, then JSON {"documents": [SSML, ...], "voice": ..., "speed_wpm": ...}
    answer:  1 status byte (0: spoken, 1: failed), 4-byte length, then the PCM of the last
             document (16-bit mono, the library's rate) or the error message

The worker's first answer, before any request, carries the library's sample rate as its payload
(or why the library could not start). This module imports only the standard library.
"""

from __future__ import annotations

import ctypes
import json
import struct
import sys
import threading
from typing import IO

__all__ = ["LIBRARY", "Library", "LibraryMissing", "SpeakFailed", "read_message", "write_message"]

LIBRARY = "libespeak-ng.so.1"

# Constants of espeak-ng's speak_lib.h.
_AUDIO_OUTPUT_SYNCHRONOUS = 2
_ESPEAK_RATE = 1
_CHARS_UTF8 = 1
_SSML = 0x10
# Text in [[...]] is read as phoneme mnemonics (the lexicon's "phonemes").
_PHONEMES = 0x100
_POSITION_CHARACTER = 1
# Audio the library hands over per callback: long buffers mean few callbacks, each of which must take
# Python's lock from the threads analysing earlier chunks. The samples do not depend on it.
_BUFFER_MS = 1000
_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p)
_SPOKEN, _FAILED = 0, 1


class LibraryMissing(RuntimeError):
    """The library cannot be loaded or started here."""


class SpeakFailed(RuntimeError):
    """The library could not speak a document."""


class Library:
    """The espeak-ng library, loaded and initialised once per process."""

    lock = threading.Lock()
    _instance: Library | None = None

    def __init__(self) -> None:
        try:
            self.lib = ctypes.CDLL(LIBRARY)
        except OSError as error:
            raise LibraryMissing(
                f"the espeak-ng engine needs the library {LIBRARY}: 'apt-get install espeak-ng' installs it"
            ) from error
        self.rate = int(self.lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, _BUFFER_MS, None, 0))
        if self.rate <= 0:
            raise LibraryMissing("the espeak-ng library could not start (its voice data may be missing)")
        self.pcm: list[bytes] = []
        # Kept as an attribute: the library holds only a pointer, the callback must stay alive.
        self.callback = _CALLBACK(self._collect)
        self.lib.espeak_SetSynthCallback(self.callback)

    def _collect(self, wav: ctypes._Pointer[ctypes.c_short], count: int, events: int | None) -> int:
        if count > 0:
            self.pcm.append(ctypes.string_at(wav, count * 2))
        return 0

    @classmethod
    def get(cls) -> Library:
        with cls.lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    def speak(self, document: str, voice: str, speed_wpm: int) -> bytes:
        """16-bit mono PCM of an SSML document (call with ``lock`` held)."""
        if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise SpeakFailed(f"espeak-ng has no voice {voice!r} (see 'espeak-ng --voices')")
        self.lib.espeak_SetParameter(_ESPEAK_RATE, speed_wpm, 0)
        self.pcm = []
        data = document.encode()
        # Normalised text never holds "[[" (brackets become commas), so phoneme input is safe to enable.
        flags = _CHARS_UTF8 | _SSML | _PHONEMES
        status = self.lib.espeak_Synth(data, len(data) + 1, 0, _POSITION_CHARACTER, 0, flags, None, None)
        self.lib.espeak_Synchronize()
        if status != 0:
            raise SpeakFailed(f"espeak-ng failed with status {status} for voice {voice!r}")
        return b"".join(self.pcm)

    def speak_all(self, documents: list[str], voice: str, speed_wpm: int) -> bytes:
        """The PCM of the last of ``documents``, spoken in order (the ones before set the library's state)."""
        with self.lock:
            pcm = b""
            for document in documents:
                pcm = self.speak(document, voice, speed_wpm)
            return pcm


def write_message(stream: IO[bytes], payload: bytes, status: int | None = None) -> None:
    """One message: the status byte (answers only), the payload's length, the payload."""
    head = b"" if status is None else bytes([status])
    stream.write(head + struct.pack(">I", len(payload)) + payload)
    stream.flush()


def read_message(stream: IO[bytes], with_status: bool = False) -> tuple[int, bytes]:
    """The status (0 for requests) and payload of the next message; raises EOFError at the end."""
    head = stream.read(5 if with_status else 4)
    if len(head) < (5 if with_status else 4):
        raise EOFError("the stream ended")
    status, size = (head[0], head[1:]) if with_status else (0, head)
    (length,) = struct.unpack(">I", size)
    payload = stream.read(length)
    if len(payload) < length:
        raise EOFError("the stream ended inside a message")
    return status, payload


def _serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """Answer requests until the input ends (the engine closed it, or its process ended)."""
    try:
        library = Library.get()
    except LibraryMissing as error:
        write_message(answers, str(error).encode(), _FAILED)
        return
    write_message(answers, str(library.rate).encode(), _SPOKEN)
    while True:
        try:
            _, payload = read_message(requests)
        except EOFError:
            return
        request = json.loads(payload)
        try:
            pcm = library.speak_all(request["documents"], request["voice"], request["speed_wpm"])
        except SpeakFailed as error:
            write_message(answers, str(error).encode(), _FAILED)
        else:
            write_message(answers, pcm, _SPOKEN)


if __name__ == "__main__":
    _serve(sys.stdin.buffer, sys.stdout.buffer)
