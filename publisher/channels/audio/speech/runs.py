"""Runs of another language inside spoken text, and joining their audio without a click.

A sentence of the speech script marks a part in another language as ``⟦en|Must-haves⟧``: the
engine speaks it with that language's voice. The marks never reach a listener or a reader:
``strip_marks`` gives the words for the transcript, ``split_runs`` the parts for an engine.
Normalised text holds neither "⟦" nor "⟧" (they are not in any written article's reading).
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

__all__ = ["FADE_MS", "Run", "join_without_click", "mark", "primary", "split_runs", "strip_marks"]

_MARK = re.compile(r"⟦([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\|([^⟦⟧]*)⟧")
# Long enough to hide a step between two voices' waveforms, short enough not to be heard as a fade.
FADE_MS = 8

Run = tuple[str | None, str]


def mark(language: str, text: str) -> str:
    """``text`` marked as spoken in ``language``."""
    cleaned = text.replace("⟦", "").replace("⟧", "").strip()
    return f"⟦{language}|{cleaned}⟧" if cleaned else ""


def primary(language: str) -> str:
    """The primary subtag of a language tag: "en" for "en-GB"."""
    return language.split("-")[0].lower()


def strip_marks(text: str) -> str:
    """The words of ``text`` without the language marks."""
    return _MARK.sub(lambda match: match[2], text)


def split_runs(text: str) -> list[Run]:
    """``text`` cut into runs: ``(None, words)`` in the main language, ``(language, words)`` elsewhere."""
    runs: list[Run] = []
    position = 0
    for match in _MARK.finditer(text):
        if match.start() > position:
            runs.append((None, text[position : match.start()]))
        runs.append((match[1], match[2]))
        position = match.end()
    if position < len(text):
        runs.append((None, text[position:]))
    return [(language, words) for language, words in runs if words.strip()]


def join_without_click(parts: list[npt.NDArray[np.int16]], rate: int) -> npt.NDArray[np.int16]:
    """16-bit parts joined end to start, each seam faded out and in over ``FADE_MS``.

    Two voices rarely meet at the same sample value; a jump between them is heard as a click.
    Fading the last and first milliseconds to zero makes every seam continuous.
    """
    fade = max(1, rate * FADE_MS // 1000)
    shaped = []
    for index, part in enumerate(parts):
        samples = part.astype(np.float32)
        length = min(fade, samples.size // 2)
        if length:
            ramp = np.linspace(0.0, 1.0, length, dtype=np.float32)
            if index > 0:
                samples[:length] *= ramp
            if index < len(parts) - 1:
                samples[-length:] *= ramp[::-1]
        shaped.append(samples)
    joined = np.concatenate(shaped) if shaped else np.zeros(0, dtype=np.float32)
    return np.clip(np.round(joined), -32768, 32767).astype(np.int16)
