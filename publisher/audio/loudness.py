"""Loudness to a target (ITU-R BS.1770 integrated) with a true-peak limiter, computed on the samples.

Measuring the samples and applying one gain curve (gain plus a look-ahead limiter) before the
single MP3 encode is much faster than ffmpeg's two-pass loudnorm and reaches the same target.
The K-weighting filters are pyloudnorm's; the gating is vectorised with numpy.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pyloudnorm  # type: ignore[import-untyped]
from scipy.ndimage import minimum_filter1d, uniform_filter1d  # type: ignore[import-untyped]
from scipy.signal import firwin  # type: ignore[import-untyped]

from publisher.audio.decode import SAMPLE_RATE, Samples

__all__ = ["Analysis", "Loudness", "integrated_loudness", "measure", "normalize_loudness", "true_peak_db"]

Power = npt.NDArray[np.float64]
# Per-sample power is kept in single precision (half the memory to move); sums are double.
SamplePower = npt.NDArray[np.float32]

_OVERSAMPLING = 4
# MP3 encoding adds a little overshoot; the limiter aims this far below the allowed true peak.
_ENCODER_MARGIN_DB = 0.7
# Gain changes of the limiter are spread over this window before and after a peak.
_WINDOW_S = 0.020
_SILENCE_LUFS = -70.0
_BLOCK_S = 0.4
_HOPS_PER_BLOCK = 4
# The gain curve is computed per slice of at most this many samples, then interpolated.
_MAX_SLICE = 48


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
    """Per sample, the largest absolute value among the 4x oversampled points around it."""
    envelope = np.abs(samples)
    for phase in _phases():
        np.maximum(envelope, np.abs(np.convolve(samples, phase, mode="same")), out=envelope)
    return envelope


def true_peak_db(samples: Samples) -> float:
    """The true peak in dBTP (4x oversampling, as ITU-R BS.1770 describes)."""
    if samples.size == 0:
        return -120.0
    return _db(float(_peak_envelope(samples).max()))


def _k_weighted_power(samples: Samples, rate: int) -> SamplePower:
    """The squared signal after the BS.1770 K-weighting filters (pyloudnorm's pre-filter and high-pass)."""
    weighted = samples.astype(np.float64)
    for stage in pyloudnorm.Meter(rate)._filters.values():
        weighted = stage.apply_filter(weighted)
    power: SamplePower = (weighted**2).astype(np.float32)
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
    """Per sample: the K-weighted power and the 4x oversampled peak envelope of a signal.

    Computed per chunk as soon as the chunk is synthesised (in parallel with the others) and
    joined in order: the filters restart at each chunk, which begins and ends in silence.
    """

    power: SamplePower
    envelope: Samples

    @classmethod
    def of(cls, samples: Samples, rate: int) -> Analysis:
        return cls(_k_weighted_power(samples, rate), _peak_envelope(samples))

    @classmethod
    def join(cls, parts: Sequence[Analysis]) -> Analysis:
        if not parts:
            return cls(np.zeros(0, np.float32), np.zeros(0, np.float32))
        power = np.concatenate([part.power for part in parts])
        return cls(power, np.concatenate([part.envelope for part in parts]))


def _per_slice(values: npt.NDArray[np.float32], width: int, reduce: np.ufunc) -> Power:
    """``values`` reduced (summed, maximised) over slices of ``width`` samples; the last may be shorter."""
    starts = np.arange(0, values.size, width)
    reduced: Power = reduce.reduceat(values, starts, dtype=np.float64) if values.size else np.zeros(0)
    return reduced


def normalize_loudness(
    samples: Samples, *, rate: int, target_lufs: float, max_true_peak: float, analysis: Analysis | None = None
) -> tuple[Samples, Loudness]:
    """``samples`` at the target integrated loudness with true peaks under ``max_true_peak``.

    The K-weighted power and the peak envelope (``analysis``, computed here if not given) are
    taken over short slices; the gain curve is found per slice, where the loudness of a
    candidate is the gated power times the curve squared (the curve changes slowly against the
    weighting filters). The gain is found by the secant method, because the limiter takes away
    more loudness the higher it goes. The curve is then interpolated to every sample and
    applied once.
    """
    hop = _hop(rate)
    width = _slice_width(hop)
    analysis = analysis or Analysis.of(samples, rate)
    if analysis.power.size != samples.size:
        raise ValueError("the analysis belongs to another signal")
    power = _per_slice(analysis.power, width, np.add)
    original = _gated_loudness(power, hop // width, width)
    if original <= _SILENCE_LUFS:
        return samples, Loudness(original, true_peak_db(samples))
    ceiling = 10 ** ((max_true_peak - _ENCODER_MARGIN_DB) / 20)
    window = max(1, round(_WINDOW_S * rate / width))
    gain_db, slope = target_lufs - original, 1.0
    peaks = _per_slice(analysis.envelope, width, np.maximum).astype(np.float32)
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
    # Within a slice the gain slides linearly to the next slice's: a mix of two values that both
    # suit every sample there, without steps a listener could hear.
    following = np.append(curve[1:], curve[-1])
    ramp = (np.arange(width, dtype=np.float32) / width)[None, :]
    gains = (curve[:, None] + (following - curve)[:, None] * ramp).ravel()[: samples.size]
    result: Samples = (samples * gains).astype(np.float32)
    # The peak envelope scaled by the curve estimates the true peak without oversampling again.
    return result, Loudness(loudness, _db(float((peaks * curve).max())))
