"""py3langid's identifier with its byte walk done by numpy: the same automaton, the same scores.

py3langid finds a text's features (byte n-grams) by walking its automaton over the text one byte at
a time in Python, and scores them against a half-precision table whose rows numpy widens one value
at a time. Both cost more than the rest of a language check together.

The automaton is built from the n-grams (Aho-Corasick): the state after a byte depends only on the
last few bytes, as many as its longest n-gram. So every position's state is found at once, in as
many array steps as that length, each starting from the state the shorter window gave. The result is
then checked against the automaton step by step (state i is the move from state i - 1 on byte i), so
a table that breaks that assumption falls back to py3langid's own walk instead of scoring wrongly.
Features are counted in the order py3langid counts them (first occurrence), and the rows are widened
by table lookup, exactly as numpy widens them, so that the sums run over the same numbers in the same
order.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
from py3langid.langid import LanguageIdentifier, visit_counts

__all__ = ["FastIdentifier", "feature_counts"]

# The longest n-gram of py3langid's model is 6 bytes (the depth of its automaton). A shorter window
# than a model needs costs only speed: the step-by-step check sends the text to the slow walk.
_WINDOW = 6
# Below this many bytes py3langid's own walk in Python is quicker than the array steps (measured:
# 47 against 64 microseconds at 300 bytes, even at 600): the same counts either way.
_ARRAY_WALK_FROM = 640
# Every half-precision number as single precision, indexed by its 16 bits: widening by lookup.
_HALF_TO_SINGLE = np.arange(1 << 16, dtype=np.uint16).view(np.float16).astype(np.float32)


class FastIdentifier(LanguageIdentifier):  # type: ignore[misc]
    """A ``LanguageIdentifier`` (same arguments) that walks and scores with array operations."""

    __slots__ = ("_half", "_moves", "_outputs", "_rows")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._moves = np.asarray(self.tk_nextmove)
        self._rows = np.asarray(self._rowbase, dtype=np.intp)
        self._outputs = np.asarray(self.tk_output)
        self._half: Any = None

    def set_languages(self, langs: Any = None) -> None:
        """As py3langid's; the score table's half-precision view follows the chosen columns."""
        super().set_languages(langs)
        self._half = None

    def _raw_score(self, text: bytes) -> Any:
        if len(text) < _ARRAY_WALK_FROM:
            visits = visit_counts(self.tk_nextmove, self._rowbase, self.tk_output, text)
        else:
            visits = feature_counts(self, text)
        if not visits:
            return super()._raw_score(text)  # no features: py3langid's own fill value
        index = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
        counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
        return np.log1p(counts) @ self._table_rows(index) + self.nb_pc

    def _table_rows(self, index: Any) -> Any:
        """``nb_ptc[index]`` as single precision (what numpy's matrix product widens it to)."""
        if self._half is None:
            table = np.asarray(self.nb_ptc)
            self._half = table.view(np.uint16) if table.dtype == np.float16 else False
        if self._half is False:
            return np.asarray(self.nb_ptc)[index]
        return _HALF_TO_SINGLE[self._half[index]]


def feature_counts(identifier: FastIdentifier, text: bytes) -> Counter[int] | None:
    """How often each feature occurs in ``text``, by first occurrence (py3langid's ``visit_counts``)."""
    moves, rows, outputs = identifier._moves, identifier._rows, identifier._outputs
    data = np.frombuffer(text, dtype=np.uint8)
    length = len(data)
    if length == 0:
        return None
    states = np.zeros(length, dtype=np.intp)
    for back in range(min(_WINDOW, length) - 1, -1, -1):  # oldest byte of the window first
        states[back:] = moves[rows[states[back:]] + data[: length - back]]
    before = np.empty_like(states)
    before[0] = 0
    before[1:] = states[:-1]
    if not np.array_equal(moves[rows[before] + data], states):
        slow: Counter[int] | None = visit_counts(
            identifier.tk_nextmove, identifier._rowbase, identifier.tk_output, text
        )
        return slow
    features = outputs[states]
    found = features[features >= 0].tolist()
    return Counter(found) if found else None
