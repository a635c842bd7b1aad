"""POST /subscribe: one confirmation email per address per window, and answers that reveal nothing.

Whether an address is unknown, pending, confirmed, unsubscribed or bounced, the answer is the same
(status, body, headers) and so is the work behind it (the same SQL statements); SMTP is never
touched inside the request, so a slow or dead mail server changes no answer either.
"""

from __future__ import annotations

import doctest
import logging
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select, update

from publisher.api import limits
from publisher.settings import Settings
from publisher.store import (
    Store,
    Subscriber,
    SubscriptionMail,
    add_subscriber,
    export_subscriber,
    open_store,
    unsubscribe,
)
from publisher.subscribers.mail import send_subscription_mails
from tests.conftest import REPO
from tests.newsletter_support import SinkHandler, free_port
from tests.subscribers.helpers import DEADLINE, running_app, wait_for_mail, with_smtp
from tests.subscribers.test_replay import Clock

STATES = ("unknown", "pending", "confirmed", "unsubscribed", "bounced")
FORM = {"consent": "1", "language": "de", "format": "html"}


def _address(state: str) -> str:
    return f"{state}@example.org"


def _prepare(store: Store) -> None:
    """One address in each state but 'unknown'."""
    now = datetime.now(UTC)
    with store.session() as session:
        add_subscriber(session, _address("pending"), source="test")
        add_subscriber(session, _address("confirmed"), source="test", confirmed_at=now)
        unsubscribe(
            session, add_subscriber(session, _address("unsubscribed"), source="test", confirmed_at=now)
        )
        add_subscriber(session, _address("bounced"), source="test", confirmed_at=now)
    with store.engine.begin() as connection:  # as the delivery marks an address the server refused
        connection.execute(
            update(Subscriber)
            .where(Subscriber.email == _address("bounced"))
            .values(status="bounced", bounced_at=now)
        )


def _answer(response: Any) -> tuple[int, bytes, list[tuple[str, str]]]:
    headers = sorted((name, value) for name, value in response.headers.items() if name != "date")
    return response.status_code, response.content, headers


def _mails(store: Store) -> dict[str, str]:
    with store.session() as session:
        rows = session.execute(select(Subscriber.email, SubscriptionMail.state).join(SubscriptionMail)).all()
    return {email: state for email, state in rows}


def _wait_until_sent(store: Store, sink: SinkHandler, count: int) -> None:
    """Until the sink has ``count`` messages and nothing is left queued (nothing more will be sent)."""
    deadline = time.monotonic() + DEADLINE
    while len(sink.messages) < count or "due" in _mails(store).values():
        assert time.monotonic() < deadline, (len(sink.messages), _mails(store))
        time.sleep(0.02)


@pytest.mark.parametrize("smtp", ["up", "down"])
def test_every_state_gets_the_same_answer_with_smtp_up_or_down(
    store_settings: Settings, smtp_sink: tuple[SinkHandler, int], smtp: str
) -> None:
    """Status, body and headers are identical for all five states, whether or not SMTP answers."""
    port = smtp_sink[1] if smtp == "up" else free_port()
    settings = with_smtp(store_settings, port)
    store = open_store(settings.database_url)
    _prepare(store)
    with running_app(settings) as client:
        answers = {
            state: _answer(client.post("/subscribe", data={**FORM, "email": _address(state)}))
            for state in STATES
        }
    assert answers["unknown"][0] == 200
    assert all(answer == answers["unknown"] for answer in answers.values())


