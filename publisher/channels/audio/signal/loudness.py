"""Loudness to a target (ITU-R BS.1770 integrated) with a true-peak limiter, computed on the samples.

Measuring the samples and applying one gain curve (gain plus a look-ahead limiter) before the
single MP3 encode is much faster than ffmpeg's two-pass loudnorm and reaches the same target.
The filters (K-weighting, 4x oversampling for the true peak) are in ``signal.filters``, the
per-slice measurements they feed in ``signal.analysis``; the gating is vectorised with numpy.
Nothing here needs scipy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from publisher.channels.audio.signal.analysis import (
    HOPS_PER_BLOCK,
    Analysis,
    AnalysisBuilder,
    Power,
    SamplePower,
    gating_hop,
    k_weighted_power,
    slice_width,
)
from publisher.channels.audio.signal.decode import SAMPLE_RATE, Samples
from publisher.channels.audio.signal.filters import peak_envelope

__all__ = [
    "GainCurve",
    "Loudness",
    "fit_gain",
    "fit_gain_db",
    "fit_loudness",
    "integrated_loudness",
    "limiter_curve",
    "limiter_window",
    "loudness_of",
    "measure",
    "measure_blocks",
    "normalize_loudness",
    "shaped_loudness",
    "true_peak_db",
]

# MP3 encoding overshoots the limited peaks (up to about 0.8 dB measured on the examples);
# the limiter aims this far below the allowed true peak.
_ENCODER_MARGIN_DB = 1.5
# Gain changes of the limiter are spread over this window before and after a peak.
_WINDOW_S = 0.020
_SILENCE_LUFS = -70.0


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness (LUFS) and true peak (dBTP) of a signal."""

    integrated: float
    true_peak: float


def _db(value: float) -> float:
    return float(20 * np.log10(max(value, 1e-12)))


def true_peak_db(samples: Samples) -> float:
    """The true peak in dBTP (4x oversampling, as ITU-R BS.1770 describes)."""
    if samples.size == 0:
        return -120.0
    return _db(float(peak_envelope(samples).max()))


def _gated_loudness(power: Power | SamplePower, hop: int, width: int) -> float:
    """BS.1770 integrated loudness of ``power`` summed over slices of ``width`` samples.

    Blocks are ``HOPS_PER_BLOCK`` hops of ``hop`` slices (400 ms, 75 % overlap), gated
    absolutely at -70 LUFS and relatively at 10 LU under the mean of the blocks above it.
    """
    block = hop * HOPS_PER_BLOCK
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


def integrated_loudness(samples: Samples, rate: int) -> float:
    """Integrated loudness in LUFS (ITU-R BS.1770); silent or very short audio gives -70."""
    return _gated_loudness(k_weighted_power(samples, rate), gating_hop(rate), 1)


def measure(samples: Samples, rate: int = SAMPLE_RATE) -> Loudness:
    """Integrated loudness and true peak of mono samples."""
    return Loudness(integrated_loudness(samples, rate), true_peak_db(samples))


def measure_blocks(blocks: Iterable[Samples], rate: int = SAMPLE_RATE) -> Loudness:
    """Integrated loudness and true peak of a signal read block by block, never held whole.

    The weighting filters run on from one block to the next, so the loudness is the whole
    signal's; only the few samples at a seam see the oversampling filter cut off.
    """
    builder = AnalysisBuilder(rate)
    for block in blocks:
        builder.add_block(block)
    return loudness_of(builder.finish(), rate)


