"""The analysis of a signal for its loudness: per short slice, the K-weighted power and the true peak.

What loudness fitting (``signal.loudness``) works on: the signal is measured once, in pieces as
they arrive (speech chunks, or blocks read from disk), and kept as a few numbers per slice of
about 7 ms, never as the whole signal. The slices divide the gating hop of ITU-R BS.1770
(100 ms), so the integrated loudness is a sum over them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from publisher.channels.audio.signal.decode import Samples
from publisher.channels.audio.signal.filters import KWeighting, PeakEnvelopes, peak_envelope

__all__ = [
    "HOPS_PER_BLOCK",
    "Analysis",
    "AnalysisBuilder",
    "Measurement",
    "Power",
    "SamplePower",
    "gating_hop",
    "k_weighted_power",
    "slice_width",
]

Power = npt.NDArray[np.float64]
# Per-sample power is kept in single precision (half the memory to move); sums are double.
SamplePower = npt.NDArray[np.float32]

_BLOCK_S = 0.4
HOPS_PER_BLOCK = 4
# The gain curve is computed per slice of at most this many samples, then interpolated.
_MAX_SLICE = 150


def k_weighted_power(samples: Samples, rate: int) -> SamplePower:
    """The squared signal after the BS.1770 K-weighting filters (a piece on its own, from silence)."""
    return KWeighting(rate).power(samples)


def gating_hop(rate: int) -> int:
    """Samples in one hop of the gating blocks (a quarter of 400 ms)."""
    return round(_BLOCK_S * rate / HOPS_PER_BLOCK)


def slice_width(hop: int) -> int:
    """The widest slice (at most ``_MAX_SLICE`` samples) that divides a gating hop."""
    return next(width for width in range(_MAX_SLICE, 0, -1) if hop % width == 0)


@dataclass(frozen=True)
class Analysis:
    """Per slice of ``width`` samples of a signal: the summed K-weighted power and the true peak.

    The slices are what ``fit_loudness`` works on; the last one may be shorter. ``power`` may
    cover only the first slices (pieces measured without it: ``Measurement.power`` is None);
    the loudness of such an analysis is not known, only its peaks.
    """

    power: Power
    peaks: Samples
    size: int
    width: int

    @property
    def weighed(self) -> bool:
        """Whether ``power`` covers every slice (else only the peaks do)."""
        return self.power.size == self.peaks.size

    def whole_power(self) -> Power:
        """``power``, which must cover every slice."""
        if not self.weighed:
            raise ValueError(f"the analysis has the power of {self.power.size} of {self.peaks.size} slices")
        return self.power

    @classmethod
    def of(cls, samples: Samples, rate: int) -> Analysis:
        builder = AnalysisBuilder(rate)
        builder.add(AnalysisBuilder.measure(samples, rate))
        return builder.finish()


@dataclass(frozen=True)
class Measurement:
    """Per sample of one piece of a signal: the K-weighted power (None: not measured) and the 4x
    oversampled peak envelope."""

    power: SamplePower | None
    envelope: Samples


class AnalysisBuilder:
    """The analysis of a signal that arrives in pieces, added in order as each is measured.

    Pieces (speech chunks) are measured on their own, in parallel, as soon as they are
    synthesised: the filters restart at each piece, which begins and ends in silence. Adding
    them folds the samples into slices that run on across the pieces, while later pieces are
    still being made. From the first piece measured without power on, only peaks are kept.
    """

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.width = slice_width(gating_hop(rate))
        # Per slice completed so far (the arrays are reserved ahead; ``_slices`` are filled).
        self._power: Power = np.zeros(0, np.float64)
        self._peaks: Samples = np.zeros(0, np.float32)
        self._slices = 0
        # Slices with their power; once a piece comes without it, the power stops growing.
        self._weighed: int | None = None
        # The samples of a slice that the next piece completes.
        self._rest = Measurement(np.zeros(0, np.float32), np.zeros(0, np.float32))
        self._size = 0
        # The weighting filters, ringing on from the last block given to ``add_block``; that block's
        # power waits for the next block, which its peak envelope needs.
        self._weighting: KWeighting | None = None
        self._envelopes = PeakEnvelopes()
        self._waiting: SamplePower | None = None

    @staticmethod
    def measure(samples: Samples, rate: int, power: bool = True) -> Measurement:
        """What ``add`` needs of one piece (safe to call from several threads at once); ``power``:
        with its loudness (K-weighting), else its peaks alone."""
        weighted = k_weighted_power(samples, rate) if power else None
        return Measurement(weighted, peak_envelope(samples))

    def add_block(self, samples: Samples) -> None:
        """Measure and append the next block of one continuous signal (the filters run on across blocks)."""
        self._weighting = self._weighting or KWeighting(self.rate)
        envelope, waiting = self._envelopes.push(samples), self._waiting
        self._waiting = self._weighting.power(samples)
        if envelope is not None and waiting is not None:
            self.add(Measurement(waiting, envelope))

    def add(self, piece: Measurement) -> None:
        """Append the next piece of the signal."""
        self._size += piece.envelope.size
        if self._weighed is None and (piece.power is None or self._rest.power is None):
            # The power ends with the last whole slice before this piece.
            self._weighed = self._slices
        envelope = np.concatenate([self._rest.envelope, piece.envelope])
        whole = envelope.size - envelope.size % self.width
        power = None
        if self._weighed is None:
            assert piece.power is not None and self._rest.power is not None
            power = np.concatenate([self._rest.power, piece.power])
            self._append_power(_per_slice(power[:whole], self.width, np.add))
        self._append_peaks(_per_slice(envelope[:whole], self.width, np.maximum))
        self._rest = Measurement(None if power is None else power[whole:], envelope[whole:])

    def _append_peaks(self, peaks: Power) -> None:
        end = self._slices + peaks.size
        if end > self._peaks.size:
            # Doubling: each slice is copied a bounded number of times however long the signal grows.
            self._peaks = np.resize(self._peaks, max(end, 2 * self._peaks.size))
        self._peaks[self._slices : end] = peaks
        self._slices = end

    def _append_power(self, power: Power) -> None:
        start = self._slices
        end = start + power.size
        if end > self._power.size:
            self._power = np.resize(self._power, max(end, 2 * self._power.size))
        self._power[start:end] = power

    def _power_slices(self) -> int:
        return self._slices if self._weighed is None else self._weighed

    def so_far(self) -> Analysis:
        """The analysis of the complete slices added so far (views: later pieces do not change them)."""
        slices = self._slices
        power = self._power[: self._power_slices()]
        return Analysis(power, self._peaks[:slices], slices * self.width, self.width)

    def finish(self) -> Analysis:
        """The analysis of all pieces added."""
        envelope, waiting = self._envelopes.flush(), self._waiting
        if envelope is not None and waiting is not None:
            self.add(Measurement(waiting, envelope))
            self._waiting = None
        power = self._power[: self._power_slices()]
        if self._weighed is None and self._rest.power is not None:
            power = np.concatenate([power, _per_slice(self._rest.power, self.width, np.add)])
        peaks = np.concatenate(
            [self._peaks[: self._slices], _per_slice(self._rest.envelope, self.width, np.maximum)]
        )
        return Analysis(power, peaks.astype(np.float32), self._size, self.width)


def _per_slice(values: npt.NDArray[np.float32], width: int, reduce: np.ufunc) -> Power:
    """``values`` reduced (summed, maximised) over slices of ``width`` samples; the last may be shorter."""
    whole = values.size - values.size % width
    reduced: Power = reduce.reduce(values[:whole].reshape(-1, width), axis=1, dtype=np.float64)
    if whole < values.size:
        reduced = np.append(reduced, reduce.reduce(values[whole:], dtype=np.float64))
    return reduced
