"""Real parts for the release tests: a Redis server of the test's own and Celery worker processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import redis

from tests.conftest import REPO

__all__ = ["PrivateRedis", "Worker", "run_launch", "scheduled_messages", "wait_for"]


def wait_for(condition: Callable[[], Any], what: str, seconds: float = 300) -> Any:
    """Poll ``condition`` until it is true; the deadline is a hang guard, not a measurement."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"gave up waiting for {what}")


class PrivateRedis:
    """A redis-server on a free port, without persistence: it can be flushed and restarted empty."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--dir", str(self.folder),
        ]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, "redis-server to answer")

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def restart(self) -> None:
        """Stop the server the hard way and start it again: it comes back empty."""
        self.stop()
        self.start()

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=20)
            self.process = None

    def _answers(self) -> bool:
        try:
            return bool(self.client().ping())
        except redis.RedisError:
            return False


class Worker:
    """A Celery worker process group (prefork) started by ``tests.launch``, with its log file."""

    def __init__(self, broker: str, queue: str, log: Path, *options: str, **env: str) -> None:
        self.log = log
        environment = {**os.environ, "PUBLISHER_BROKER_URL": broker, "PUBLISHER_QUEUE": queue, **env}
        command = [
            sys.executable, "-m", "tests.launch", "worker", "--pool=prefork", "--concurrency=2",
            "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat", *options,
        ]  # fmt: skip
        with log.open("a") as output:
            self.process = subprocess.Popen(
                command,
                cwd=REPO,
                env=environment,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        wait_for(lambda: "ready" in log.read_text() or self.process.poll() is not None, "the worker to start")
        assert self.process.poll() is None, log.read_text()

    def kill(self) -> None:
        """SIGKILL the whole worker: the main process and its pool children."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=20)


def run_launch(
    *args: str, cwd: Path, env: dict[str, str], background: bool = False
) -> subprocess.CompletedProcess[str] | subprocess.Popen[str]:
    """The publisher command through ``tests.launch`` (the gated channel known, the clock settable)."""
    environment = {**os.environ, **env}
    command = [sys.executable, "-m", "tests.launch", "cli", *args]
    if background:
        return subprocess.Popen(
            command, cwd=cwd, env={**environment, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    return subprocess.run(
        command,
        cwd=cwd,
        env={**environment, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def scheduled_messages(client: redis.Redis, queue: str) -> list[dict[str, Any]]:
    """The task headers (name, eta, args) of the messages waiting in ``queue``."""
    return [json.loads(raw)["headers"] for raw in client.lrange(queue, 0, -1)]
