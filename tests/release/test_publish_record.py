"""``publisher publish`` records its release as it starts: list and show follow it, one stopped resumes.

The publish is held in the middle of a render by the test channel ``gated`` (``tests.launch``):
in its own process, and on a worker of a Redis of the test's own.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli_support import invoke_in
from tests.conftest import EXAMPLES
from tests.workers_support import PrivateRedis, Worker, run_launch, wait_for

Write = Callable[..., Path]


@pytest.fixture
def gate(tmp_path: Path) -> Iterator[Path]:
    """While this file exists, the gated channel waits in its render (having written ``<gate>.started``)."""
    path = tmp_path / "gate"
    path.touch()
    yield path
    path.unlink(missing_ok=True)


def _environment(tmp_path: Path, gate: Path, broker: str = "") -> dict[str, str]:
    return {
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_BROKER_URL": broker,
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'releases.db'}",
        "PUBLISHER_TEST_GATE": str(gate),
    }


def _publish(article: Path, tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    command = ("publish", str(article), "--out", "site", "--channels", "gated", "--json")
    process = run_launch(*command, cwd=tmp_path, env=env, background=True)
    assert isinstance(process, subprocess.Popen)
    return process


def _command(*args: str, tmp_path: Path, env: dict[str, str]) -> Any:
    """``publisher ARGS --json`` in this process (reading records needs no gated channel)."""
    done = invoke_in(*args, "--json", cwd=tmp_path, env={**os.environ, **env})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _retry(release_id: str, tmp_path: Path, env: dict[str, str]) -> Any:
    """``publisher releases retry`` as a program of its own: it renders the gated channel again."""
    done = run_launch("releases", "retry", release_id, "--json", cwd=tmp_path, env=env)
    assert isinstance(done, subprocess.CompletedProcess)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _records(tmp_path: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = _command("releases", "list", "--out", "site", tmp_path=tmp_path, env=env)[
        "records"
    ]
    return records


def _held_in_render(gate: Path, publish: subprocess.Popen[str]) -> None:
    wait_for(lambda: Path(f"{gate}.started").exists() or publish.poll() is not None, "the render to start")
    assert publish.poll() is None, publish.communicate()


def test_a_running_publish_is_listed_with_its_channel_step_and_then_its_outcome(
    write_article: Write, tmp_path: Path, gate: Path
) -> None:
    """While its channel renders, list shows it queued by publish, the channel rendering; then released."""
    env = _environment(tmp_path, gate)
    publish = _publish(write_article(), tmp_path, env)
    try:
        _held_in_render(gate, publish)
        (record,) = _records(tmp_path, env)
        assert (record["state"], record["queued_by"]) == ("queued", "publish")
        assert record["channels"]["gated"]["state"] == "rendering"
        gate.unlink()
        stdout, stderr = publish.communicate(timeout=300)
    finally:
        publish.kill()
    assert publish.returncode == 0, stderr
    (report,) = json.loads(stdout)["reports"]
    assert report["release"] == record["id"]
    view = _command("releases", "show", record["id"], tmp_path=tmp_path, env=env)
    assert (view["state"], view["channels"]["gated"]["state"]) == ("released", "released")


def test_a_publish_stopped_while_rendering_is_resumed_from_its_record(
    write_article: Write, tmp_path: Path, gate: Path
) -> None:
    """The publish is killed mid-render: its record stays queued, and retry releases it from the record."""
    env = _environment(tmp_path, gate)
    publish = _publish(write_article(), tmp_path, env)
    try:
        _held_in_render(gate, publish)
        (record,) = _records(tmp_path, env)
    finally:
        publish.kill()
        publish.communicate()
    shown = _command("releases", "show", record["id"], tmp_path=tmp_path, env=env)
    assert (shown["state"], shown["channels"]["gated"]["state"]) == ("queued", "rendering")
    gate.unlink()
    view = _retry(record["id"], tmp_path, env)
    assert (view["state"], view["channels"]["gated"]["state"]) == ("released", "released")
    assert (tmp_path / "site" / record["slug"] / "gated.txt").is_file()


@pytest.mark.redis
def test_a_publish_on_workers_is_listed_as_it_moves(write_article: Write, tmp_path: Path, gate: Path) -> None:
    """The command follows the release on a worker: list shows its channel rendering, then it released."""
    (tmp_path / "redis").mkdir()
    redis_server = PrivateRedis(tmp_path / "redis")
    queue = f"publish-record-{uuid.uuid4().hex[:10]}"
    env = {**_environment(tmp_path, gate, redis_server.url), "PUBLISHER_QUEUE": queue}
    worker_env = {key: value for key, value in env.items() if key != "PUBLISHER_BROKER_URL"}
    worker = Worker(redis_server.url, queue, tmp_path / "worker.log", **worker_env)
    try:
        publish = _publish(write_article(), tmp_path, env)
        try:
            _held_in_render(gate, publish)

            def rendering() -> list[dict[str, Any]]:
                records = _records(tmp_path, env)
                return records if records and records[0]["channels"]["gated"]["state"] == "rendering" else []

            (record,) = wait_for(rendering, "the record to say rendering")
            assert record["state"] == "queued"
            gate.unlink()
            stdout, stderr = publish.communicate(timeout=300)
        finally:
            publish.kill()
    finally:
        worker.stop()
        redis_server.stop()
    assert publish.returncode == 0, stderr
    (report,) = json.loads(stdout)["reports"]
    view = _command("releases", "show", report["release"], tmp_path=tmp_path, env=env)
    assert (view["state"], view["channels"]["gated"]["state"]) == ("released", "released")
