"""``publisher publish`` records its release as it starts: list and show follow it, one stopped resumes.

The publish is held in the middle of its web render, with no clock involved: the pronunciation
lexicon it reads there is a named pipe that the test writes only once it has seen the record.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.test_cli import EXAMPLES, run

Write = Callable[..., Path]
_LEXICON = "de: {}\n"


def _environment(tmp_path: Path) -> dict[str, str]:
    lexicon = tmp_path / "lexikon.yaml"
    os.mkfifo(lexicon)
    return {
        "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'releases.db'}",
        "PUBLISHER_LEXICON": str(lexicon),
    }


def _publish(article: Path, tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    environment = {**os.environ, "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"), **env}
    environment.pop("PUBLISHER_BROKER_URL", None)
    command = [sys.executable, "-m", "publisher.cli", "publish", str(article), "--out", "site",
               "--channels", "web", "--json"]  # fmt: skip
    return subprocess.Popen(
        command, cwd=tmp_path, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _records(tmp_path: Path, env: dict[str, str]) -> list[dict[str, Any]]:
    listed = run("releases", "list", "--out", "site", "--json", cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    records: list[dict[str, Any]] = json.loads(listed.stdout)["records"]
    return records


def _reader_waiting(env: dict[str, str], publish: subprocess.Popen[str]) -> int:
    """The pipe's writing end, once the publish opened the lexicon to read it (it then waits for it)."""
    deadline = time.monotonic() + 600  # a hang guard only
    while time.monotonic() < deadline:
        assert publish.poll() is None, publish.communicate()
        try:
            return os.open(env["PUBLISHER_LEXICON"], os.O_WRONLY | os.O_NONBLOCK)
        except OSError as error:  # ENXIO: nobody reads the pipe yet
            if error.errno != errno.ENXIO:
                raise
        time.sleep(0.1)
    raise AssertionError("the publish never read its lexicon")


def _let_the_lexicon_be_read(env: dict[str, str], pipe: int) -> None:
    """Hand the waiting reader the lexicon, and leave a plain file behind for every later read."""
    fifo = Path(env["PUBLISHER_LEXICON"])
    plain = fifo.with_name("plain.yaml")
    plain.write_text(_LEXICON, encoding="utf-8")
    os.replace(plain, fifo)
    os.write(pipe, _LEXICON.encode())
    os.close(pipe)


def test_a_running_publish_is_listed_with_its_channel_step_and_then_its_outcome(
    write_article: Write, tmp_path: Path
) -> None:
    """While its web page renders, list shows it queued with web rendering; then released, by the same id."""
    env = _environment(tmp_path)
    publish = _publish(write_article(), tmp_path, env)
    try:
        pipe = _reader_waiting(env, publish)
        (record,) = _records(tmp_path, env)
        assert (record["state"], record["queued_by"]) == ("queued", "publish")
        assert record["channels"]["web"]["state"] == "rendering"
        _let_the_lexicon_be_read(env, pipe)
        stdout, stderr = publish.communicate(timeout=600)
    finally:
        publish.kill()
    assert publish.returncode == 0, stderr
    (report,) = json.loads(stdout)["reports"]
    assert report["release"] == record["id"]
    shown = run("releases", "show", record["id"], "--json", cwd=tmp_path, env=env)
    view = json.loads(shown.stdout)
    assert (view["state"], view["channels"]["web"]["state"]) == ("released", "released")


def test_a_publish_stopped_while_rendering_is_resumed_from_its_record(
    write_article: Write, tmp_path: Path
) -> None:
    """The publish is killed mid-render: its record stays queued, and retry releases it from the record."""
    env = _environment(tmp_path)
    publish = _publish(write_article(), tmp_path, env)
    try:
        pipe = _reader_waiting(env, publish)
        (record,) = _records(tmp_path, env)
    finally:
        publish.kill()
        publish.communicate()
    os.close(pipe)
    shown = json.loads(run("releases", "show", record["id"], "--json", cwd=tmp_path, env=env).stdout)
    assert (shown["state"], shown["channels"]["web"]["state"]) == ("queued", "rendering")
    lexicon = Path(env["PUBLISHER_LEXICON"])
    lexicon.unlink()
    lexicon.write_text(_LEXICON, encoding="utf-8")
    retried = run("releases", "retry", record["id"], "--json", cwd=tmp_path, env=env)
    assert retried.returncode == 0, retried.stderr
    view = json.loads(retried.stdout)
    assert (view["state"], view["channels"]["web"]["state"]) == ("released", "released")
    assert (tmp_path / "site" / record["slug"] / "index.html").is_file()
