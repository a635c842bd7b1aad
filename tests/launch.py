"""Run the publisher command or a Celery worker with the test channel ``gated`` registered.

    python -m tests.launch cli [--now ISO-TIME] ARGS...   the publisher command; its clock reads ISO-TIME
    python -m tests.launch worker ARGS...                 a Celery worker of the configured broker

A worker started with ``PUBLISHER_TEST_RESTORE_INTERVAL=S`` looks for the tasks of vanished workers
every S seconds.

The gated channel renders ``gated.txt``. While the file named by ``PUBLISHER_TEST_GATE`` exists,
it first writes ``<gate>.started`` and waits, so that a test can kill a worker in mid-render. With
``PUBLISHER_TEST_GATED_AUDIO=1`` the audio channel waits at the same gate before it renders
(``tests.gated_audio``, imported only then: the audio channel's imports would cost every process).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from publisher import channels
from publisher.channels.base import RenderJob, Rendition

if TYPE_CHECKING:
    from publisher.a11y.findings import Finding
    from publisher.model import Article
    from publisher.published import SiteContext

channels.CHANNELS["gated"] = "tests.launch:GatedChannel"
if os.environ.get("PUBLISHER_TEST_GATED_AUDIO"):
    channels.CHANNELS["audio"] = "tests.gated_audio:GatedAudioChannel"


def wait_at_gate(job: RenderJob) -> None:
    """While the gate file exists: say which release reached it (``<gate>.started``) and wait."""
    gate = os.environ.get("PUBLISHER_TEST_GATE")
    if gate and Path(gate).exists():
        Path(gate + ".started").write_text(job.workdir.parent.parent.name, encoding="utf-8")
        deadline = time.monotonic() + 300  # a hang guard only: the test removes the gate
        while Path(gate).exists() and time.monotonic() < deadline:
            time.sleep(0.05)


class GatedChannel:
    """Renders one text file, after waiting at the gate while the gate file exists."""

    name = "gated"
    after: tuple[str, ...] = ()

    def render(self, article: Article, job: RenderJob) -> Rendition:
        wait_at_gate(job)
        (job.workdir / "gated.txt").write_text(article.summary, encoding="utf-8")
        return Rendition(files=("gated.txt",))

    def verify(self, article: Article, job: RenderJob, rendition: Rendition) -> list[Finding]:
        return []

    def rebuild_site(self, site: SiteContext) -> dict[str, bytes]:
        return {}


def main(arguments: list[str]) -> None:
    role, rest = arguments[0], arguments[1:]
    if role == "worker":
        from workers.celery_app import app

        interval = os.environ.get("PUBLISHER_TEST_RESTORE_INTERVAL")
        if interval:  # look for tasks of vanished workers this often (kombu's default: every 10 s)
            options = {**app.conf.broker_transport_options, "unacked_restore_interval": float(interval)}
            app.conf.broker_transport_options = options
        app.worker_main(["worker", *rest])
        return
    from publisher import cli

    if rest[:1] == ["--now"]:
        now = datetime.fromisoformat(rest[1])
        cli._now = lambda: now
        rest = rest[2:]
    sys.argv = ["publisher", *rest]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
