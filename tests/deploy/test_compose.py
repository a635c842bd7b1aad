"""docker-compose.yml and the Dockerfile, without Docker: the file parses, every setting and command it
names exists, and each service of the image starts locally against local Redis and PostgreSQL."""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from pydantic import BaseModel

from publisher.broker import CHANNEL_QUEUES, all_queues
from publisher.settings import Settings
from tests.api.serving import private_schema
from tests.conftest import REPO
from tests.newsletter_support import free_port
from tests.workers_support import PrivateRedis, wait_for

COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES: dict[str, dict[str, Any]] = COMPOSE["services"]
# The services that run this project's image, with what tells that each is up.
OWN = {
    "app": "/api/health",
    "worker-web": "ready.",
    "worker-newsletter": "ready.",
    "worker-audio": "ready.",
    "worker-delivery": "ready.",
    "beat": "Sending due task",  # the sweeper, sent by beat
}
# ${NAME}, ${NAME:-default}, ${NAME:?message}: the interpolation docker compose does.
_VARIABLE = re.compile(r"\$\{(\w+)(?::?([-?])([^}]*))?\}")


def _setting_exists(variable: str) -> bool:
    """Whether ``PUBLISHER_A__B`` names a field of Settings (nested sections by ``__``)."""
    model: type[BaseModel] = Settings
    parts = variable.removeprefix("PUBLISHER_").lower().split("__")
    for number, part in enumerate(parts):
        field = model.model_fields.get(part)
        if field is None:
            return False
        annotation = field.annotation
        if number < len(parts) - 1:
            if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
                return False
            model = annotation
    return True


def test_the_stack_has_every_part_and_names_only_real_settings() -> None:
    """App, a worker per queue, beat, PostgreSQL, Redis with its append-only file, Mailpit, nginx."""
    assert set(SERVICES) == {*OWN, "postgres", "redis", "mailpit", "web"}
    assert "--appendonly" in SERVICES["redis"]["command"]
    for name in OWN:
        environment = SERVICES[name]["environment"]
        for variable in environment:
            assert variable == "PUBLISHER_CONFIG" or _setting_exists(variable), (name, variable)
        # Secrets and the database's password come from the environment of whoever starts the stack.
        assert environment["PUBLISHER_NEWSLETTER__SECRET_KEY"].startswith("${PUBLISHER_SECRET_KEY:?")
        assert "${POSTGRES_PASSWORD:?" in environment["PUBLISHER_DATABASE_URL"]
        assert environment["PUBLISHER_BROKER_URL"].startswith("redis://redis:6379/")
    # Together the workers consume every queue the site's tasks are sent to, each its own.
    consumed = [SERVICES[name]["command"][3].split(",") for name in OWN if name.startswith("worker-")]
    queues = [queue for names in consumed for queue in names]
    assert sorted(queues) == sorted(all_queues(Settings())) and set(CHANNEL_QUEUES) <= set(queues)
    web = SERVICES["web"]
    config = next(volume for volume in web["volumes"] if "nginx" in volume).split(":")[0]
    assert (REPO / config).is_file()


def test_the_image_copies_what_exists_and_owns_every_volume_it_writes() -> None:
    """Each COPY source exists; each named volume a service of the image writes is owned by its user."""
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    for line in dockerfile.splitlines():
        if line.startswith("COPY ") and "--from=" not in line:
            for source in line.split()[1:-1]:
                assert (REPO / source).exists(), source
    owned = re.search(r"chown publisher:publisher ([^\n]+)", dockerfile)
    assert owned is not None
    for name in OWN:
        for volume in SERVICES[name]["volumes"]:
            source, target, *mode = volume.split(":")
            if source in COMPOSE["volumes"] and mode != ["ro"]:
                assert target in owned.group(1).split(), (name, target)
    assert "USER publisher" in dockerfile


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A schema of its own in the PostgreSQL test database."""
    with private_schema("f_api_compose") as url:
        yield url


def _local(value: str, local: dict[str, str]) -> str:
    """A compose value with its ${VARIABLE} replaced by the test's values and container paths by folders."""

    def variable(match: re.Match[str]) -> str:
        name, kind, default = match.groups()
        return local[name] if name in local or kind != "-" else default

    value = _VARIABLE.sub(variable, value)
    for container, folder in local.items():
        if container.startswith("/"):
            value = value.replace(container, folder)
    return value


def _command(service: dict[str, Any], port: int) -> list[str]:
    command = list(service["command"])
    if "--port" in command:
        command[command.index("--port") + 1] = str(port)
        command[command.index("--host") + 1] = "127.0.0.1"
    programs = {
        "publisher": [sys.executable, "-m", "publisher.cli"],
        "celery": [sys.executable, "-m", "celery"],
    }
    return [*programs[command[0]], *command[1:]]


@pytest.mark.redis
@pytest.mark.parametrize("name", sorted(OWN))
def test_each_service_of_the_image_starts_locally(name: str, tmp_path: Path, postgres_url: str) -> None:
    """The service's command and environment, pointed at local Redis and PostgreSQL: it comes up and stops."""
    redis_server = PrivateRedis(tmp_path)
    service = SERVICES[name]
    folders = {
        target: str(tmp_path / target.strip("/").replace("/", "-"))
        for target in ("/srv/public", "/srv/staging", "/srv/state")
    }
    for folder in folders.values():
        Path(folder).mkdir()
    local = {
        "POSTGRES_PASSWORD": "unused",
        "PUBLISHER_SMTP_URL": "smtp://127.0.0.1:1",
        "PUBLISHER_SECRET_KEY": secrets.token_urlsafe(32),
        "/srv/articles": str(REPO / "examples"),
        **folders,
    }
    env = {key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")}
    env.update({key: _local(str(value), local) for key, value in service["environment"].items()})
    env.update({
        "PYTHONPATH": str(REPO),
        "PUBLISHER_BROKER_URL": redis_server.url,
        "PUBLISHER_DATABASE_URL": postgres_url,
    })  # fmt: skip
    port = free_port()
    log = tmp_path / f"{name}.log"
    command = [_local(part, local) for part in _command(service, port)]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    ready = OWN[name]

    def up() -> bool:
        assert process.poll() is None, log.read_text(errors="replace")
        if ready.startswith("/"):
            try:
                return httpx.get(f"http://127.0.0.1:{port}{ready}", timeout=5).status_code == 200
            except httpx.TransportError:
                return False
        return ready in log.read_text(errors="replace")

    try:
        wait_for(up, f"{name} to start", seconds=120)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=20)
        redis_server.stop()
    assert "Traceback" not in log.read_text(errors="replace")
