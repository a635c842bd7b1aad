"""``publisher serve`` as a real process on a free loopback port, for the tests over HTTP."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import REPO
from tests.newsletter_support import free_port

__all__ = ["serve_env", "served"]

# A hang guard only: the app normally answers within seconds.
DEADLINE = 120.0


def serve_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a server process: this checkout's code, a strong key, ``settings`` as variables."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")}
    env.update(
        {
            "PYTHONPATH": str(REPO),
            "PUBLISHER_DATABASE_URL": database_url,
            "PUBLISHER_NEWSLETTER__SECRET_KEY": secrets.token_urlsafe(32),
            "PUBLISHER_A11Y__BROWSER_STAGE": "false",
            **settings,
        }
    )
    return env


@contextmanager
def served(env: dict[str, str], folder: Path, *options: str) -> Iterator[str]:
    """Run ``publisher serve`` until the block ends; yields its base URL once /api/health answers."""
    port = free_port()
    log = folder / f"serve-{port}.log"
    command = [sys.executable, "-m", "publisher.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as output:
        server = subprocess.Popen(
            [*command, *options], cwd=folder, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, server, log)
        yield base
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _wait_ready(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while True:
        assert server.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, "publisher serve did not answer"
        try:
            with urllib.request.urlopen(f"{base}/api/health", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