def loudness_of(analysis: Analysis, rate: int) -> Loudness:
    """Integrated loudness and true peak of the signal an analysis was made of."""
    peak = float(analysis.peaks.max()) if analysis.peaks.size else 0.0
    power = analysis.whole_power()
    return Loudness(_gated_loudness(power, gating_hop(rate) // analysis.width, analysis.width), _db(peak))


def _limiter_curve(peaks: Samples, gain: float, ceiling: float, window: int) -> Samples:
    """Per slice, a smooth gain that keeps every true peak of ``gain`` x the signal under ``ceiling``.

    A minimum over +-window slices, then a mean over one window: each averaged value is at
    most the gain every slice within reach needs, so the curve never lets a peak through.
    """
    needed = np.minimum(1.0, ceiling / np.maximum(peaks * gain, 1e-12)).astype(np.float32)
    held = _sliding(needed, 2 * window + 1, np.min)
    curve: Samples = (np.minimum(_sliding(held, window, np.mean), needed) * gain).astype(np.float32)
    return curve


def _sliding(values: Samples, size: int, reduce: Callable[..., Samples]) -> Samples:
    """``reduce`` over a window of ``size`` values around each one, the ends repeated (scipy.ndimage's
    ``mode="nearest"``); an even window reaches one value further back than forward."""
    padded = np.pad(values, (size // 2, size - 1 - size // 2), mode="edge")
    reduced: Samples = reduce(sliding_window_view(padded, size), axis=1).astype(np.float32)
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

    ``analysis`` (computed here if not given) must be the samples'; see ``fit_gain``.
    """
    analysis = analysis or Analysis.of(samples, rate)
    if analysis.size != samples.size:
        raise ValueError("the analysis belongs to another signal")
    return fit_gain(analysis, rate=rate, target_lufs=target_lufs, max_true_peak=max_true_peak)


def fit_gain(
    analysis: Analysis, *, rate: int, target_lufs: float, max_true_peak: float
) -> tuple[GainCurve, Loudness]:
    """The gain curve that brings the analysed signal to the target loudness with true peaks under the limit.

    The K-weighted power and the true peaks are taken over short slices (``analysis``); the
    gain curve is found per slice, where the loudness of a candidate is the gated power times
    the curve squared (the curve changes slowly against the weighting filters). The samples
    themselves are not needed: the signal may be on disk.
    """
    if analysis.width != slice_width(gating_hop(rate)):
        raise ValueError("the analysis belongs to another signal")
    gain_db = fit_gain_db(analysis, rate=rate, target_lufs=target_lufs, max_true_peak=max_true_peak)
    if gain_db is None:
        unity = GainCurve(np.ones(max(1, analysis.peaks.size), np.float32), analysis.width)
        peak = float(analysis.peaks.max()) if analysis.peaks.size else 0.0
        return unity, Loudness(_SILENCE_LUFS, _db(peak))
    curve = limiter_curve(analysis.peaks, gain_db, rate=rate, max_true_peak=max_true_peak)
    # The peak envelope scaled by the curve estimates the true peak without oversampling again.
    peak = _db(float((analysis.peaks * curve).max()))
    return GainCurve(curve, analysis.width), Loudness(shaped_loudness(analysis, curve, rate), peak)


def fit_gain_db(analysis: Analysis, *, rate: int, target_lufs: float, max_true_peak: float) -> float | None:
    """The gain (dB) that, limited by ``limiter_curve``, brings the signal to ``target_lufs``; None if silent.

    Found by the secant method, because the limiter takes away more loudness the higher it goes.
    """
    original = shaped_loudness(analysis, None, rate)
    if original <= _SILENCE_LUFS:
        return None
    gain_db, slope = target_lufs - original, 1.0
    previous_gain, previous_loudness = 0.0, original
    for _ in range(8):
        curve = limiter_curve(analysis.peaks, gain_db, rate=rate, max_true_peak=max_true_peak)
        loudness = shaped_loudness(analysis, curve, rate)
        if abs(loudness - target_lufs) < 0.05:
            break
        if gain_db != previous_gain:
            slope = max(0.1, (loudness - previous_loudness) / (gain_db - previous_gain))
        previous_gain, previous_loudness = gain_db, loudness
        gain_db += (target_lufs - loudness) / slope
    return gain_db


def limiter_window(rate: int) -> int:
    """How many slices the limiter's gain changes spread over (before and after a peak)."""
    return max(1, round(_WINDOW_S * rate / slice_width(gating_hop(rate))))


def limiter_curve(peaks: Samples, gain_db: float, *, rate: int, max_true_peak: float) -> Samples:
    """Per slice, ``gain_db`` as a factor, lowered around peaks that would reach the limit.

    Each value depends on the peaks within two ``limiter_window`` of its slice only, so a
    curve can be extended as the signal arrives.
    """
    ceiling = 10 ** ((max_true_peak - _ENCODER_MARGIN_DB) / 20)
    return _limiter_curve(peaks, 10 ** (gain_db / 20), ceiling, limiter_window(rate))


def shaped_loudness(analysis: Analysis, curve: Samples | None, rate: int) -> float:
    """Integrated loudness of the analysed signal times ``curve`` (per slice; None: as it is)."""
    width = analysis.width
    power = analysis.whole_power()
    power = power if curve is None else power * curve.astype(np.float64) ** 2
    return _gated_loudness(power, gating_hop(rate) // width, width)


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
