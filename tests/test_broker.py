"""A process pointed at one broker, then another, then the first again sends each task to the one named."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from tests.conftest import REPO

# Two Redis databases no other test uses, as two brokers.
_BROKERS = ("redis://127.0.0.1:6379/9", "redis://127.0.0.1:6379/10")
_SEND_IN_TURN = """
import json, sys
from publisher.broker import configure, configured_app
from publisher.settings import Settings

queue = sys.argv[1]
sent = []
for url in sys.argv[2:]:
    configure(Settings(broker_url=url, queue=queue))
    sent.append([url, configured_app().send_task("publisher.nothing", args=(url,), queue=queue).id])
print(json.dumps(sent))
"""


@pytest.fixture
def queue() -> Iterator[str]:
    name = f"broker-switch-{uuid.uuid4().hex[:8]}"
    yield name
    for url in _BROKERS:
        redis.Redis.from_url(url).delete(name)


def _waiting(url: str, queue: str) -> list[str]:
    """The ids of the task messages waiting in ``queue`` on the broker at ``url``, oldest first."""
    messages = redis.Redis.from_url(url).lrange(queue, 0, -1)
    return [json.loads(message)["headers"]["id"] for message in reversed(messages)]


def test_switching_brokers_and_back_sends_every_task_to_the_broker_named_then(
    queue: str, tmp_path: Path
) -> None:
    """First, second, first, second: four sends without an error, each message on its own broker."""
    order = [_BROKERS[0], _BROKERS[1], _BROKERS[0], _BROKERS[1]]
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    environment.pop("PUBLISHER_BROKER_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", _SEND_IN_TURN, queue, *order],
        cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    sent = json.loads(result.stdout)
    for url in _BROKERS:
        assert _waiting(url, queue) == [task for named, task in sent if named == url]
