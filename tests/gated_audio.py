"""The real audio channel, waiting at the gate of ``tests.launch`` before it renders."""

from __future__ import annotations

from publisher.channels.audio import AudioChannel
from publisher.channels.base import RenderJob, Rendition
from publisher.model import Article
from tests.launch import wait_at_gate


class GatedAudioChannel(AudioChannel):
    """Registered by ``tests.launch`` for ``PUBLISHER_TEST_GATED_AUDIO=1``."""

    def render(self, article: Article, job: RenderJob) -> Rendition:
        wait_at_gate(job)
        return super().render(article, job)
