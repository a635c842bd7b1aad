"""The filters of an ITU-R BS.1770 measurement, in numpy: K-weighting, and 4x oversampling for true peaks.

K-weighting is the standard's two biquads (a high shelf at 1500 Hz, +4 dB, and a high-pass at
38 Hz), designed at any rate with the cookbook formulas pyloudnorm uses. They are applied as
one fourth-order filter through the FFT: its response decays below 1e-20 within a tenth of a
second, so a transform that sees that much of the signal before its outputs filters them as
the recursion does (``KWeighting`` keeps that history from one block to the next). numpy alone
is enough: scipy's IIR filter would cost a second and 70 MB to import.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from publisher.channels.audio.signal.decode import Samples

__all__ = ["KWeighting", "PeakEnvelopes", "k_weighting", "peak_envelope"]

Coefficients = npt.NDArray[np.float64]
_OVERSAMPLING = 4
_TAPS = 48
# Samples oversampled at a time: small enough for the CPU cache, large enough for few numpy calls.
_BLOCK = 1 << 15
# How long the K-weighting filter's response lasts (seconds), with room to spare.
_RING_S = 0.1
# Points of each transform: measured fastest on speech-length blocks (a few times the ring).
_FFT_SIZE = 1 << 15


def _biquad(
    kind: str, gain_db: float, q: float, frequency: float, rate: int
) -> tuple[Coefficients, Coefficients]:
    """A high shelf or high-pass biquad (numerator, denominator), normalised so ``a0`` is one."""
    amplitude = 10 ** (gain_db / 40)
    w0 = 2 * np.pi * frequency / rate
    alpha, cos = np.sin(w0) / (2 * q), np.cos(w0)
    if kind == "high_shelf":
        shelf = 2 * np.sqrt(amplitude) * alpha
        b = amplitude * np.array(
            [
                (amplitude + 1) + (amplitude - 1) * cos + shelf,
                -2 * ((amplitude - 1) + (amplitude + 1) * cos),
                (amplitude + 1) + (amplitude - 1) * cos - shelf,
            ]
        )
        a = np.array(
            [
                (amplitude + 1) - (amplitude - 1) * cos + shelf,
                2 * ((amplitude - 1) - (amplitude + 1) * cos),
                (amplitude + 1) - (amplitude - 1) * cos - shelf,
            ]
        )
    else:
        b = np.array([(1 + cos) / 2, -(1 + cos), (1 + cos) / 2])
        a = np.array([1 + alpha, -2 * cos, 1 - alpha])
    return b / a[0], a / a[0]


@cache
def k_weighting(rate: int) -> tuple[Coefficients, Coefficients]:
    """BS.1770's K-weighting at ``rate`` as one fourth-order filter (numerator, denominator)."""
    shelf_b, shelf_a = _biquad("high_shelf", 4.0, 1 / np.sqrt(2), 1500.0, rate)
    pass_b, pass_a = _biquad("high_pass", 0.0, 0.5, 38.0, rate)
    return np.convolve(shelf_b, pass_b), np.convolve(shelf_a, pass_a)


@lru_cache(maxsize=32)
def _response(rate: int, size: int) -> npt.NDArray[np.complex64]:
    """The filter's frequency response on the grid of a real FFT of ``size`` points."""
    numerator, denominator = k_weighting(rate)
    response = np.fft.rfft(numerator, size) / np.fft.rfft(denominator, size)
    return response.astype(np.complex64)


