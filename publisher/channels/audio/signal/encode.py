"""Encode samples to MP3 (mono, constant bit rate) with ffmpeg's LAME encoder, in one pass.

The MP3's sample rate is the caller's (``output_rate``; the channel's setting, 44.1 kHz by default
because Apple Podcasts asks for it): ffmpeg resamples on the way in. Without one, the samples' own
rate is kept where MPEG allows it (espeak-ng's 22.05 kHz becomes an MPEG-2 Layer III file, half
the samples to encode); other rates become the nearest that LAME supports.

Long audio can be encoded in parts at the same time, one ffmpeg per core: the parts are cut
inside pauses and their MP3 frames joined. Each part keeps its encoder delay and frame
padding; the returned ``Layout`` says where each input sample plays in the file. The joined
file starts with one Xing "Info" frame (the CBR form) that counts the frames and bytes of the
whole file, so players show the exact duration and seek by it without scanning; it carries no
LAME delay fields (they would describe one part only), so no decoder trims samples.

Each ffmpeg process is started for the samples' rate: ahead of the audio when the caller knows
the rate it will most likely get (the engine's), so that its start-up costs no time, else (or
if the samples come at another rate) when its part is handed over; it reads 32-bit float WAV from a pipe, fed
block by block from an array or a ``Spool`` on disk. Resampling up, LAME's lowpass is set at
the samples' own Nyquist frequency: the band above is empty, and quantising it cost LAME
about 6 % of its work (callgrind, 40 s of espeak-ng speech at 96 kbit/s, 44.1 kHz).
"""

from __future__ import annotations

import contextlib
import itertools
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

import numpy as np

from publisher.channels.audio.signal.decode import Samples
from publisher.channels.audio.signal.frames import FrameFormat, info_frame, walk_file
from publisher.channels.audio.signal.spool import Spool

__all__ = ["EncodeError", "Layout", "Mp3Encoders", "encode_mp3"]

_TIMEOUT_S = 600
# Samples to encode: an array, or a spool read back in blocks.
Source = Samples | Spool
# A change applied to each block of samples on its way to the encoder, given where the block starts.
Shaping = Callable[[Samples, int], Samples]
# Samples converted and written to an encoder's pipe at a time.
_WRITE_BLOCK = 1 << 18
# A WAV data size that means "until the end of the stream".
_STREAMING = 0xFFFFFFFF
# LAME's encoder delay plus the decoder's: the first sample plays this late in a file without a LAME tag.
_DELAY = 576 + 529


class EncodeError(RuntimeError):
    """ffmpeg could not encode the audio."""


@dataclass(frozen=True)
class Layout:
    """Where the input plays in the file: part ``k`` starts at input ``inputs[k]`` s, file ``files[k]`` s."""

    inputs: tuple[float, ...]
    files: tuple[float, ...]

    def place(self, seconds: float) -> float:
        """The time in the file at which the input's ``seconds`` play."""
        index = max(i for i, start in enumerate(self.inputs) if start <= seconds or i == 0)
        return self.files[index] + seconds - self.inputs[index]


def _empty_id3(size: int) -> bytes:
    """An ID3v2.4 tag of ``size`` bytes of padding (its size in the header is "syncsafe": 7 bits a byte)."""
    body = size - 10
    syncsafe = bytes((body >> shift) & 0x7F for shift in (21, 14, 7, 0))
    return b"ID3\x04\x00\x00" + syncsafe + bytes(body)


def _wav_header(rate: int) -> bytes:
    """The header of a mono 32-bit float WAV stream of unknown length."""
    # Format 3 is IEEE float: one channel, 4 bytes a sample.
    fmt = struct.pack("<HHIIHH", 3, 1, rate, rate * 4, 4, 32)
    streaming = struct.pack("<I", _STREAMING)
    return b"RIFF" + streaming + b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + streaming


