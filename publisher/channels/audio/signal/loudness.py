"""Loudness to a target (ITU-R BS.1770 integrated) with a true-peak limiter, computed on the samples.

Measuring the samples and applying one gain curve (gain plus a look-ahead limiter) before the
single MP3 encode is much faster than ffmpeg's two-pass loudnorm and reaches the same target.
The K-weighting filters are pyloudnorm's, run as one cascade; the gating is vectorised with
numpy, and the 4x oversampling for the true peak runs in cache-sized blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pyloudnorm  # type: ignore[import-untyped]
from scipy.ndimage import minimum_filter1d, uniform_filter1d  # type: ignore[import-untyped]
from scipy.signal import firwin, lfilter, sos2tf  # type: ignore[import-untyped]

from publisher.channels.audio.signal.decode import SAMPLE_RATE, Samples

__all__ = [
    "Analysis",
    "AnalysisBuilder",
    "GainCurve",
    "Loudness",
    "Measurement",
    "fit_loudness",
    "integrated_loudness",
    "loudness_of",
    "measure",
    "measure_blocks",
    "normalize_loudness",
    "true_peak_db",
]

Power = npt.NDArray[np.float64]
# Per-sample power is kept in single precision (half the memory to move); sums are double.
SamplePower = npt.NDArray[np.float32]

_OVERSAMPLING = 4
# MP3 encoding overshoots the limited peaks (up to about 0.8 dB measured on the examples);
# the limiter aims this far below the allowed true peak.
_ENCODER_MARGIN_DB = 1.5
# Gain changes of the limiter are spread over this window before and after a peak.
_WINDOW_S = 0.020
_SILENCE_LUFS = -70.0
_BLOCK_S = 0.4
_HOPS_PER_BLOCK = 4
# The gain curve is computed per slice of at most this many samples, then interpolated.
_MAX_SLICE = 48
# Samples oversampled at a time: small enough for the CPU cache, large enough for few numpy calls.
_BLOCK = 1 << 15


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness (LUFS) and true peak (dBTP) of a signal."""

    integrated: float
    true_peak: float


def _db(value: float) -> float:
    return float(20 * np.log10(max(value, 1e-12)))


@cache
def _phases() -> tuple[npt.NDArray[np.float32], ...]:
    """The polyphase parts of a 48-tap 4x interpolation filter (the length ITU-R BS.1770 uses)."""
    taps = firwin(48, 1 / _OVERSAMPLING, window=("kaiser", 6.0)) * _OVERSAMPLING
    return tuple(taps[phase::_OVERSAMPLING].astype(np.float32) for phase in range(_OVERSAMPLING))


def _peak_envelope(samples: Samples) -> Samples:
    """Per sample, the largest absolute value among the 4x oversampled points around it.

    Each phase is ``np.convolve(samples, phase, mode="same")``, computed as one multiply-add
    per tap over a block of samples: np.convolve makes a call per output sample, several
    times slower.
    """
    phases = _phases()
    taps = len(phases[0])
    before = taps // 2
    padded = np.concatenate(
        [np.zeros(before, np.float32), samples.astype(np.float32), np.zeros(taps - before, np.float32)]
    )
    envelope: Samples = np.abs(samples).astype(np.float32, copy=False)
    point, term = np.empty(_BLOCK, np.float32), np.empty(_BLOCK, np.float32)
    for start in range(0, samples.size, _BLOCK):
        count = min(_BLOCK, samples.size - start)
        peaks, value, product = envelope[start : start + count], point[:count], term[:count]
        for phase in phases:
            # Output i is the sum over k of phase[k] * samples[i + before - 1 - k].
            for k, tap in enumerate(phase):
                source = padded[start + taps - 1 - k : start + taps - 1 - k + count]
                if k == 0:
                    np.multiply(source, tap, out=value)
                else:
                    np.multiply(source, tap, out=product)
                    value += product
            np.maximum(peaks, np.abs(value, out=value), out=peaks)
    return envelope


def true_peak_db(samples: Samples) -> float:
    """The true peak in dBTP (4x oversampling, as ITU-R BS.1770 describes)."""
    if samples.size == 0:
        return -120.0
    return _db(float(_peak_envelope(samples).max()))