class KWeighting:
    """The K-weighting filter run over consecutive blocks of one signal at ``rate``."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.ring = 1 << int(np.ceil(np.log2(_RING_S * rate)))
        # Transforms of a fixed size, each filtering ``size - ring`` samples (overlap-save).
        self.size = max(_FFT_SIZE, 4 * self.ring)
        # The last ``ring`` samples of the blocks so far, which the next block's first outputs depend on.
        self._history = np.zeros(self.ring, np.float32)

    def power(self, samples: Samples) -> npt.NDArray[np.float32]:
        """The squared K-weighted ``samples``, continuing from the blocks before.

        Overlap-save: each transform takes ``ring`` samples of history and ``size - ring`` new
        ones, and keeps the outputs of the new ones. All the transforms of a block are one
        numpy call each way, in single precision (the power is summed in double afterwards).
        """
        if samples.size == 0:
            return np.zeros(0, np.float32)
        step = self.size - self.ring
        count = -(-samples.size // step)
        signal = np.zeros(self.ring + count * step, np.float32)
        signal[: self.ring] = self._history
        signal[self.ring : self.ring + samples.size] = samples
        self._history = signal[samples.size : samples.size + self.ring].copy()
        frames = sliding_window_view(signal, self.size)[: count * step : step]
        spectra = np.fft.rfft(frames, axis=1)
        spectra *= _response(self.rate, self.size)
        weighted = np.fft.irfft(spectra, self.size, axis=1)[:, self.ring :]
        power: npt.NDArray[np.float32] = np.square(weighted, out=weighted).reshape(-1)[: samples.size]
        return power


@cache
def _phases() -> tuple[npt.NDArray[np.float32], ...]:
    """The polyphase parts of a 48-tap 4x interpolation filter (the length ITU-R BS.1770 uses).

    A windowed-sinc low-pass at a quarter of the oversampled rate (Kaiser window, beta 6),
    scaled to unity gain at DC and then by 4, as ``scipy.signal.firwin`` designs it.
    """
    offsets = np.arange(_TAPS) - (_TAPS - 1) / 2
    taps = np.sinc(offsets / _OVERSAMPLING) * np.kaiser(_TAPS, 6.0)
    taps *= _OVERSAMPLING / taps.sum()
    return tuple(taps[phase::_OVERSAMPLING].astype(np.float32) for phase in range(_OVERSAMPLING))


def _context(samples: Samples | None, count: int, last: bool) -> Samples:
    """``count`` neighbouring samples (the last or the first of ``samples``), zeros where there are none."""
    context = np.zeros(count, np.float32)
    if samples is not None and samples.size:
        taken = samples[-count:] if last else samples[:count]
        if last:
            context[count - taken.size :] = taken
        else:
            context[: taken.size] = taken
    return context


def peak_envelope(samples: Samples, before: Samples | None = None, after: Samples | None = None) -> Samples:
    """Per sample, the largest absolute value among the 4x oversampled points around it.

    ``before`` and ``after`` are the samples around ``samples`` in a longer signal (none: silence).
    Each phase is ``np.convolve(samples, phase, mode="same")``, computed as one multiply-add
    per tap over a block of samples: np.convolve makes a call per output sample, several
    times slower.
    """
    phases = _phases()
    taps = len(phases[0])
    leading = taps // 2
    padded = np.concatenate(
        [_context(before, leading, True), samples.astype(np.float32), _context(after, taps - leading, False)]
    )
    envelope: Samples = np.abs(samples).astype(np.float32, copy=False)
    point, term = np.empty(_BLOCK, np.float32), np.empty(_BLOCK, np.float32)
    for start in range(0, samples.size, _BLOCK):
        count = min(_BLOCK, samples.size - start)
        peaks, value, product = envelope[start : start + count], point[:count], term[:count]
        for phase in phases:
            # Output i is the sum over k of phase[k] * samples[i + leading - 1 - k].
            for k, tap in enumerate(phase):
                source = padded[start + taps - 1 - k : start + taps - 1 - k + count]
                if k == 0:
                    np.multiply(source, tap, out=value)
                else:
                    np.multiply(source, tap, out=product)
                    value += product
            np.maximum(peaks, np.abs(value, out=value), out=peaks)
    return envelope


class PeakEnvelopes:
    """``peak_envelope`` of consecutive blocks of one signal, each computed once the next block is known."""

    def __init__(self) -> None:
        self._previous: Samples | None = None
        self._held: Samples | None = None

    def push(self, block: Samples) -> Samples | None:
        """The envelope of the block pushed before this one (None for the first block)."""
        envelope = None
        if self._held is not None:
            envelope = peak_envelope(self._held, self._previous, block)
            self._previous = self._held
        self._held = block
        return envelope

    def flush(self) -> Samples | None:
        """The envelope of the last block pushed (silence after it), None if there is none."""
        if self._held is None:
            return None
        envelope = peak_envelope(self._held, self._previous)
        self._previous, self._held = self._held, None
        return envelope
