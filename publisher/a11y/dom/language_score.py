"""Scoring a text with py3langid's model in plain Python: its automaton walk, its naive Bayes sums.

py3langid walks a text's bytes through an automaton that finds its features (byte n-grams), then
adds up, per language, the log of each feature's count plus one times the feature's score, adds the
language's prior, scales by one over the square root of the text's length and normalises (softmax).
This module does the same over the model's tables as machine arrays (``LanguageTables``), so a check
needs neither numpy nor py3langid: importing them cost a web publish more than all its scoring.

The scores are half-precision numbers, all whole multiples of one power of two, so each feature's
row is kept as whole numbers, one fixed-width field per language, and read as one Python integer:
adding those integers adds every language's column at once, exactly (the fields are wide enough
that no sum of ``chunk`` rows carries into the next). Only the few sums per count are then taken
apart, weighted and normalised in floating point. py3langid sums in single precision; the results
agree to about 1e-5 and rank the languages alike (``tests/a11y/dom/test_language_model.py``).
"""

from __future__ import annotations

import math
import sys
import unicodedata
from array import array
from collections import Counter
from dataclasses import dataclass
from operator import itemgetter

__all__ = ["LanguageTables", "TextIdentifier", "features"]


@dataclass(frozen=True)
class LanguageTables:
    """py3langid's model cut to some languages, as flat arrays (``memoryview`` of machine values).

    ``nextmove[rowbase[state] + byte]`` is the automaton's next state, ``output[state]`` the feature
    it finds there (or -1). ``rows`` holds one row per feature: per language a little-endian field of
    ``field`` bytes, ``(score * 2**shift) - offset`` (never negative); ``chunk`` rows add up without
    overflowing a field. ``priors`` and ``classes`` have one entry per language column.
    """

    classes: list[str]
    priors: list[float]
    nextmove: memoryview
    rowbase: memoryview
    output: memoryview
    rows: memoryview
    field: int
    shift: int
    offset: int
    chunk: int


class TextIdentifier:
    """Ranks a text's languages as py3langid's ``LanguageIdentifier(norm_probs=True).rank`` does."""

    def __init__(self, tables: LanguageTables) -> None:
        self.tables = tables
        self.classes = tables.classes
        first: dict[str, int] = {}
        # Columns sharing a label (a language in two scripts): the second's share goes to the first.
        pairs = [(first.setdefault(code, index), index) for index, code in enumerate(tables.classes)]
        self._aliases = [(kept, index) for kept, index in pairs if kept != index]
        self._row_bytes = tables.field * len(tables.classes)
        self._weights: dict[int, float] = {}

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every language with its probability for ``text``, likeliest first (ties in model order)."""
        merged: dict[str, float] = {}
        for code, probability in zip(self.classes, self.probabilities(text), strict=True):
            merged.setdefault(code, probability)  # the first column holds an alias's share
        return sorted(merged.items(), key=itemgetter(1), reverse=True)

    def probabilities(self, text: str) -> list[float]:
        """The probability of each column for ``text`` (single precision values)."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        scale = 1.0 / math.sqrt(len(data) or 1)  # py3langid's temperature: calibrated across lengths
        scores = [score * scale for score in self._scores(data)]
        top = max(scores)
        exponentials = [math.exp(score - top) for score in scores]
        total = math.fsum(exponentials)
        probabilities = [value / total for value in exponentials]
        for kept, alias in self._aliases:
            probabilities[kept] += probabilities[alias]
            probabilities[alias] = 0.0
        return array("f", probabilities).tolist()

    def _scores(self, data: bytes) -> list[float]:
        """Per column: the prior plus, for each feature found, log(1 + count) times its score."""
        tables = self.tables
        by_count: dict[int, list[int]] = {}
        for feature, count in features(tables, data).items():
            by_count.setdefault(count, []).append(feature)
        if not by_count:
            return [0.0] * len(self.classes)  # nothing to go by: every language alike
        scores = list(tables.priors)
        for count, found in by_count.items():
            weight = self._weights.get(count)
            if weight is None:  # numpy's single-precision log1p of the count
                weight = self._weights[count] = array("f", [math.log1p(count)])[0]
            for start in range(0, len(found), tables.chunk):
                part = found[start : start + tables.chunk]
                columns = self._column_sums(part)
                scores = [score + weight * column for score, column in zip(scores, columns, strict=True)]
        return scores

    def _column_sums(self, found: list[int]) -> list[float]:
        """The score of each language summed over the features ``found`` (exact, then one rounding)."""
        rows, size = self.tables.rows, self._row_bytes
        total = 0
        for feature in found:
            start = feature * size
            total += int.from_bytes(rows[start : start + size], "little")
        fields = array("I" if self.tables.field == 4 else "Q")
        fields.frombytes(total.to_bytes(size, "little"))
        if sys.byteorder == "big":
            fields.byteswap()
        base, shift = len(found) * self.tables.offset, -self.tables.shift
        return [math.ldexp(value + base, shift) for value in fields]


def features(tables: LanguageTables, data: bytes) -> Counter[int]:
    """How often each feature occurs in ``data``, by first occurrence (py3langid's ``visit_counts``)."""
    nextmove, rowbase, output = tables.nextmove, tables.rowbase, tables.output
    state = 0
    found: list[int] = []
    append = found.append
    for byte in data:
        state = nextmove[rowbase[state] + byte]
        feature = output[state]
        if feature >= 0:
            append(feature)
    return Counter(found)
