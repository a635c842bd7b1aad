"""Two test channels for the release service: one held by its own check, one that fails until a file exists.

Registered by name in ``publisher.channels.CHANNELS`` (``SERVICE_CHANNELS``) only while the tests that use
them run: a command run in-process elsewhere would otherwise release to them by default.
"""

from __future__ import annotations

import os
from pathlib import Path

from publisher.a11y.findings import Finding
from publisher.channels.base import RenderJob, Rendition
from publisher.model import Article
from publisher.published import SiteContext

SERVICE_CHANNELS = {
    "flagged": "tests.release.service_channels:FlaggedChannel",
    "flaky": "tests.release.service_channels:FlakyChannel",
}


class FlaggedChannel:
    """Renders a text file; its own check always holds it (an error finding)."""

    name = "flagged"
    after: tuple[str, ...] = ()

    def render(self, article: Article, job: RenderJob) -> Rendition:
        (job.workdir / "flagged.txt").write_text(article.summary, encoding="utf-8")
        return Rendition(files=("flagged.txt",))

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        return [Finding(rule="test-flag", severity="error", message="Dieser Kanal hält jede Freigabe an.")]

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        return {}


class FlakyChannel:
    """Raises while the file named by ``PUBLISHER_TEST_FLAKY`` does not exist, then renders a text file."""

    name = "flaky"
    after: tuple[str, ...] = ()

    def render(self, article: Article, job: RenderJob) -> Rendition:
        if not Path(os.environ.get("PUBLISHER_TEST_FLAKY", "/nonexistent")).exists():
            raise RuntimeError("the speech engine is not ready")
        (job.workdir / "flaky.txt").write_text(article.title, encoding="utf-8")
        return Rendition(files=("flaky.txt",))

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        return []

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        return {}
