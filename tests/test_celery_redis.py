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


@pytest.fixture(scope="module")
def broker_url() -> str:
    url = "redis://127.0.0.1:6379/3"
    redis.Redis.from_url(url).ping()
    return url


@pytest.fixture(scope="module")
def queue() -> str:
    # A queue of its own, so workers of other runs on the same Redis never take these tasks.
    return f"publisher-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="module")
def worker(
    broker_url: str, queue: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[subprocess.Popen[str], Path]]:
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {**os.environ, "PUBLISHER_BROKER_URL": broker_url, "PUBLISHER_QUEUE": queue}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "workers.celery_app",
            "worker",
            "--pool=prefork",
            "--concurrency=2",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=REPO,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 60
    while "ready" not in log.read_text() and time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        time.sleep(0.2)
    yield process, log
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_publish_runs_on_a_real_worker(
    worker: subprocess.Popen[str], broker_url: str, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "PUBLISHER_BROKER_URL": broker_url,
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
    }
    out = tmp_path / "site"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "publisher.cli",
            "publish",
            str(EXAMPLES / "hitzeschutz-plan.md"),
            "--out",
            str(out),
            "--channels",
            "web",
            "--json",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    (report,) = json.loads(result.stdout)["reports"]
    assert report["channels"]["web"]["status"] == "released"
    assert (out / "hitzeschutzplan-landesverwaltung" / "index.html").is_file()
    assert "hitzeschutzplan-landesverwaltung/" in (out / "index.html").read_text(encoding="utf-8")
    # The work was done by the worker process, which logged each step of the canvas.
    _process, log = worker
    log_text = log.read_text()
    for task in ("publisher.render", "publisher.check", "publisher.release", "publisher.finish"):
        assert f"Task {task}[" in log_text and "succeeded" in log_text, task
