"""Killed workers, an emptied or restarted Redis: no traceback, a clear state, and a resume that finishes.

These tests run their own redis-server (it is flushed and restarted) and real worker processes.
"""

from __future__ import annotations

import json
import re
import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from publisher.published import record_path
from publisher.release.service import list_releases
from publisher.settings import Settings
from tests.conftest import EXAMPLES
from tests.helpers import fill
from tests.workers_support import PrivateRedis, Worker, run_launch, scheduled_messages, wait_for

pytestmark = pytest.mark.redis

Write = Callable[..., Path]
SLUG = "neue-ladesaeulen-fuer-musterstadt"


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path_factory.mktemp("redis"))
    yield server
    server.stop()


@pytest.fixture
def queue(broker: PrivateRedis) -> str:
    broker.client().flushdb()
    return f"publisher-recovery-{uuid.uuid4().hex[:12]}"


def environment(broker: PrivateRedis, queue: str, **extra: str) -> dict[str, str]:
    return {
        "PUBLISHER_BROKER_URL": broker.url,
        "PUBLISHER_QUEUE": queue,
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        **extra,
    }


def finished(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    stdout, stderr = process.communicate(timeout=180)
    return process.returncode, stdout, stderr


def test_a_worker_killed_mid_render_never_overwrites_the_correction_published_meanwhile(
    broker: PrivateRedis, queue: str, write_article: Write, tmp_path: Path
) -> None:
    """kill -9 during a render; a correction goes out; the killed release comes back and is superseded."""
    gate = tmp_path / "gate"
    gate.touch()
    env = environment(broker, queue, PUBLISHER_RELEASE_TIMEOUT="5")
    first_worker = Worker(broker.url, queue, tmp_path / "first.log", PUBLISHER_TEST_GATE=str(gate))
    path = write_article(summary="Erste Fassung: 40 Ladesäulen.")
    command = ("publish", str(path), "--out", "site", "--channels", "web,gated", "--json")
    first = run_launch(*command, cwd=tmp_path, env=env, background=True)
    assert isinstance(first, subprocess.Popen)
    wait_for(Path(f"{gate}.started").exists, "the render to start")
    first_worker.kill()
    code, stdout, stderr = finished(first)
    assert code == 4, stderr
    assert "Traceback" not in stderr
    assert "still queued on the workers" in stderr and "publisher releases resume" in stderr
    (pending,) = json.loads(stdout)["reports"]
    assert pending["status"] == "pending" and pending["broker"] == "queued"
    gate.unlink()

    write_article(summary="Korrigierte Fassung: 60 Ladesäulen.")
    without_broker = {"PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"), "PUBLISHER_BROKER_URL": ""}
    correction = run_launch(*command, cwd=tmp_path, env=without_broker)
    assert isinstance(correction, subprocess.CompletedProcess)
    assert correction.returncode == 0, correction.stderr
    page = tmp_path / "site" / SLUG / "index.html"
    corrected = page.read_bytes()
    assert b"Korrigierte Fassung" in corrected

    # A worker that hands out tasks unacknowledged for 6 s (and looks every second) brings it back.
    late_worker = Worker(
        broker.url,
        queue,
        tmp_path / "late.log",
        PUBLISHER_STEP_TIME_LIMIT="5",
        PUBLISHER_VISIBILITY_TIMEOUT="6",
        PUBLISHER_TEST_RESTORE_INTERVAL="1",
    )
    try:
        report_path = Path(pending["staging"]) / "report.json"
        wait_for(report_path.exists, "the killed release to come back and finish", seconds=300)
    finally:
        late_worker.stop()
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["status"] == "superseded"
    assert page.read_bytes() == corrected
    record = json.loads(record_path(tmp_path / "site", SLUG).read_text(encoding="utf-8"))
    assert record["generation"] == pending["generation"] + 1
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8").count(f'href="{SLUG}/"') == 1


