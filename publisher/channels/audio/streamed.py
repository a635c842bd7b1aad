"""The article spoken straight into the MP3 encoders: encoding runs while the speech is synthesised.

As each chunk is joined, the gain curve (``signal.level``) is extended and the encoders
(``signal.stream``) read the samples it settles, each its own part of the audio, cut in a pause
chosen before anything is spoken. Memory holds the chunks in flight and the analysis; the
samples wait on disk only as long as the encoders lag behind the speech.

Where the stream cannot stand, the finished signal is encoded the ordinary way instead: when
chunks come at different sample rates, or when the gain predicted from the first seconds leaves
the whole more than ``level.TOLERANCE_LU`` off the target loudness.
"""

from __future__ import annotations

import contextlib
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from publisher.channels.audio.signal.analysis import Analysis, AnalysisBuilder
from publisher.channels.audio.signal.encode import Layout, Mp3Encoders
from publisher.channels.audio.signal.level import Leveller
from publisher.channels.audio.signal.loudness import fit_gain
from publisher.channels.audio.signal.measures import SignalMeasures, measure_signal
from publisher.channels.audio.signal.stream import Abandoned, Feed
from publisher.channels.audio.speech.chunks import (
    Joined,
    SpokenScript,
    Timed,
    cuts,
    plan_chunks,
    speak_script,
)
from publisher.channels.audio.speech.engines.base import Engine
from publisher.channels.audio.speech.script import SpeechScript
from publisher.settings import AudioSettings

__all__ = ["Encoded", "speak_to_mp3"]


@dataclass(frozen=True)
class Encoded:
    """When each chunk is spoken (input seconds), and where the input plays in the MP3."""

    timeline: tuple[Timed, ...]
    layout: Layout
    # Whether the samples went to the encoders while the speech was synthesised (else: afterwards).
    streamed: bool
    # What the checks hear, measured on the samples sent to the encoders (input times); None if not streamed.
    measures: SignalMeasures | None = None


class _Stream:
    """Called with each joined chunk: starts the encoders' feed, extends the gain, places the cuts."""

    def __init__(
        self,
        encoders: Mp3Encoders,
        runner: ThreadPoolExecutor,
        cut_after: list[int],
        settings: AudioSettings,
        mp3: Path,
        tag_space: int,
    ) -> None:
        self.encoders, self.runner, self.mp3 = encoders, runner, mp3
        self.tag_space = tag_space
        self.cut_after = cut_after
        self.settings = settings
        self.feed: Feed | None = None
        self.encoding: Future[Layout] | None = None
        self.measuring: Future[SignalMeasures] | None = None
        self.leveller: Leveller | None = None

    def __call__(self, joined: Joined) -> None:
        if self.feed is None:
            self.feed = Feed(joined.spool, len(self.cut_after) + 1)
            if joined.measured is None:
                self.feed.abandon()
                return
            rate = joined.measured[0]
            self.leveller = Leveller(rate, self.settings.target_lufs, self.settings.max_true_peak)
            parts = [self.feed.part(index) for index in range(len(self.cut_after) + 1)]
            self.encoding = self.runner.submit(
                self.encoders.encode_parts, parts, rate, self.mp3, self.feed.starts, self.tag_space
            )
            # Clipped as the encoders clip them.
            encoded = (np.clip(block, -1.0, 1.0) for block in self.feed.whole())
            self.measuring = self.runner.submit(measure_signal, encoded, rate, "encoded samples")
        if self.feed.abandoned or self.leveller is None:
            return
        if joined.measured is None:
            self.feed.abandon()
            return
        rate, analysis = joined.measured
        if joined.index in self.cut_after:
            # The cut lies in the middle of the pause that ends this chunk.
            pause = rate * joined.chunk.pause_after_ms // 2000
            self.feed.cut(self.cut_after.index(joined.index) + 1, joined.bounds[1] - pause)
        curve = self.leveller.extend(analysis)
        if curve is not None:
            self.feed.publish(curve, self.leveller.settled_samples(analysis.width))

    def weighs(self) -> bool:
        """Whether the loudness of the chunks measured now is still wanted (until the gain is predicted)."""
        return self.leveller is None or not self.leveller.predicted

    def abandon(self) -> None:
        if self.feed is not None:
            self.feed.abandon()

    def finish(self, spoken: SpokenScript) -> Encoded | None:
        """The streamed MP3's timing and measures, None if the stream was given up or missed the target."""
        ready = self.feed is not None and self.leveller is not None and not self.feed.abandoned
        if not ready or self.encoding is None or self.measuring is None:
            self.abandon()
            self._wait()
            return None
        assert self.feed is not None and self.leveller is not None
        curve = self.leveller.extend(spoken.analysis, final=True)
        assert curve is not None
        self.feed.publish(curve, spoken.size, done=True)
        layout, measures = self.encoding.result(), self.measuring.result()
        if self.leveller.off_target(measures.integrated):
            return None
        return Encoded(spoken.timeline, layout, streamed=True, measures=measures)

    def _wait(self) -> None:
        for running in (self.encoding, self.measuring):
            if running is not None:
                with contextlib.suppress(Abandoned):
                    running.result()


def speak_to_mp3(
    script: SpeechScript,
    engine: Engine,
    settings: AudioSettings,
    encoders: Mp3Encoders,
    mp3: Path,
    cache: Path | None,
    tag_space: int = 0,
) -> Encoded:
    """Speak ``script`` with ``engine`` into ``mp3`` (untagged), through ``encoders`` started ahead.

    ``tag_space`` bytes are reserved at the start for the ID3 tag written afterwards.
    The encoders are used for one stream; should it be given up, new ones encode the finished signal.
    """
    workers = settings.workers or os.cpu_count() or 1
    cut_after = cuts(plan_chunks(script, settings.chunk_chars), min(workers, len(encoders)))
    # One thread feeds the encoders, one measures what they are fed.
    with ThreadPoolExecutor(2) as runner:
        stream = _Stream(encoders, runner, cut_after, settings, mp3, tag_space)
        try:
            spoken = speak_script(
                script,
                engine,
                voice=settings.voice,
                max_chars=settings.chunk_chars,
                workers=settings.workers,
                cache=cache,
                on_joined=stream,
                weigh=stream.weighs,
            )
        except BaseException:
            stream.abandon()
            stream._wait()
            raise
        with spoken:
            encoded = stream.finish(spoken)
            if encoded is not None:
                return encoded
            gain, _ = fit_gain(
                _weighed(spoken),
                rate=spoken.rate,
                target_lufs=settings.target_lufs,
                max_true_peak=settings.max_true_peak,
            )
            with Mp3Encoders(
                workers, settings.bitrate_kbps, settings.mp3_sample_rate, settings.mp3_quality
            ) as fresh:
                layout = fresh.encode(
                    spoken.spool,
                    spoken.rate,
                    mp3,
                    splits=spoken.pause_splits(workers),
                    shaping=gain.apply,
                    tag_space=tag_space,
                )
            return Encoded(spoken.timeline, layout, streamed=False)


def _weighed(spoken: SpokenScript) -> Analysis:
    """The spoken signal's analysis with its loudness: measured again from the spool if the stream
    analysed only the peaks past the prediction."""
    if spoken.analysis.weighed:
        return spoken.analysis
    builder = AnalysisBuilder(spoken.rate)
    for block in spoken.spool.blocks():
        builder.add_block(block)
    return builder.finish()
