"""Newsletter sending as Celery work: in-process (eager) and on a real worker over Redis."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from publisher.delivery import delivery_summary, queue_release
from publisher.model import Article
from publisher.published import internal_dir
from publisher.settings import Settings, get_settings
from publisher.store import Store, add_subscriber
from tests.conftest import REPO
from tests.newsletter_support import SinkHandler
from workers.celery_app import configure


@pytest.fixture
def worker_env(
    monkeypatch: pytest.MonkeyPatch, store_settings: Settings, smtp_sink: tuple[SinkHandler, int]
) -> Iterator[dict[str, str]]:
    """The environment a worker reads its settings from (database, SMTP sink, secret, small batches)."""
    secret = store_settings.newsletter.secret_key
    assert secret is not None
    env = {
        "PUBLISHER_DATABASE_URL": store_settings.database_url,
        "PUBLISHER_NEWSLETTER__SMTP_URL": f"smtp://127.0.0.1:{smtp_sink[1]}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": secret.get_secret_value(),
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://abo.example.de/",
        "PUBLISHER_NEWSLETTER__BATCH_SIZE": "5",
        "PUBLISHER_NEWSLETTER__RETRY_BACKOFF": "0.1",
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield env
    get_settings.cache_clear()
    configure(get_settings())


def _subscribe(store: Store, count: int) -> list[str]:
    addresses = [f"t{number:02d}@example.org" for number in range(count)]
    with store.session() as session:
        for address in addresses:
            add_subscriber(session, address, source="test", confirmed_at=datetime.now(UTC))
    return addresses


def _received(sink: SinkHandler) -> list[str]:
    return sorted(address for _, tos, _ in sink.messages for address in tos)


def test_eager_tasks_send_every_batch_once(
    worker_env: dict[str, str], store: Store, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """Without a broker the send task fans out batch tasks in-process; sending again sends nothing."""
    from workers.delivery_tasks import send_newsletter

    configure(get_settings())
    sink, _ = smtp_sink
    addresses = _subscribe(store, 12)
    release_id = queue_release(store, german_article)
    send_newsletter.delay(release_id)
    send_newsletter.delay(release_id)
    assert _received(sink) == addresses
    assert delivery_summary(store, release_id).sent == 12


def _start_worker(
    env: dict[str, str], log: Path, *extra: str, name: str | None = None
) -> subprocess.Popen[bytes]:
    """A real Celery worker (solo pool, no gossip, mingle or heartbeat) logging to ``log``.

    ``extra``: arguments after ``worker``; ``name``: the worker's node name (Celery's default if None).
    """
    command = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", *extra,
               "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat",
               "--loglevel=INFO", *(["-n", f"{name}@%h"] if name else [])]  # fmt: skip
    with log.open("w") as output:  # the worker writes to its own copy of the descriptor
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT)


def _stop_worker(worker: subprocess.Popen[bytes]) -> None:
    """Stop ``worker`` as its supervisor would (SIGTERM, a warm shutdown), killed if it does not end."""
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=120)
    except subprocess.TimeoutExpired:
        worker.kill()


def _until_logged(log: Path, text: str) -> None:
    """Return once ``text`` is in ``log``; the deadline is a hang guard only, nothing is asserted on time."""
    deadline = time.monotonic() + 300
    while text not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.2)


def _send_batch_over(broker: str, queue: str, release_id: int, batch: list[int]) -> None:
    """Send ``batch`` over the broker as the release sends it.

    This process's app is pointed at the workers' broker and queue for the send (it runs tasks eagerly
    otherwise; worker_env points it back).
    """
    from workers.delivery_tasks import deliver_batch

    configure(get_settings().model_copy(update={"broker_url": broker, "queue": queue}))
    try:
        deliver_batch.delay(release_id, batch)
    finally:
        configure(get_settings())


@contextmanager
def _killed_at_message(sink: SinkHandler, count: int, worker: subprocess.Popen[bytes]) -> Iterator[None]:
    """The SMTP sink kills ``worker`` when it is handed message ``count`` + 1, and refuses that message."""
    original = sink.handle_DATA

    async def kill_then_refuse(server: object, session: object, envelope: object) -> str:
        if len(sink.messages) == count:
            os.kill(worker.pid, signal.SIGKILL)
            return "451 4.3.0 worker gone"
        return await original(server, session, envelope)

    sink.handle_DATA = kill_then_refuse  # type: ignore[method-assign]
    try:
        yield
    finally:
        sink.handle_DATA = original  # type: ignore[method-assign]


@pytest.mark.redis
# The store's side (the journal, the unsent rest) is tested on both databases in test_batches; the
# broker's redelivery to a new worker is the same on either, so it runs on the production one.
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_killed_worker_then_redelivered_batch_sends_exactly_the_rest(
    worker_env: dict[str, str],
    store: Store,
    store_settings: Settings,
    smtp_sink: tuple[SinkHandler, int],
    german_article: Article,
    tmp_path: Path,
) -> None:
    """A real worker killed mid-batch, then the batch delivered again to a new worker: each address once."""
    import redis

    from publisher.delivery import plan_batches

    broker = "redis://127.0.0.1:6379/4"
    redis.Redis.from_url(broker).ping()
    queue = f"publisher-newsletter-test-{uuid.uuid4().hex[:12]}"
    sink, _ = smtp_sink
    addresses = _subscribe(store, 12)
    release_id = queue_release(store, german_article)
    env = {**os.environ, **worker_env, "PUBLISHER_BROKER_URL": broker, "PUBLISHER_QUEUE": queue}
    (batch,) = plan_batches(store, release_id, 100)
    assert "sqlite" not in store_settings.database_url or batch == list(range(1, 13))
    deliver = ("-I", "workers.delivery_tasks")
    first = _start_worker(env, tmp_path / "first.log", *deliver, name="first")
    try:
        with _killed_at_message(sink, 4, first):
            _send_batch_over(broker, queue, release_id, batch)
            assert first.wait(timeout=300) == -signal.SIGKILL
        assert "deliver_batch[" in (tmp_path / "first.log").read_text()  # the worker had it, not this process
        assert len(sink.messages) == 4
        second = _start_worker(env, tmp_path / "second.log", *deliver, name="second")
        try:
            # The broker's redelivery of the unacknowledged batch.
            _send_batch_over(broker, queue, release_id, batch)
            # Until the batch task has ended (not until 12 messages: a wrong resend would send more).
            _until_logged(tmp_path / "second.log", " succeeded in ")
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=120)
    finally:
        if first.poll() is None:
            first.kill()
    assert _received(sink) == addresses
    assert delivery_summary(store, release_id).sent == 12


def _env_with_smtp_down(worker_env: dict[str, str], broker: str, port: int) -> dict[str, str]:
    """The environment of a worker and of the CLI whose SMTP server (at ``port``) is down.

    Small batches and two quick retries, and no circuit breaker: every row goes through its retries.
    """
    from tests.conftest import EXAMPLES

    return {
        **os.environ, **worker_env, "PUBLISHER_BROKER_URL": broker,
        "PUBLISHER_QUEUE": f"publisher-newsletter-test-{uuid.uuid4().hex[:12]}",
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_NEWSLETTER__SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__BATCH_SIZE": "2", "PUBLISHER_NEWSLETTER__MAX_RETRIES": "2",
        "PUBLISHER_NEWSLETTER__RETRY_BACKOFF": "0.05", "PUBLISHER_NEWSLETTER__BREAKER_THRESHOLD": "100",
    }  # fmt: skip


def _cli(folder: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "publisher.cli", *args]
    return subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, timeout=300)


def _settled(store: Store, release_id: int, done: Callable[[Any], bool]) -> Any:
    """The release's delivery summary once ``done`` holds for it."""
    deadline = time.monotonic() + 300  # a hang guard only
    while not done(summary := delivery_summary(store, release_id)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return summary


def _publish_and_send(folder: Path, env: dict[str, str]) -> int:
    """`publish --send` of an example article with a broker: the CLI and the report say it was queued."""
    from tests.conftest import EXAMPLES

    published = _cli(folder, env, "publish", str(EXAMPLES / "hitzeschutz-plan.md"), "--out", "site",
                     "--channels", "web,newsletter", "--send")  # fmt: skip
    assert published.returncode == 0, published.stderr
    assert "newsletter queued for sending on the workers: 5 recipients" in published.stderr
    report = json.loads(
        (internal_dir(folder / "site") / "hitzeschutzplan-landesverwaltung" / "report.json").read_text()
    )
    delivery = report["channels"]["newsletter"]["delivery"]
    assert (delivery["outcome"], delivery["recipients"]) == ("queued", 5)
    return int(delivery["release_id"])


@pytest.mark.redis
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_workers_the_send_is_reported_as_queued_and_every_row_ends_failed_or_sent(
    worker_env: dict[str, str], store: Store, tmp_path: Path
) -> None:
    """With a broker, publish --send says what it queued; with SMTP down the worker's last retry fails
    every row (nothing stays deferred), subscribers untouched; `resume` then sends them all."""
    import redis

    from publisher.store import Subscriber
    from tests.delivery.smtp_servers import ScriptedServer, running

    broker = "redis://127.0.0.1:6379/4"
    redis.Redis.from_url(broker).ping()
    with running(ScriptedServer()) as port:
        pass  # SMTP down: nothing listens on the port until the end of the test
    env = _env_with_smtp_down(worker_env, broker, port)
    addresses = _subscribe(store, 5)
    worker = _start_worker(env, tmp_path / "worker.log")
    try:
        release_id = _publish_and_send(tmp_path, env)
        summary = _settled(store, release_id, lambda summary: summary.state == "finished")
        assert (summary.state, summary.outcome, summary.failed, summary.sent) == (
            "finished",
            "not sent",
            5,
            0,
        )
        with store.session() as session:
            assert set(session.scalars(select(Subscriber.status))) == {"confirmed"}
        sink = SinkHandler()
        with running(sink, port=port):
            resumed = _cli(tmp_path, env, "subscribers", "resume", str(release_id))
            assert resumed.returncode == 0, resumed.stderr
            assert "queued for sending on the workers: 5 recipients" in resumed.stdout
            summary = _settled(store, release_id, lambda summary: summary.sent == 5)
        assert (summary.outcome, summary.sent) == ("sent", 5)
        assert _received(sink) == addresses
    finally:
        _stop_worker(worker)
