"""The loudness gain of a signal that is still arriving, so that encoding starts while it is spoken.

Integrated loudness needs the whole signal, but a synthetic voice speaks at a steady level:
the gain fitted on the first ``PREDICT_S`` seconds (or on all of a shorter text) is taken for
the rest. The limiter's curve is local (each slice's value depends on the peaks a few
milliseconds around it), so it is extended as slices arrive and is final up to a short margin
behind the newest one. Past the prediction only the peaks are needed (``predicted``), so the
loudness of the rest need not be analysed. Once everything is spoken, ``off_target`` says
whether the loudness measured on the shaped samples missed the target by more than
``TOLERANCE_LU``; the caller then encodes again with the gain fitted on the whole (the file's
check allows 1 LU).
"""

from __future__ import annotations

import numpy as np

from publisher.channels.audio.signal.analysis import Analysis
from publisher.channels.audio.signal.decode import Samples
from publisher.channels.audio.signal.loudness import (
    GainCurve,
    fit_gain_db,
    limiter_curve,
    limiter_window,
)

__all__ = ["PREDICT_S", "TOLERANCE_LU", "Leveller"]

PREDICT_S = 20.0
TOLERANCE_LU = 0.3


class Leveller:
    """Extends the gain curve of one signal at ``rate`` as its analysis grows."""

    def __init__(self, rate: int, target_lufs: float, max_true_peak: float) -> None:
        self.rate = rate
        self.target_lufs = target_lufs
        self.max_true_peak = max_true_peak
        # None until predicted, and for a silent signal (which keeps unity gain).
        self.gain_db: float | None = None
        self._silent = False
        self._values: Samples = np.zeros(0, np.float32)
        self._settled = 0

    def extend(self, analysis: Analysis, final: bool = False) -> GainCurve | None:
        """The curve settled so far for ``analysis`` (the signal up to now), None before the prediction.

        ``final``: the analysis is the whole signal; the curve then covers every slice.
        """
        if self.gain_db is None and not self._silent:
            if not final and analysis.size < self.rate * PREDICT_S:
                return None
            gain = fit_gain_db(
                analysis, rate=self.rate, target_lufs=self.target_lufs, max_true_peak=self.max_true_peak
            )
            self._silent = gain is None
            self.gain_db = gain
        slices = analysis.peaks.size
        margin = 2 * limiter_window(self.rate)
        settled = slices if final else max(self._settled, slices - margin)
        if settled > self._settled:
            if self.gain_db is None:
                new = np.ones(settled - self._settled, np.float32)
            else:
                start = max(0, self._settled - margin)
                curve = limiter_curve(
                    analysis.peaks[start:slices],
                    self.gain_db,
                    rate=self.rate,
                    max_true_peak=self.max_true_peak,
                )
                new = curve[self._settled - start : settled - start]
            self._values = _grown(self._values, self._settled, new)
            self._settled = settled
        return GainCurve(self._values[: self._settled], analysis.width)

    def settled_samples(self, width: int) -> int:
        """Samples whose gain is final before the end: up to the last settled slice but one.

        (A sample's gain slides towards the next slice's value, which must be known.)
        """
        return max(0, self._settled - 1) * width

    @property
    def predicted(self) -> bool:
        """Whether the gain is fixed (predicted, or unity for a silent signal): the loudness of
        what follows no longer changes the curve, only its peaks do."""
        return self.gain_db is not None or self._silent

    def off_target(self, loudness: float) -> bool:
        """Whether the whole signal shaped by the predicted curve, measured at ``loudness`` (LUFS),
        is off target by more than allowed."""
        if self.gain_db is None:
            return False
        return abs(loudness - self.target_lufs) > TOLERANCE_LU


def _grown(values: Samples, used: int, new: Samples) -> Samples:
    """``values[:used]`` followed by ``new``, in an array reserved ahead (doubling)."""
    end = used + new.size
    if end > values.size:
        grown = np.zeros(max(end, 2 * values.size), np.float32)
        grown[:used] = values[:used]
        values = grown
    values[used:end] = new
    return values
