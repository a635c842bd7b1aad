"""``publisher serve`` as a real process on a free loopback port, for the tests over HTTP."""

from __future__ import annotations

import secrets
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from tests.conftest import REPO, clean_environment, missing_part
from tests.newsletter_support import POSTGRES_URL, free_port

__all__ = ["private_schema", "serve_env", "served"]

# A hang guard only: the app normally answers within seconds (the wait ends as soon as it does).
DEADLINE = 300.0


def serve_env(database_url: str, **settings: str) -> dict[str, str]:
    """The environment of a server process: this checkout's code, a strong key, ``settings`` as variables."""
    own = {
        "PYTHONPATH": str(REPO),
        "PUBLISHER_DATABASE_URL": database_url,
        "PUBLISHER_NEWSLETTER__SECRET_KEY": secrets.token_urlsafe(32),
    }
    return clean_environment(**{**own, **settings})


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


@contextmanager
def private_schema(prefix: str) -> Iterator[str]:
    """A schema of its own (``prefix`` + random) in the PostgreSQL test database; skips without one."""
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin_url = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        missing_part(f"PostgreSQL not reachable at {admin_url}: {error}")
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        try:
            yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
        finally:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")