@cache
def _k_weighting(rate: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """pyloudnorm's K-weighting stages (pre-filter, high-pass) at ``rate`` as one fourth-order filter."""
    sections, gain = [], 1.0
    for stage in pyloudnorm.Meter(rate)._filters.values():
        b, a = np.asarray(stage.b, np.float64), np.asarray(stage.a, np.float64)
        sections.append(np.concatenate([b / a[0], a / a[0]]))
        gain *= stage.passband_gain
    cascade = np.array(sections)
    cascade[0, :3] *= gain
    numerator, denominator = sos2tf(cascade)
    return numerator, denominator


def _k_weighted_power(samples: Samples, rate: int) -> SamplePower:
    """The squared signal after the BS.1770 K-weighting filters, both stages in one pass.

    One fourth-order filter in double precision gives the two stages' result (to about 1e-12
    of the power) at less than half the cost of two passes.
    """
    weighted = lfilter(*_k_weighting(rate), samples.astype(np.float64))
    power: SamplePower = np.square(weighted, out=weighted).astype(np.float32)
    return power


def _gated_loudness(power: Power | SamplePower, hop: int, width: int) -> float:
    """BS.1770 integrated loudness of ``power`` summed over slices of ``width`` samples.

    Blocks are ``_HOPS_PER_BLOCK`` hops of ``hop`` slices (400 ms, 75 % overlap), gated
    absolutely at -70 LUFS and relatively at 10 LU under the mean of the blocks above it.
    """
    block = hop * _HOPS_PER_BLOCK
    if power.size < block:
        return _SILENCE_LUFS
    cumulative = np.concatenate([[0.0], np.cumsum(power, dtype=np.float64)])
    starts = np.arange(0, power.size - block + 1, hop)
    energy = (cumulative[starts + block] - cumulative[starts]) / (block * width)
    with np.errstate(divide="ignore"):
        loudness = -0.691 + 10 * np.log10(energy)
    audible = loudness >= _SILENCE_LUFS
    if not audible.any():
        return _SILENCE_LUFS
    relative_gate = -0.691 + 10 * np.log10(energy[audible].mean()) - 10
    kept = energy[audible & (loudness > relative_gate)]
    return float(-0.691 + 10 * np.log10(kept.mean())) if kept.size else _SILENCE_LUFS


def _hop(rate: int) -> int:
    return round(_BLOCK_S * rate / _HOPS_PER_BLOCK)


def integrated_loudness(samples: Samples, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770); silent or very short audio gives -70."""
    return _gated_loudness(_k_weighted_power(samples, rate), _hop(rate), 1)


def measure(samples: Samples, rate: int = SAMPLE_RATE) -> Loudness:
    """Integrated loudness and true peak of mono samples."""
    return Loudness(integrated_loudness(samples, rate), true_peak_db(samples))


def measure_blocks(blocks: Iterable[Samples], rate: int = SAMPLE_RATE) -> Loudness:
    """Integrated loudness and true peak of a signal read block by block, never held whole.

    Each block is filtered on its own (blocks of seconds: the filters' restart at a seam
    changes the result by far less than the checks' tolerance) and folded into slices.
    """
    builder = AnalysisBuilder(rate)
    for block in blocks:
        builder.add(AnalysisBuilder.measure(block, rate))
    return loudness_of(builder.finish(), rate)


def loudness_of(analysis: Analysis, rate: int) -> Loudness:
    """Integrated loudness and true peak of the signal an analysis was made of."""
    peak = float(analysis.peaks.max()) if analysis.peaks.size else 0.0
    return Loudness(_gated_loudness(analysis.power, _hop(rate) // analysis.width, analysis.width), _db(peak))


def _slice_width(hop: int) -> int:
    """The widest slice (at most ``_MAX_SLICE`` samples) that divides a gating hop."""
    return next(width for width in range(_MAX_SLICE, 0, -1) if hop % width == 0)


def _limiter_curve(peaks: Samples, gain: float, ceiling: float, window: int) -> Samples:
    """Per slice, a smooth gain that keeps every true peak of ``gain`` x the signal under ``ceiling``.

    A minimum over +-window slices, then a mean over one window: each averaged value is at
    most the gain every slice within reach needs, so the curve never lets a peak through.
    """
    needed = np.minimum(1.0, ceiling / np.maximum(peaks * gain, 1e-12)).astype(np.float32)
    held = minimum_filter1d(needed, size=2 * window + 1, mode="nearest")
    curve: Samples = (np.minimum(uniform_filter1d(held, size=window, mode="nearest"), needed) * gain).astype(
        np.float32
    )
    return curve


@dataclass(frozen=True)
class Analysis:
    """Per slice of ``width`` samples of a signal: the summed K-weighted power and the true peak.

    The slices are what ``fit_loudness`` works on; the last one may be shorter.
    """

    power: Power
    peaks: Samples
    size: int
    width: int

    @classmethod
    def of(cls, samples: Samples, rate: int) -> Analysis:
        builder = AnalysisBuilder(rate)
        builder.add(AnalysisBuilder.measure(samples, rate))
        return builder.finish()


@dataclass(frozen=True)
class Measurement:
    """Per sample of one piece of a signal: the K-weighted power and the 4x oversampled peak envelope."""

    power: SamplePower
    envelope: Samples


class AnalysisBuilder:
    """The analysis of a signal that arrives in pieces, added in order as each is measured.

    Pieces (speech chunks) are measured on their own, in parallel, as soon as they are
    synthesised: the filters restart at each piece, which begins and ends in silence. Adding
    them folds the samples into slices that run on across the pieces, while later pieces are
    still being made.
    """

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.width = _slice_width(_hop(rate))
        self._power: list[Power] = []
        self._peaks: list[Power] = []
        # The samples of a slice that the next piece completes.
        self._rest = Measurement(np.zeros(0, np.float32), np.zeros(0, np.float32))
        self._size = 0

    @staticmethod
    def measure(samples: Samples, rate: int) -> Measurement:
        """What ``add`` needs of one piece (safe to call from several threads at once)."""
        return Measurement(_k_weighted_power(samples, rate), _peak_envelope(samples))

    def add(self, piece: Measurement) -> None:
        """Append the next piece of the signal."""
        self._size += piece.power.size
        power = np.concatenate([self._rest.power, piece.power])
        envelope = np.concatenate([self._rest.envelope, piece.envelope])
        whole = power.size - power.size % self.width
        self._power.append(_per_slice(power[:whole], self.width, np.add))
        self._peaks.append(_per_slice(envelope[:whole], self.width, np.maximum))
        self._rest = Measurement(power[whole:], envelope[whole:])

    def finish(self) -> Analysis:
        """The analysis of all pieces added."""
        power = np.concatenate([*self._power, _per_slice(self._rest.power, self.width, np.add)])
        peaks = np.concatenate([*self._peaks, _per_slice(self._rest.envelope, self.width, np.maximum)])
        return Analysis(power, peaks.astype(np.float32), self._size, self.width)


def _per_slice(values: npt.NDArray[np.float32], width: int, reduce: np.ufunc) -> Power:
    """``values`` reduced (summed, maximised) over slices of ``width`` samples; the last may be shorter."""
    whole = values.size - values.size % width
    reduced: Power = reduce.reduce(values[:whole].reshape(-1, width), axis=1, dtype=np.float64)
    if whole < values.size:
        reduced = np.append(reduced, reduce.reduce(values[whole:], dtype=np.float64))
    return reduced


@dataclass(frozen=True)
class GainCurve:
    """A gain per slice of ``width`` samples; within a slice it slides linearly to the next slice's.

    A mix of two values that both suit every sample there, without steps a listener could hear.
    """

    values: Samples
    width: int

    def apply(self, samples: Samples, start: int = 0) -> Samples:
        """``samples``, which begin at sample ``start`` of the signal, times the gain there."""
        if samples.size == 0:
            return samples.astype(np.float32)
        first = start // self.width
        last = min(self.values.size, -(-(start + samples.size) // self.width))
        values = self.values[first:last]
        following = self.values[first + 1 : last + 1]
        if following.size < values.size:
            following = np.append(following, self.values[-1])
        ramp = (np.arange(self.width, dtype=np.float32) / self.width)[None, :]
        offset = start - first * self.width
        gains = (values[:, None] + (following - values)[:, None] * ramp).ravel()
        gains = gains[offset : offset + samples.size]
        result: Samples = (samples * gains).astype(np.float32)
        return result


def fit_loudness(
    samples: Samples, *, rate: int, target_lufs: float, max_true_peak: float, analysis: Analysis | None = None
) -> tuple[GainCurve, Loudness]:
    """The gain curve that brings ``samples`` to the target loudness with true peaks under the limit.

    The K-weighted power and the true peaks are taken over short slices (``analysis``,
    computed here if not given); the gain curve is found per slice, where the loudness of a
    candidate is the gated power times the curve squared (the curve changes slowly against the
    weighting filters). The gain is found by the secant method, because the limiter takes away
    more loudness the higher it goes.
    """
    hop = _hop(rate)
    width = _slice_width(hop)
    analysis = analysis or Analysis.of(samples, rate)
    if analysis.size != samples.size or analysis.width != width:
        raise ValueError("the analysis belongs to another signal")
    power = analysis.power
    original = _gated_loudness(power, hop // width, width)
    if original <= _SILENCE_LUFS:
        unity = GainCurve(np.ones(max(1, power.size), np.float32), width)
        return unity, Loudness(original, true_peak_db(samples))
    ceiling = 10 ** ((max_true_peak - _ENCODER_MARGIN_DB) / 20)
    window = max(1, round(_WINDOW_S * rate / width))
    gain_db, slope = target_lufs - original, 1.0
    peaks = analysis.peaks
    previous_gain, previous_loudness = 0.0, original
    for _ in range(8):
        curve = _limiter_curve(peaks, 10 ** (gain_db / 20), ceiling, window)
        loudness = _gated_loudness(power * curve.astype(np.float64) ** 2, hop // width, width)
        if abs(loudness - target_lufs) < 0.05:
            break
        if gain_db != previous_gain:
            slope = max(0.1, (loudness - previous_loudness) / (gain_db - previous_gain))
        previous_gain, previous_loudness = gain_db, loudness
        gain_db += (target_lufs - loudness) / slope
    # The peak envelope scaled by the curve estimates the true peak without oversampling again.
    return GainCurve(curve, width), Loudness(loudness, _db(float((peaks * curve).max())))


def normalize_loudness(
    samples: Samples, *, rate: int, target_lufs: float, max_true_peak: float, analysis: Analysis | None = None
) -> tuple[Samples, Loudness]:
    """``samples`` at the target integrated loudness with true peaks under ``max_true_peak``.

    The curve of ``fit_loudness``, applied to every sample at once.
    """
    curve, loudness = fit_loudness(
        samples, rate=rate, target_lufs=target_lufs, max_true_peak=max_true_peak, analysis=analysis
    )
    return curve.apply(samples), loudness