class _Encoder:
    """One ffmpeg process that reads WAV on its input and writes an MP3 file.

    The process is started for the rate of its samples (``start``): resampled up, the speech
    holds nothing above its own Nyquist frequency, so LAME's lowpass is set there and LAME
    does not quantise the empty band (its default at 96 kbit/s mono is 20 kHz).
    """

    def __init__(self, bitrate_kbps: int, output: Path, output_rate: int | None, quality: int | None) -> None:
        self.output = output
        self.bitrate_kbps, self.output_rate, self.quality = bitrate_kbps, output_rate, quality
        self.process: subprocess.Popen[bytes] | None = None
        self._rate: int | None = None

    def start(self, rate: int) -> None:
        """Start ffmpeg for samples at ``rate``; one started for another rate (fed nothing) is replaced."""
        if self.process is not None and self._rate == rate:
            return
        self.stop()
        self._rate = rate
        # Without "-ar" the input's rate is kept where LAME supports it.
        resampled = ["-ar", str(self.output_rate)] if self.output_rate else []
        upsampled = self.output_rate is not None and self.output_rate > rate
        cutoff = ["-cutoff", str(rate // 2)] if upsampled else []
        # Without it, ffmpeg leaves LAME at its own default effort (3).
        effort = ["-compression_level", str(self.quality)] if self.quality is not None else []
        command = [
            "ffmpeg", "-v", "error", "-nostdin", "-y", "-f", "wav", "-i", "pipe:0", *resampled,
            "-ac", "1", "-c:a", "libmp3lame", "-b:a", f"{self.bitrate_kbps}k", *effort, *cutoff,
            # Tags are written afterwards by mutagen (ID3v2.4 with chapters); parts are joined frame by frame.
            "-map_metadata", "-1", "-id3v2_version", "0", "-write_xing", "0",
            "-f", "mp3", str(self.output),
        ]  # fmt: skip
        try:
            self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as error:
            raise EncodeError(f"ffmpeg could not encode MP3: {error}") from error

    def encode(self, blocks: Iterable[Samples], rate: int) -> Path:
        """The file of MP3 frames of ``blocks``' samples (at ``rate``), written to ffmpeg as they come."""
        self.start(rate)
        assert self.process is not None
        stdin, stderr = self.process.stdin, self.process.stderr
        if stdin is None or stderr is None:
            raise EncodeError("ffmpeg was started without pipes")
        try:
            stdin.write(_wav_header(rate))
            for block in blocks:
                stdin.write(np.clip(block, -1.0, 1.0).astype("<f4", copy=False).data)
            stdin.close()
        except BrokenPipeError:
            pass  # ffmpeg stopped early: its message and exit status tell why.
        try:
            returncode = self.process.wait(timeout=_TIMEOUT_S)
        except subprocess.TimeoutExpired as error:
            raise EncodeError(f"ffmpeg could not encode MP3: {error}") from error
        if returncode != 0:
            message = stderr.read().decode(errors="replace").strip()
            raise EncodeError(f"ffmpeg could not encode MP3: {message or f'exit status {returncode}'}")
        return self.output

    def stop(self) -> None:
        """End the process if it still runs (an encoder that got no audio)."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stderr):
            if stream is not None:
                # Unwritten input of a process that has ended cannot be flushed.
                with contextlib.suppress(BrokenPipeError):
                    stream.close()


class Mp3Encoders:
    """Up to ``count`` MP3 encoders, made ready ahead of the audio; ``encode`` uses one per part.

    ``quality`` is LAME's effort (0 slowest to 9; None: LAME's default). With ``input_rate``
    (the rate the samples will most likely come at) the ffmpeg processes start at once, so
    their start-up overlaps what comes before the audio; else each starts with its part.

    A context manager: leaving it ends every encoder and removes their files.
    """

    def __init__(
        self,
        count: int,
        bitrate_kbps: int = 96,
        output_rate: int | None = None,
        quality: int | None = None,
        input_rate: int | None = None,
    ) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="publisher-encode-")
        self.bitrate_kbps = bitrate_kbps
        self._encoders = [
            _Encoder(bitrate_kbps, Path(self._folder.name) / f"part{index}.mp3", output_rate, quality)
            for index in range(max(1, count))
        ]
        if input_rate is not None:
            try:
                for encoder in self._encoders:
                    encoder.start(input_rate)
            except EncodeError:
                self.close()
                raise

    def __len__(self) -> int:
        return len(self._encoders)

    def __enter__(self) -> Mp3Encoders:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        for encoder in self._encoders:
            encoder.stop()
        self._folder.cleanup()

    def encode(
        self,
        samples: Source,
        rate: int,
        target: Path,
        *,
        splits: Sequence[int] = (),
        shaping: Shaping | None = None,
        tag_space: int = 0,
    ) -> Layout:
        """Write ``samples`` (at ``rate``; an array or a spool read in blocks) to ``target`` as MP3, untagged.

        ``splits`` are sample indices (inside pauses) where the audio is cut into parts that are
        encoded in parallel, one part per encoder at most. ``shaping`` (e.g. a loudness gain)
        is applied block by block while the encoders already work on the blocks before.
        """
        inside = sorted(index for index in set(splits) if 0 < index < samples.size)
        if len(inside) >= len(self._encoders):
            raise ValueError(f"{len(inside) + 1} parts for {len(self._encoders)} encoders")
        bounds = [0, *inside, samples.size]
        parts = [
            _shaped(_blocks(samples, start, end), start, shaping) for start, end in itertools.pairwise(bounds)
        ]
        return self.encode_parts(parts, rate, target, lambda: bounds, tag_space)

    def encode_parts(
        self,
        parts: Sequence[Iterable[Samples]],
        rate: int,
        target: Path,
        starts: Callable[[], Sequence[int]],
        tag_space: int = 0,
    ) -> Layout:
        """Write the parts' blocks (at ``rate``), each part by its own encoder at the same time, as one MP3.

        The blocks may still be in the making (a part's iterator waits for them); ``starts``
        gives the first sample of each part once all are written. ``tag_space`` bytes are
        reserved at the start for the ID3 tag (an empty tag of that size): writing the tag
        then does not move the audio, which for long files would pass it all through memory.
        """
        if len(parts) > len(self._encoders):
            raise ValueError(f"{len(parts)} parts for {len(self._encoders)} encoders")

        def encode_part(index: int) -> Path:
            return self._encoders[index].encode(parts[index], rate)

        with ThreadPoolExecutor(max_workers=len(parts)) as pool:
            encoded = list(pool.map(encode_part, range(len(parts))))
        walks = [walk_file(path) for path in encoded]
        played = next((first for _, first in walks if first is not None), None)
        if played is None:
            raise EncodeError("the encoder wrote no MP3 frame")
        size = sum(path.stat().st_size for path in encoded)
        # The parts are copied into the file, not read into memory.
        with target.open("wb") as output:
            if tag_space:
                output.write(_empty_id3(tag_space))
            output.write(
                info_frame(sum(frames for frames, _ in walks), size, played.bitrate_kbps, played.rate)
            )
            for path in encoded:
                with path.open("rb") as part:
                    shutil.copyfileobj(part, output)
        return _layout(starts(), [frames for frames, _ in walks], rate, played)


def encode_mp3(
    samples: Samples,
    rate: int,
    target: Path,
    *,
    bitrate_kbps: int = 96,
    splits: Sequence[int] = (),
    output_rate: int | None = None,
) -> Layout:
    """Write ``samples`` (at ``rate``) to ``target`` as MP3 at ``output_rate`` (None: ``rate``), untagged.

    ``splits`` are sample indices (inside pauses) where the audio is cut into parts that are
    encoded in parallel.
    """
    parts = len({index for index in splits if 0 < index < samples.size}) + 1
    with Mp3Encoders(parts, bitrate_kbps, output_rate) as encoders:
        return encoders.encode(samples, rate, target, splits=splits)


def _layout(bounds: Sequence[int], frames: Sequence[int], rate: int, frame: FrameFormat) -> Layout:
    inputs, files, played = [], [], 0.0
    for start, count in zip(bounds, frames, strict=False):
        inputs.append(start / rate)
        files.append(played + _DELAY / frame.rate)
        played += count * frame.samples / frame.rate
    return Layout(tuple(inputs), tuple(files))


def _shaped(blocks: Iterable[Samples], start: int, shaping: Shaping | None) -> Iterator[Samples]:
    """``blocks`` (beginning at sample ``start``) shaped by ``shaping``."""
    for block in blocks:
        yield block if shaping is None else shaping(block, start)
        start += block.size


def _blocks(source: Source, start: int, end: int) -> Iterator[Samples]:
    if isinstance(source, Spool):
        yield from source.blocks(start, end, _WRITE_BLOCK)
    else:
        for offset in range(start, end, _WRITE_BLOCK):
            yield source[offset : min(offset + _WRITE_BLOCK, end)]
