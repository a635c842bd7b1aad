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

    broker = "redis://127.0.0.1:6379/4"
    redis.Redis.from_url(broker).ping()
    queue = f"publisher-newsletter-test-{uuid.uuid4().hex[:12]}"
    sink, _ = smtp_sink
    addresses = _subscribe(store, 12)
    release_id = queue_release(store, german_article)
    subscriber_ids = list(range(1, 13)) if "sqlite" in store_settings.database_url else None
    env = {**os.environ, **worker_env, "PUBLISHER_BROKER_URL": broker, "PUBLISHER_QUEUE": queue}

    def send_batch() -> None:
        # Sent over the broker as the release sends it: this process's app, pointed at the workers'
        # broker and queue for the send (it runs tasks eagerly otherwise; worker_env points it back).
        from workers.delivery_tasks import deliver_batch

        configure(get_settings().model_copy(update={"broker_url": broker, "queue": queue}))
        try:
            deliver_batch.delay(release_id, batch)
        finally:
            configure(get_settings())

    def start_worker(name: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / f"{name}.log").open("w")
        command = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "-I",
                   "workers.delivery_tasks", "--pool=solo", "--without-gossip", "--without-mingle",
                   "--without-heartbeat", "--loglevel=INFO", "-n", f"{name}@%h"]  # fmt: skip
        return subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)

    from publisher.delivery import plan_batches

    (batch,) = plan_batches(store, release_id, 100)
    assert subscriber_ids is None or batch == subscriber_ids
    first = start_worker("first")
    original = sink.handle_DATA

    async def kill_at_fifth(server: object, session: object, envelope: object) -> str:
        if len(sink.messages) == 4:
            os.kill(first.pid, signal.SIGKILL)
            return "451 4.3.0 worker gone"
        return await original(server, session, envelope)

    sink.handle_DATA = kill_at_fifth  # type: ignore[method-assign]
    try:
        send_batch()
        assert first.wait(timeout=300) == -signal.SIGKILL
        assert "deliver_batch[" in (tmp_path / "first.log").read_text()  # the worker had it, not this process
        sink.handle_DATA = original  # type: ignore[method-assign]
        assert len(sink.messages) == 4
        second = start_worker("second")
        try:
            send_batch()  # the broker's redelivery of the unacknowledged batch
            # Until the batch task has ended (not until 12 messages: a wrong resend would send more).
            log = tmp_path / "second.log"
            deadline = time.monotonic() + 300  # a hang guard only
            while " succeeded in " not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=120)
    finally:
        sink.handle_DATA = original  # type: ignore[method-assign]
        if first.poll() is None:
            first.kill()
    assert _received(sink) == addresses
    assert delivery_summary(store, release_id).sent == 12


@pytest.mark.redis
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_workers_the_send_is_reported_as_queued_and_every_row_ends_failed_or_sent(
    worker_env: dict[str, str], store: Store, tmp_path: Path
) -> None:
    """With a broker, publish --send says what it queued; with SMTP down the worker's last retry fails
    every row (nothing stays deferred), subscribers untouched; `resume` then sends them all."""
    import redis

    from publisher.delivery import delivery_summary
    from publisher.store import Subscriber
    from tests.conftest import EXAMPLES
    from tests.delivery.smtp_servers import ScriptedServer, running

    broker = "redis://127.0.0.1:6379/4"
    redis.Redis.from_url(broker).ping()
    with running(ScriptedServer()) as port:
        pass  # SMTP down: nothing listens on the port until the end of the test
    env = {
        **os.environ, **worker_env, "PUBLISHER_BROKER_URL": broker,
        "PUBLISHER_QUEUE": f"publisher-newsletter-test-{uuid.uuid4().hex[:12]}",
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_NEWSLETTER__SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__BATCH_SIZE": "2", "PUBLISHER_NEWSLETTER__MAX_RETRIES": "2",
        "PUBLISHER_NEWSLETTER__RETRY_BACKOFF": "0.05", "PUBLISHER_NEWSLETTER__BREAKER_THRESHOLD": "100",
    }  # fmt: skip
    addresses = _subscribe(store, 5)
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--pool=solo",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "publisher.cli", *args]
        return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)

    def settled(release_id: int, done: Callable[[Any], bool]) -> Any:
        deadline = time.monotonic() + 300  # a hang guard only
        while not done(summary := delivery_summary(store, release_id)) and time.monotonic() < deadline:
            time.sleep(0.2)
        return summary

    try:
        published = cli("publish", str(EXAMPLES / "hitzeschutz-plan.md"), "--out", "site",
                        "--channels", "web,newsletter", "--send")  # fmt: skip
        assert published.returncode == 0, published.stderr
        assert "newsletter queued for sending on the workers: 5 recipients" in published.stderr
        report = json.loads(
            (internal_dir(tmp_path / "site") / "hitzeschutzplan-landesverwaltung" / "report.json").read_text()
        )
        delivery = report["channels"]["newsletter"]["delivery"]
        assert (delivery["outcome"], delivery["recipients"]) == ("queued", 5)
        release_id = delivery["release_id"]
        summary = settled(release_id, lambda summary: summary.state == "finished")
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
            resumed = cli("subscribers", "resume", str(release_id))
            assert resumed.returncode == 0, resumed.stderr
            assert "queued for sending on the workers: 5 recipients" in resumed.stdout
            summary = settled(release_id, lambda summary: summary.sent == 5)
        assert (summary.outcome, summary.sent) == ("sent", 5)
        assert _received(sink) == addresses
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=120)
        except subprocess.TimeoutExpired:
            worker.kill()
