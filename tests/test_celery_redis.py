"""Releases on real Celery workers over Redis give the same result as the in-process run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import EXAMPLES, REPO

pytestmark = pytest.mark.redis


@pytest.fixture(scope="module")
def broker_url() -> Iterator[str]:
    # A database of its own, emptied, so other runs on the same Redis cannot interfere.
    url = f"redis://127.0.0.1:6379/{9 + os.getpid() % 5}"
    client = redis.Redis.from_url(url)
    client.ping()
    client.flushdb()
    yield url
    client.flushdb()


@pytest.fixture(scope="module")
def worker(broker_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[subprocess.Popen[str]]:
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    env = {**os.environ, "PUBLISHER_BROKER_URL": broker_url}
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
    yield process
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
    assert result.returncode == 0, result.stderr
    (report,) = json.loads(result.stdout)["reports"]
    assert report["channels"]["web"]["status"] == "released"
    assert (out / "hitzeschutzplan-landesverwaltung" / "index.html").is_file()
    assert "hitzeschutzplan-landesverwaltung/" in (out / "index.html").read_text(encoding="utf-8")
    # The work was done by the worker process, which left its task results in Redis.
    assert redis.Redis.from_url(broker_url).keys("celery-task-meta-*")
