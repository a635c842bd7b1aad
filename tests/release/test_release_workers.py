"""Recorded releases on real worker processes and a Redis of the test's own: a worker killed while it
renders audio, and a broker emptied while releases are queued and scheduled. The sweeper (beat in the
worker) sends again what the broker lost; every release goes out once, and an embargo never early.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from redis import Redis

from publisher.release.record_dispatch import SWEEP_TASK
from publisher.release.service import ReleaseView, get_release, queue_release, reschedule_release
from publisher.settings import Settings
from tests.workers_support import PrivateRedis, Worker, wait_for

pytestmark = pytest.mark.redis

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"
ENDED = ("released", "partial", "held", "failed", "superseded", "conflict", "cancelled")


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def site_settings(settings: Settings, broker: PrivateRedis, tmp_path: Path) -> Settings:
    broker.client().flushdb()
    return settings.model_copy(
        update={
            "broker_url": broker.url,
            "queue": f"f-release-{uuid.uuid4().hex[:10]}",
            "database_url": f"sqlite:///{tmp_path / 'releases.db'}",
        }
    )


def start_worker(settings: Settings, log: Path, *options: str, **env: str) -> Worker:
    """A worker of the test's site; with the sweeper every half second, resending after 3 s without a move."""
    return Worker(
        str(settings.broker_url), settings.queue, log, *options,
        PUBLISHER_DATABASE_URL=settings.database_url, PUBLISHER_SWEEP_INTERVAL="0.5",
        PUBLISHER_STUCK_AFTER="3", **env,
    )  # fmt: skip


def ended(settings: Settings, release_id: str) -> ReleaseView | None:
    view = get_release(settings, release_id)
    return view if view.state in ENDED else None


def test_a_worker_killed_while_it_renders_audio_leaves_a_release_that_completes_once(
    site_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """SIGKILL in mid-render; the sweeper sends the work again; the page and episode go out once."""
    gate = tmp_path / "gate"
    gate.touch()
    gated = {"PUBLISHER_TEST_GATE": str(gate), "PUBLISHER_TEST_GATED_AUDIO": "1"}
    first = start_worker(site_settings, tmp_path / "first.log", **gated)
    site = tmp_path / "site"
    try:
        queued = queue_release(site_settings, write_article(), site, queued_by="presse", channels="audio,web")
        wait_for(Path(f"{gate}.started").exists, "the audio render to start", seconds=300)
        assert get_release(site_settings, queued.id).channels["audio"].state == "rendering"
    finally:
        first.kill()
    gate.unlink()
    second = start_worker(site_settings, tmp_path / "second.log", "--beat", f"--schedule={tmp_path / 'beat'}")
    try:
        view = wait_for(lambda: ended(site_settings, queued.id), "the release to end", seconds=240)
    finally:
        second.stop()
    assert view.state == "released", view.reason
    assert view.channels["audio"].state == "released" and view.channels["audio"].attempts >= 2
    assert (site / SLUG / "index.html").is_file() and any((site / SLUG).glob("*.mp3"))
    assert (site / "index.html").read_text(encoding="utf-8").count(f'href="{SLUG}/"') == 1
    assert (site / "podcast.xml").read_text(encoding="utf-8").count(f"/{SLUG}/</link>") <= 1


def test_releases_queued_and_scheduled_survive_an_emptied_broker_and_go_out_once_on_time(
    site_settings: Settings, write_article: Write, tmp_path: Path
) -> None:
    """FLUSHDB before any worker ran: the sweeper finds both in the database; the embargo holds.

    The embargo lies a day ahead while the sweeper runs, so no sweep may release it; moving it into
    the past (as an editor does) lets the next sweep release it. Nothing waits for the wall clock.
    """
    site = tmp_path / "site"
    embargo = (datetime.now(UTC) + timedelta(days=1)).replace(microsecond=0)
    first = queue_release(site_settings, write_article(), site, queued_by="presse", channels="web")
    later = write_article(name="sperrfrist.md", title="Sperrfrist für den Haushalt", slug="haushalt")
    second = queue_release(site_settings, later, site, queued_by="presse", channels="web", embargo=embargo)
    Redis.from_url(str(site_settings.broker_url)).flushdb()
    log = tmp_path / "worker.log"
    worker = start_worker(site_settings, log, "--beat", f"--schedule={tmp_path / 'beat'}")

    def sweeps() -> int:
        lines = log.read_text().splitlines()
        return sum(f"Task {SWEEP_TASK}[" in line and " succeeded in " in line for line in lines)

    try:
        released = wait_for(lambda: ended(site_settings, first.id), "the queued release", seconds=180)
        wait_for(lambda: get_release(site_settings, second.id).state == "scheduled", "the embargoed release")
        seen = sweeps()
        wait_for(lambda: sweeps() >= seen + 3, "three more sweeps")
        assert get_release(site_settings, second.id).state == "scheduled"
        assert not (site / "haushalt").exists()
        moved = (datetime.now(UTC) - timedelta(minutes=1)).replace(microsecond=0)
        reschedule_release(site_settings, second.id, moved)
        scheduled = wait_for(lambda: ended(site_settings, second.id), "the embargoed release", seconds=180)
    finally:
        worker.stop()
    assert released.state == "released" and scheduled.state == "released"
    assert scheduled.released_at is not None and scheduled.released_at >= moved
    index = (site / "index.html").read_text(encoding="utf-8")
    assert index.count(f'href="{SLUG}/"') == 1 and index.count('href="haushalt/"') == 1