def test_every_state_costs_the_same_statements(store_settings: Settings) -> None:
    """The request runs the same SQL, in the same order, for every state: no path is measurably shorter."""
    store = open_store(store_settings.database_url)
    _prepare(store)
    statements: list[str] = []

    def record(connection: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    with running_app(store_settings, drain=lambda: None) as client:
        seen: dict[str, list[str]] = {}
        event.listen(store.engine, "before_cursor_execute", record)
        try:
            for state in STATES:
                statements.clear()
                client.post("/subscribe", data={**FORM, "email": _address(state)})
                seen[state] = list(statements)
        finally:
            event.remove(store.engine, "before_cursor_execute", record)
    assert len(seen["unknown"]) >= 3
    assert all(sequence == seen["unknown"] for sequence in seen.values()), seen


def test_the_answer_does_not_wait_for_a_hanging_mail_server(nl_settings: Settings, caplog: Any) -> None:
    """A mail server that accepts but never greets: the page answers; the email waits and is logged."""
    with socket.socket() as tarpit:
        tarpit.bind(("127.0.0.1", 0))
        tarpit.listen(8)  # connections are taken by the kernel and never answered
        port = tarpit.getsockname()[1]
        settings = nl_settings.model_copy(
            update={"newsletter": nl_settings.newsletter.model_copy(
                update={"smtp_url": f"smtp://127.0.0.1:{port}?timeout=1", "retry_backoff": 3600})}
        )  # fmt: skip
        store = open_store(settings.database_url)
        caplog.set_level(logging.WARNING, "publisher.subscriptions")
        with running_app(settings) as client:
            answer = client.post("/subscribe", data={**FORM, "email": "geduld@example.org"})
            assert answer.status_code == 200 and "Postfach" in answer.text
            deadline = time.monotonic() + DEADLINE
            while "deferred" not in caplog.text:
                assert time.monotonic() < deadline, "the failed attempt was not logged"
                time.sleep(0.02)
    with store.session() as session:
        mail = session.scalars(select(SubscriptionMail)).one()
        assert (mail.state, mail.attempts) == ("due", 1) and "timed out" in str(mail.last_error)
    assert "geduld@example.org" not in caplog.text  # the log names subscriber ids, not addresses


def test_a_failed_email_is_retried_until_sent_and_given_up_loudly(
    store_settings: Settings, caplog: Any
) -> None:
    """SMTP down: the email stays queued and goes out when the server is back, or fails loudly at last."""
    from aiosmtpd.controller import Controller

    port = free_port()
    settings = with_smtp(store_settings, port, max_retries=2, retry_backoff=60)
    store = open_store(settings.database_url)
    clock = Clock()
    caplog.set_level(logging.WARNING, "publisher.subscriptions")
    with running_app(settings, clock=clock, drain=lambda: None) as client:
        client.post("/subscribe", data={**FORM, "email": "spaeter@example.org"})
        client.post("/subscribe", data={**FORM, "email": "nie@example.org"})
    first = send_subscription_mails(settings, store, now=clock())
    assert (first.sent, first.retried) == (0, 1)  # the connection failed: the rest waits for the next run
    assert "deferred (attempt 1 of 3" in caplog.text
    sink = SinkHandler()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        clock.advance(seconds=61)
        assert send_subscription_mails(settings, store, now=clock()).sent == 2
        assert sorted(tos[0] for _, tos, _ in sink.messages) == ["nie@example.org", "spaeter@example.org"]
    finally:
        controller.stop()
    with store.engine.begin() as connection:  # queue one email again, then let the server stay away
        nie = select(Subscriber.id).where(Subscriber.email == "nie@example.org").scalar_subquery()
        connection.execute(
            update(SubscriptionMail)
            .where(SubscriptionMail.subscriber_id == nie)
            .values(state="due", due_at=clock(), attempts=0)
        )
    for _ in range(3):
        send_subscription_mails(settings, store, now=clock())
        clock.advance(hours=1)
    assert _mails(store) == {"spaeter@example.org": "sent", "nie@example.org": "failed"}
    assert "given up after 3 attempts" in caplog.text


def test_one_confirmation_email_per_address_per_window(
    store_settings: Settings, smtp_sink: tuple[SinkHandler, int]
) -> None:
    """Thirty requests for one victim send one email; the next after the window; other addresses are apart."""
    sink, port = smtp_sink
    settings = with_smtp(store_settings, port, subscribe_window=900)
    store = open_store(settings.database_url)
    clock = Clock()
    with running_app(settings, clock=clock) as client:
        for _ in range(30):
            assert client.post("/subscribe", data={**FORM, "email": "opfer@example.org"}).status_code == 200
        client.post("/subscribe", data={**FORM, "email": "Andere@Example.org"})
        _wait_until_sent(store, sink, 2)
        assert sorted(tos[0] for _, tos, _ in sink.messages) == ["andere@example.org", "opfer@example.org"]
        clock.advance(seconds=899)
        client.post("/subscribe", data={**FORM, "email": "OPFER@example.org"})
        _wait_until_sent(store, sink, 2)
        clock.advance(seconds=2)
        client.post("/subscribe", data={**FORM, "email": "opfer@example.org"})
        _wait_until_sent(store, sink, 3)
    assert [tos[0] for _, tos, _ in sink.messages].count("opfer@example.org") == 2


def test_a_subscribed_address_is_told_by_email_not_on_the_page(
    store_settings: Settings, smtp_sink: tuple[SinkHandler, int]
) -> None:
    """A confirmed reader who asks again gets a note with their own links, and nothing changes."""
    sink, port = smtp_sink
    settings = with_smtp(store_settings, port)
    store = open_store(settings.database_url)
    _prepare(store)
    with running_app(settings) as client:
        client.post("/subscribe?lang=en", data={**FORM, "email": _address("confirmed"), "language": "en"})
        (note,) = wait_for_mail(sink, 1)
    assert note["Subject"] == "Sie erhalten den Newsletter bereits: Presse Musterstadt"
    body = note.get_content()
    assert "https://abo.example.de/preferences/" in body and "https://abo.example.de/unsubscribe/" in body
    _wait_until_sent(store, sink, 1)
    with store.session() as session:
        subscriber = session.scalars(
            select(Subscriber).where(Subscriber.email == _address("confirmed"))
        ).one()
        assert (subscriber.status, subscriber.language) == ("confirmed", "de")
        record = export_subscriber(session, subscriber)["subscription_email"]  # part of a GDPR export too
        assert record["state"] == "sent" and record["sent_at"] is not None


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "uvicorn", "--factory", "publisher.api:create_app",
               "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]  # fmt: skip
    return subprocess.Popen(command, cwd=log.parent, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def _ready(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + DEADLINE
    while True:
        assert server.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the app did not start"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/subscribe", timeout=5):
                return
        except OSError:
            time.sleep(0.1)


@pytest.fixture
def two_app_processes(
    store_settings: Settings, smtp_sink: tuple[SinkHandler, int], tmp_path: Path
) -> Iterator[list[int]]:
    """Two app processes on one database, each with its own background sender."""
    limits = {"PUBLISHER_NEWSLETTER__SUBSCRIBE_PER_CLIENT": "1000"}
    with app_processes(store_settings, smtp_sink[1], tmp_path, limits) as ports:
        yield ports


@contextmanager
def app_processes(
    store_settings: Settings, smtp_port: int, tmp_path: Path, extra: dict[str, str]
) -> Iterator[list[int]]:
    """Two app processes (uvicorn) on one database, with ``extra`` settings in their environment."""
    secret = store_settings.newsletter.secret_key
    assert secret is not None
    env = {key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")}
    env.update({
        "PYTHONPATH": str(REPO),  # this checkout's code, whatever is installed
        "PUBLISHER_DATABASE_URL": store_settings.database_url,
        "PUBLISHER_NEWSLETTER__SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": secret.get_secret_value(),
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://abo.example.de/",
        "PUBLISHER_NEWSLETTER__FROM_ADDRESS": "Presse <newsletter@presse.example.de>",
        "PUBLISHER_NEWSLETTER__MAIL_POLL_SECONDS": "0.5",
        **extra,
    })  # fmt: skip
    open_store(store_settings.database_url)  # migrated once, before both start
    ports = [free_port(), free_port()]
    servers = [_serve(env, port, tmp_path / f"app-{port}.log") for port in ports]
    try:
        for port, server in zip(ports, servers, strict=True):
            _ready(port, server, tmp_path / f"app-{port}.log")
        yield ports
    finally:
        for server in servers:
            server.terminate()
            server.wait(DEADLINE)


def test_concurrent_requests_to_two_processes_send_one_email(
    two_app_processes: list[int], store_settings: Settings, smtp_sink: tuple[SinkHandler, int]
) -> None:
    """Forty simultaneous requests for one address, spread over two app processes: one email."""
    sink, _ = smtp_sink
    start = threading.Barrier(40)
    statuses: list[int] = []

    def request(port: int) -> None:
        body = b"email=ziel%40example.org&consent=1"
        start.wait()
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/subscribe", data=body, timeout=DEADLINE
        ) as answer:
            statuses.append(answer.status)

    threads = [threading.Thread(target=request, args=(two_app_processes[n % 2],)) for n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(DEADLINE)
    assert statuses == [200] * 40
    store = open_store(store_settings.database_url)
    _wait_until_sent(store, sink, 1)
    assert [tos for _, tos, _ in sink.messages] == [["ziel@example.org"]]


@pytest.mark.parametrize("size", [20_000, 9_000])
def test_oversized_form_bodies_are_refused_before_anything_is_stored(
    store_settings: Settings, size: int
) -> None:
    """Over the limit (declared, or streamed without a length): the localised 413 page, nothing stored."""
    store = open_store(store_settings.database_url)
    body = b"consent=1&email=gross%40example.org&format=" + b"x" * size

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(body), 1000):
            yield body[start : start + 1000]

    headers = {"content-type": "application/x-www-form-urlencoded"}
    with running_app(store_settings, drain=lambda: None) as client:
        for content in (body, chunks()):
            answer = client.post("/subscribe", content=content, headers=headers)
            assert answer.status_code == 413 and "zu viele Daten" in answer.text
        assert client.post("/unsubscribe/x", content=body, headers=headers).status_code == 413
        small = client.post("/subscribe", data={**FORM, "email": "klein@example.org"})
        assert small.status_code == 200
    with store.session() as session:
        assert session.scalars(select(Subscriber.email)).all() == ["klein@example.org"]


class RefuseAfter:
    """A client limit as a later Redis-backed one would plug in: here, two requests per client."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.seen: dict[tuple[str, str], int] = {}

    def admit(self, client: str, kind: str) -> bool:
        self.seen[(client, kind)] = self.seen.get((client, kind), 0) + 1
        return self.seen[(client, kind)] <= self.allowed


def test_a_per_client_limit_plugs_in_and_answers_429(store_settings: Settings) -> None:
    """A client over its limit gets the localised 429 page, and its request is not recorded."""
    store = open_store(store_settings.database_url)
    with running_app(store_settings, client_limit=RefuseAfter(2), drain=lambda: None) as client:
        answers = [client.post("/subscribe", data={**FORM, "email": f"n{n}@example.org"}) for n in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert "zu viele Anfragen" in answers[2].text
    with store.session() as session:
        assert sorted(session.scalars(select(Subscriber.email))) == ["n0@example.org", "n1@example.org"]


@pytest.mark.redis
# The limit is counted in Redis, the same whichever database the apps store in; the local limit is
# tested on both databases (test_a_per_client_limit_plugs_in_and_answers_429), and two processes
# on one database in test_concurrent_requests_to_two_processes_send_one_email: this runs on the
# production database only (two app processes fewer to start).
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_app_processes_share_one_client_limit_through_redis(
    store_settings: Settings, smtp_sink: tuple[SinkHandler, int], tmp_path: Path
) -> None:
    """Three subscriptions per client in all: over HTTP, spread over two processes, the fourth gets 429."""
    import redis

    list_id = f"f-newsletter-{uuid.uuid4().hex[:12]}.example.de"
    limits = {
        "PUBLISHER_NEWSLETTER__LIMITS_URL": "redis://127.0.0.1:6379/3",
        "PUBLISHER_NEWSLETTER__SUBSCRIBE_PER_CLIENT": "3",
        "PUBLISHER_NEWSLETTER__CLIENT_WINDOW": "3600",
        "PUBLISHER_NEWSLETTER__LIST_ID": list_id,
    }

    def post(port: int, address: str) -> tuple[int, bytes]:
        body = f"email={address}&consent=1".encode()
        try:
            with urllib.request.urlopen(
                f"http://127.0.0.1:{port}/subscribe", data=body, timeout=DEADLINE
            ) as answer:
                return answer.status, answer.read()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read()

    try:
        with app_processes(store_settings, smtp_sink[1], tmp_path, limits) as ports:
            answers = [post(ports[n % 2], f"leser{n}%40example.org") for n in range(3)]
            refused = [post(ports[0], "leser0%40example.org"), post(ports[1], "neu%40example.org")]
    finally:
        connection = redis.Redis.from_url("redis://127.0.0.1:6379/3")
        for key in connection.scan_iter(f"publisher:limit:{list_id}:*"):
            connection.delete(key)
    assert [status for status, _ in answers] == [200, 200, 200]
    assert [status for status, _ in refused] == [429, 429]
    # Over the limit, a known and an unknown address get the same page.
    assert refused[0][1] == refused[1][1]
    store = open_store(store_settings.database_url)
    with store.session() as session:
        assert len(session.scalars(select(Subscriber.email)).all()) == 3


@pytest.mark.redis
def test_with_a_broker_a_worker_sends_and_the_web_process_needs_no_smtp(
    nl_settings: Settings, smtp_sink: tuple[SinkHandler, int], tmp_path: Path
) -> None:
    """The app only hands over to a Celery worker; the worker, which has the SMTP settings, sends."""
    import redis

    sink, port = smtp_sink
    broker = "redis://127.0.0.1:6379/4"
    redis.Redis.from_url(broker).ping()
    queue = f"publisher-subscriptions-test-{uuid.uuid4().hex[:12]}"
    secret = nl_settings.newsletter.secret_key
    assert secret is not None
    env = {key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")}
    env.update({
        "PYTHONPATH": str(REPO),
        "PUBLISHER_BROKER_URL": broker,
        "PUBLISHER_QUEUE": queue,
        "PUBLISHER_DATABASE_URL": nl_settings.database_url,
        "PUBLISHER_NEWSLETTER__SMTP_URL": f"smtp://127.0.0.1:{port}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": secret.get_secret_value(),
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://abo.example.de/",
    })  # fmt: skip
    log = (tmp_path / "worker.log").open("wb")
    command = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "--pool=solo",
               "--without-gossip", "--without-mingle", "--without-heartbeat", "--loglevel=INFO"]  # fmt: skip
    worker = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    no_smtp = nl_settings.newsletter.model_copy(update={"smtp_url": None, "mail_poll_seconds": 0.5})
    web = nl_settings.model_copy(update={"broker_url": broker, "queue": queue, "newsletter": no_smtp})
    try:
        with running_app(web) as client:
            assert client.post("/subscribe", data={**FORM, "email": "ueber@example.org"}).status_code == 200
            (message,) = wait_for_mail(sink, 1)
        assert message["To"] == "ueber@example.org" and "/confirm/" in message.get_content()
    finally:
        worker.terminate()
        worker.wait(DEADLINE)


def test_client_limits_count_ipv6_clients_by_network() -> None:
    """The documented examples of ``client_key`` hold: one IPv6 host cannot dodge the limit per address."""
    assert doctest.testmod(limits).failed == 0