def test_a_release_flushed_from_the_broker_is_reported_lost_and_resumed_once(
    broker: PrivateRedis, queue: str, write_article: Write, tmp_path: Path
) -> None:
    """FLUSHDB while the release waits in the queue: exit 4 and a message; resume releases it once."""
    env = environment(broker, queue, PUBLISHER_RELEASE_TIMEOUT="120")
    command = ("publish", str(write_article()), "--out", "site", "--channels", "web", "--json")
    waiting = run_launch(*command, cwd=tmp_path, env=env, background=True)
    assert isinstance(waiting, subprocess.Popen)
    client = broker.client()
    wait_for(lambda: client.keys("publisher:release:*"), "the release to be queued")
    client.flushdb()
    code, stdout, stderr = finished(waiting)
    assert code == 4, stderr
    assert "Traceback" not in stderr
    assert "the broker lost it" in stderr and "nothing of it is public" in stderr
    (lost,) = json.loads(stdout)["reports"]
    assert lost["broker"] == "lost"
    assert not (tmp_path / "site" / SLUG).exists()

    listed = run_launch("releases", "list", "--out", "site", "--json", cwd=tmp_path, env=env)
    (row,) = json.loads(listed.stdout)["releases"]
    assert row["release"] == lost["release"] and row["state"] == "lost by the broker" and row["resumable"]

    worker = Worker(broker.url, queue, tmp_path / "worker.log")
    try:
        resumed = run_launch("resume", "--all", "--out", "site", "--json", cwd=tmp_path, env=env)
        again = run_launch("resume", "--all", "--out", "site", "--json", cwd=tmp_path, env=env)
    finally:
        worker.stop()
    assert resumed.returncode == 0, resumed.stderr
    (report,) = json.loads(resumed.stdout)["reports"]
    assert report["status"] == "released"
    assert json.loads(again.stdout)["reports"] == [] and again.returncode == 0
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8").count(f'href="{SLUG}/"') == 1
    assert len(re.findall(r"Task publisher\.finish\[[^\]]+\] succeeded", worker.log.read_text())) == 1


def _schedule(
    broker: PrivateRedis, queue: str, tmp_path: Path, path: Path, *clock: str, **extra: str
) -> dict[str, Any]:
    env = environment(broker, queue, **extra)
    result = run_launch(
        *clock, "publish", str(path), "--out", "site", "--channels", "web", "--schedule", "--json",
        cwd=tmp_path, env=env,
    )  # fmt: skip
    assert isinstance(result, subprocess.CompletedProcess)
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)["reports"]
    assert report["status"] == "scheduled"
    return report


def _records(broker: PrivateRedis, queue: str, tmp_path: Path, **extra: str) -> list[dict[str, Any]]:
    env = environment(broker, queue, **extra)
    listed = run_launch("releases", "list", "--out", "site", "--json", cwd=tmp_path, env=env)
    assert isinstance(listed, subprocess.CompletedProcess)
    records: list[dict[str, Any]] = json.loads(listed.stdout)["records"]
    return records


def _sweeping_worker(broker: PrivateRedis, queue: str, tmp_path: Path, database: str) -> Worker:
    """A worker with the sweeper (beat) every half second, sending again what has not moved for 2 s."""
    return Worker(
        broker.url, queue, tmp_path / "worker.log", "--beat", f"--schedule={tmp_path / 'beat'}",
        PUBLISHER_DATABASE_URL=database, PUBLISHER_SWEEP_INTERVAL="0.5", PUBLISHER_STUCK_AFTER="2",
    )  # fmt: skip


def test_a_scheduled_release_lost_in_a_redis_restart_is_checked_by_the_sweeper_and_waits_for_its_embargo(
    broker: PrivateRedis, queue: str, write_article: Write, tmp_path: Path
) -> None:
    """No ETA message holds the embargo: after Redis restarts empty the record is still scheduled for it."""
    database = f"sqlite:///{tmp_path / 'releases.db'}"
    embargo = (datetime.now(UTC) + timedelta(days=2)).replace(microsecond=0)
    report = _schedule(
        broker, queue, tmp_path, write_article(embargo=embargo.isoformat()), PUBLISHER_DATABASE_URL=database
    )
    assert all(
        "eta" not in message or message["eta"] is None
        for message in scheduled_messages(broker.client(), queue)
    )
    broker.restart()
    worker = _sweeping_worker(broker, queue, tmp_path, database)
    records = Settings(database_url=database)
    try:
        wait_for(
            lambda: [view.state for view in list_releases(records)] == ["scheduled"],
            "the sweeper to render and check it again",
            seconds=300,
        )
    finally:
        worker.stop()
    (record,) = _records(broker, queue, tmp_path, PUBLISHER_DATABASE_URL=database)
    assert record["id"] == report["release"] and datetime.fromisoformat(record["embargo"]) == embargo
    assert record["channels"]["web"]["state"] == "passed"
    assert not (tmp_path / "site" / SLUG).exists()


