"""Releases on real Celery workers over Redis give the same result as the in-process run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.redis

BROKER_URL = "redis://127.0.0.1:6379/3"


@pytest.fixture(scope="module")
def queue() -> str:
    """A queue of its own, so workers of other runs on the same Redis never take these tasks."""
    redis.Redis.from_url(BROKER_URL).ping()
    return f"publisher-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def worker_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The release records' database, shared by the worker and the commands of the tests."""
    return f"sqlite:///{tmp_path_factory.mktemp('records') / 'releases.db'}"


@pytest.fixture(scope="module")
def worker(queue: str, worker_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A Celery worker subprocess on the test queue; yields its log file."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {
        **os.environ,
        "PUBLISHER_BROKER_URL": BROKER_URL,
        "PUBLISHER_QUEUE": queue,
        "PUBLISHER_DATABASE_URL": worker_database,
    }
    command = [
        sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--pool=prefork",
        "--concurrency=2", "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300  # a hang guard only
    while "ready" not in log.read_text() and time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        time.sleep(0.2)
    yield log
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_publish_runs_on_a_real_worker(worker: Path, queue: str, tmp_path: Path) -> None:
    """`publisher publish` with a broker queues the canvas; the worker renders, checks and releases."""
    env = {
        **os.environ,
        "PUBLISHER_BROKER_URL": BROKER_URL,
        "PUBLISHER_QUEUE": queue,
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
    }
    out = tmp_path / "site"
    command = [
        sys.executable, "-m", "publisher.cli", "publish", str(EXAMPLES / "hitzeschutz-plan.md"),
        "--out", str(out), "--channels", "web", "--json",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "Traceback" not in result.stderr
    (report,) = json.loads(result.stdout)["reports"]
    assert report["channels"]["web"]["status"] == "released"
    assert (out / "hitzeschutzplan-landesverwaltung" / "index.html").is_file()
    assert "hitzeschutzplan-landesverwaltung/" in (out / "index.html").read_text(encoding="utf-8")
    log_text = worker.read_text()
    for task in ("publisher.render", "publisher.check", "publisher.finish"):
        assert f"Task {task}[" in log_text, f"{task} did not run on the worker"


def test_a_scheduled_release_goes_out_on_the_worker_once_its_embargo_has_ended(
    worker: Path, queue: str, worker_database: str, tmp_path: Path
) -> None:
    """`publish --schedule` returns at once; the worker starts the release at the embargo's end.

    The command's clock is set an hour back, so the embargo is ahead for it and over for the worker:
    nothing here waits for the wall clock.
    """
    from datetime import UTC, datetime, timedelta

    from tests.workers_support import run_launch, wait_for

    now = datetime.now(UTC)
    embargo = (now - timedelta(minutes=5)).replace(microsecond=0).isoformat()
    source = (EXAMPLES / "hitzeschutz-plan.md").read_text(encoding="utf-8")
    article = tmp_path / "sperrfrist.md"
    article.write_text(source.replace("\nsummary:", f"\nembargo: {embargo}\nsummary:", 1), encoding="utf-8")
    env = {
        "PUBLISHER_BROKER_URL": BROKER_URL,
        "PUBLISHER_QUEUE": queue,
        "PUBLISHER_DATABASE_URL": worker_database,
    }
    result = run_launch(
        "--now", (now - timedelta(hours=1)).isoformat(), "publish", str(article),
        "--out", "site", "--channels", "web", "--schedule", "--json", cwd=tmp_path, env=env,
    )  # fmt: skip
    assert isinstance(result, subprocess.CompletedProcess)
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)["reports"]
    assert report["status"] == "scheduled" and report["scheduled"] == embargo
    page = tmp_path / "site" / "hitzeschutzplan-landesverwaltung" / "index.html"
    wait_for(page.exists, "the scheduled release to go out")
    # Rendered and checked at once by the recorded release's steps, released by its release step.
    assert "Task publisher.release.finish[" in worker.read_text()
