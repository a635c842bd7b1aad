"""What the checks hear in the audio: integrated loudness, true peak and long silences, measured once.

The channel measures the samples on their way into the encoder (shaped by the gain and clipped,
as the encoder receives them) at the same time as they are encoded, and keeps the measures beside
the MP3 with a digest of its frames. The checks then take them for that file instead of decoding it
again; for any other file (one changed since, or written by other means) they decode it and
measure it the same way.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from publisher.channels.audio.signal.analysis import AnalysisBuilder
from publisher.channels.audio.signal.decode import Samples
from publisher.channels.audio.signal.frames import audio_start
from publisher.channels.audio.signal.loudness import loudness_of
from publisher.channels.audio.signal.silence import SilenceFinder

__all__ = [
    "LONG_SILENCE_S",
    "MEASURES_FILE",
    "SILENCE_FLOOR_DB",
    "SignalMeasures",
    "frames_digest",
    "measure_signal",
]

# Quieter than this counts as silence; a silence from this long on is reported.
SILENCE_FLOOR_DB = -50.0
LONG_SILENCE_S = 3.0
# Kept beside ``audio.mp3`` in the work folder (internal: not published).
MEASURES_FILE = "audio.measures.json"
# Bytes of the MP3 read at a time for its digest.
_READ = 1 << 20


@dataclass(frozen=True)
class SignalMeasures:
    """Integrated loudness (LUFS), true peak (dBTP) and silences (start, length in seconds) of one audio.

    ``source`` says whether the samples sent to the encoder were measured, or the decoded file;
    ``digest`` names the MP3 frames the measures belong to.
    """

    integrated: float
    true_peak: float
    silences: tuple[tuple[float, float], ...]
    source: Literal["encoded samples", "file"]
    digest: str = ""

    def placed(self, place: Callable[[float], float], digest: str) -> SignalMeasures:
        """The measures with silences moved from input to file times (``place``), for the file ``digest``."""
        silences = tuple((place(start), length) for start, length in self.silences)
        return replace(self, silences=silences, digest=digest)

    def save(self, path: Path) -> None:
        fields = {
            "integrated": self.integrated,
            "true_peak": self.true_peak,
            "silences": [list(silence) for silence in self.silences],
            "source": self.source,
            "digest": self.digest,
        }
        path.write_text(json.dumps(fields), encoding="utf-8")

    @classmethod
    def kept_for(cls, path: Path, mp3: Path) -> SignalMeasures | None:
        """The measures saved at ``path`` if they were made for the frames of ``mp3`` as it is now."""
        try:
            fields = json.loads(path.read_text(encoding="utf-8"))
            kept = cls(
                float(fields["integrated"]),
                float(fields["true_peak"]),
                tuple((float(start), float(length)) for start, length in fields["silences"]),
                fields["source"],
                str(fields["digest"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None
        return kept if kept.digest and kept.digest == frames_digest(mp3) else None


def measure_signal(
    blocks: Iterable[Samples], rate: int, source: Literal["encoded samples", "file"]
) -> SignalMeasures:
    """Loudness, true peak and silences of a signal at ``rate`` read block by block (never held whole)."""
    builder = AnalysisBuilder(rate)
    silence = SilenceFinder(rate, SILENCE_FLOOR_DB, LONG_SILENCE_S)
    for block in blocks:
        builder.add_block(block)
        silence.add(block)
    loudness = loudness_of(builder.finish(), rate)
    return SignalMeasures(loudness.integrated, loudness.true_peak, tuple(silence.finish()), source)


def frames_digest(mp3: Path) -> str:
    """SHA-256 of the MP3's bytes after its ID3v2 tag: the frames, which tags written later leave alone."""
    digest = hashlib.sha256()
    with mp3.open("rb") as file:
        file.seek(audio_start(file))
        while block := file.read(_READ):
            digest.update(block)
    return digest.hexdigest()