def test_a_scheduled_release_whose_embargo_ended_while_it_was_lost_goes_out_by_the_sweeper(
    broker: PrivateRedis, queue: str, write_article: Write, tmp_path: Path
) -> None:
    """Scheduled (by a command whose clock says the embargo is ahead), flushed, ended: sent by the sweeper."""
    database = f"sqlite:///{tmp_path / 'releases.db'}"
    now = datetime.now(UTC)
    embargo = (now - timedelta(hours=1)).replace(microsecond=0)
    clock = ("--now", (now - timedelta(days=1)).isoformat())
    path = write_article(embargo=embargo.isoformat())
    _schedule(broker, queue, tmp_path, path, *clock, PUBLISHER_DATABASE_URL=database)
    broker.client().flushdb()
    worker = _sweeping_worker(broker, queue, tmp_path, database)
    records = Settings(database_url=database)
    try:
        wait_for(
            lambda: [view.state for view in list_releases(records)] == ["released"],
            "the sweeper to send the release again",
            seconds=300,
        )
    finally:
        worker.stop()
    assert (tmp_path / "site" / SLUG / "index.html").is_file()
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8").count(f'href="{SLUG}/"') == 1


def test_a_release_sent_before_its_embargo_is_not_released_but_queued_for_it(
    broker: PrivateRedis, queue: str, write_article: Write, tmp_path: Path
) -> None:
    """A sender whose clock runs ahead sends an embargoed release at once; the worker holds it back."""
    now = datetime.now(UTC)
    embargo = (now + timedelta(days=2)).replace(microsecond=0)
    path = write_article(embargo=embargo.isoformat())
    worker = Worker(broker.url, queue, tmp_path / "worker.log")
    try:
        result = run_launch(
            "--now", (now + timedelta(days=3)).isoformat(), "publish", str(path),
            "--out", "site", "--channels", "web", "--json", cwd=tmp_path, env=environment(broker, queue),
        )  # fmt: skip
        assert isinstance(result, subprocess.CompletedProcess)
        assert result.returncode == 0, result.stderr
        (report,) = json.loads(result.stdout)["reports"]
        assert report["status"] == "scheduled"
        client = broker.client()
        held = wait_for(lambda: client.hvals("unacked"), "the worker to hold the start task")
    finally:
        worker.stop()
    (message, _exchange, _queue) = json.loads(held[0])
    assert message["headers"]["task"] == "publisher.start"
    assert datetime.fromisoformat(message["headers"]["eta"]) == embargo
    assert not (tmp_path / "site" / SLUG).exists()


def test_a_staging_disk_filling_up_during_a_render_on_a_worker_gives_exit_5_and_resumes(
    broker: PrivateRedis, queue: str, write_article: Write, small_disk: Path, tmp_path: Path
) -> None:
    """The worker cannot save the channel's state: exit 5 naming the cause, nothing public, resume works."""
    gate = tmp_path / "gate"
    gate.touch()
    env = environment(broker, queue, PUBLISHER_STAGING_DIR=str(small_disk / "staging"))
    worker = Worker(broker.url, queue, tmp_path / "worker.log", PUBLISHER_TEST_GATE=str(gate))
    try:
        command = ("publish", str(write_article()), "--out", "site", "--channels", "gated", "--json")
        waiting = run_launch(*command, cwd=tmp_path, env=env, background=True)
        assert isinstance(waiting, subprocess.Popen)
        wait_for(Path(f"{gate}.started").exists, "the render to start")
        filler = fill(small_disk)
        gate.unlink()
        code, _, stderr = finished(waiting)
        assert code == 5, stderr
        assert "No space left on device" in stderr and "Traceback" not in stderr
        assert "publisher releases resume" in stderr
        assert not (tmp_path / "site" / SLUG).exists()
        filler.unlink()
        resumed = run_launch("resume", "--all", "--out", "site", "--json", cwd=tmp_path, env=env)
    finally:
        worker.stop()
    assert resumed.returncode == 0, resumed.stderr
    assert (tmp_path / "site" / SLUG / "gated.txt").is_file()
