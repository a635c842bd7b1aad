"""Misbehaving SMTP servers: only a gone address bounces; failures of the send leave subscribers alone.

Every test runs a real aiosmtpd server scripted to refuse, drop or stall, sends a release to a
few confirmed subscribers in this process (retries without waiting) and asserts what a press
office would see afterwards: the subscribers' states, what arrived, and how the send stands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from publisher.delivery import queue_release, resume_release, send_queued, send_release
from publisher.model import Article
from publisher.settings import Settings
from publisher.store import Delivery, Store, Subscriber, add_subscriber
from tests.delivery.smtp_servers import DROP, ScriptedServer, running, silent_server

ADDRESSES = [f"leser{number}@example.org" for number in range(8)]


def _no_wait(seconds: float) -> None:
    """Retries in these tests go on at once: the waiting is the backoff's business, not the test's."""


def _settings(settings: Settings, port: int, query: str = "", **newsletter: Any) -> Settings:
    values = {"smtp_url": f"smtp://127.0.0.1:{port}{query}", "max_retries": 2, "breaker_threshold": 3,
              **newsletter}  # fmt: skip
    return settings.model_copy(update={"newsletter": settings.newsletter.model_copy(update=values)})


def _subscribe(store: Store, addresses: list[str] = ADDRESSES) -> None:
    with store.session() as session:
        for address in addresses:
            add_subscriber(session, address, source="test", confirmed_at=datetime.now(UTC))


def _subscribers(store: Store) -> dict[str, tuple[str, int]]:
    """Each address with its state and its count of soft bounces."""
    with store.session() as session:
        rows = session.execute(select(Subscriber.email, Subscriber.status, Subscriber.soft_bounces)).all()
    return {email: (status, soft) for email, status, soft in rows}


def _deliveries(store: Store, release_id: int) -> dict[str, tuple[str, str | None]]:
    with store.session() as session:
        rows = session.execute(
            select(Subscriber.email, Delivery.status, Delivery.last_error)
            .join(Delivery, Delivery.subscriber_id == Subscriber.id)
            .where(Delivery.release_id == release_id)
        ).all()
    return {email: (status, error) for email, status, error in rows}


def _untouched(store: Store) -> bool:
    return all(state == ("confirmed", 0) for state in _subscribers(store).values())


def _everyone(reply: str) -> Callable[[str, int], str]:
    return lambda address, number: reply


REFUSALS_OF_THE_SEND = {
    "policy block at RCPT": {"rcpt": _everyone("550 5.7.1 Service unavailable; client host blocked")},
    "block list without an enhanced code": {
        "rcpt": _everyone("550 Your IP address is listed on a block list")
    },
    "spam verdict after the message": {"data": _everyone("554 5.7.1 Message rejected as spam")},
    "sender domain refused": {"mail": _everyone("553 5.1.8 Sender address rejected: Domain not found")},
    "sender refused at RCPT (delayed reject)": {
        "rcpt": _everyone("550 5.1.0 <newsletter@presse.example.de>: Sender address rejected: User unknown")
    },
    "DMARC": {"data": _everyone("550 5.7.26 Unauthenticated email is not accepted due to its DMARC policy")},
    "bare 550 that says nothing": {"rcpt": _everyone("550 Requested action not taken")},
    "contradictory codes": {"rcpt": _everyone("550 4.7.1 try again")},
}


@pytest.mark.parametrize("scripts", REFUSALS_OF_THE_SEND.values(), ids=REFUSALS_OF_THE_SEND.keys())
def test_a_refusal_of_the_send_for_everyone_bounces_nobody_and_stops_the_send(
    scripts: dict[str, Any],
    store: Store,
    store_settings: Settings,
    german_article: Article,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """3 identical refusals in a row stop the send with an alert; every subscriber stays confirmed."""
    server = ScriptedServer(**scripts)
    _subscribe(store)
    with running(server) as port, caplog.at_level(logging.ERROR, logger="publisher.delivery"):
        summary = send_release(_settings(store_settings, port), german_article, store=store, sleep=_no_wait)
    assert _untouched(store)
    assert server.messages == []
    assert (summary.state, summary.outcome, summary.bounced, summary.failed) == ("stopped", "stopped", 0, 0)
    assert summary.pending + summary.deferred == len(ADDRESSES)
    assert summary.alert and "3 identical failures in a row" in summary.alert
    assert sum(server.counts.values()) <= 3 + 3 + 3  # it stopped: at most three exchanges went wrong
    assert any("publisher subscribers resume" in record.getMessage() for record in caplog.records)


def test_a_stopped_send_resumes_once_the_server_takes_mail_again(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """After the cause is fixed, resuming sends each subscriber exactly one copy."""
    blocked = {"on": True}
    server = ScriptedServer(rcpt=lambda address, number: "550 5.7.1 blocked" if blocked["on"] else None)
    _subscribe(store)
    with running(server) as port:
        settings = _settings(store_settings, port)
        release_id = queue_release(store, german_article)
        assert send_queued(settings, release_id, store=store, sleep=_no_wait).state == "stopped"
        assert send_queued(settings, release_id, store=store, sleep=_no_wait).state == "stopped"
        blocked["on"] = False
        assert resume_release(store, release_id) == len(ADDRESSES)
        summary = send_queued(settings, release_id, store=store, sleep=_no_wait)
    assert server.recipients == sorted(ADDRESSES)
    assert (summary.state, summary.outcome, summary.sent, summary.alert) == ("finished", "sent", 8, None)
    assert _untouched(store)


def test_unknown_addresses_bounce_at_once_and_everyone_else_gets_the_newsletter(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """550 5.1.1 for some addresses bounces exactly those; the next newsletter skips them."""
    gone = {"leser1@example.org", "leser4@example.org", "leser7@example.org"}

    def rcpt(address: str, number: int) -> str | None:
        return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown" if address in gone else None

    server = ScriptedServer(rcpt=rcpt)
    _subscribe(store)
    with running(server) as port:
        settings = _settings(store_settings, port)
        summary = send_release(settings, german_article, store=store, sleep=_no_wait)
        server.messages.clear()
        send_release(
            settings, german_article.model_copy(update={"slug": "zweite"}), store=store, sleep=_no_wait
        )
    states = _subscribers(store)
    assert {address for address, (status, _) in states.items() if status == "bounced"} == gone
    assert (summary.state, summary.outcome, summary.sent, summary.bounced) == ("finished", "sent", 5, 3)
    assert summary.alert is None  # about addresses, not the send
    assert server.recipients == sorted(set(ADDRESSES) - gone)


def test_a_server_calling_every_address_unknown_stops_and_reinstates_the_addresses(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """One "no such user" after another is a broken server: the send stops and nobody stays bounced."""
    server = ScriptedServer(rcpt=_everyone("550 5.1.1 Recipient address rejected: User unknown"))
    _subscribe(store)
    with running(server) as port:
        summary = send_release(_settings(store_settings, port), german_article, store=store, sleep=_no_wait)
    assert _untouched(store)
    assert (summary.state, summary.bounced, summary.pending + summary.deferred) == ("stopped", 0, 8)


def test_421_in_the_middle_of_a_batch_pauses_and_the_retry_sends_the_rest_once(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """The server closing with 421 after two messages: the rest goes out on the retry, nobody twice."""

    def rcpt(address: str, number: int) -> str | None:
        return "421 4.3.2 Service shutting down, closing transmission channel" if number == 2 else None

    server = ScriptedServer(rcpt=rcpt)
    _subscribe(store)
    with running(server) as port:
        summary = send_release(_settings(store_settings, port), german_article, store=store, sleep=_no_wait)
    assert server.recipients == sorted(ADDRESSES)
    assert (summary.state, summary.outcome, summary.sent) == ("finished", "sent", 8)
    assert summary.alert and "421 4.3.2" in summary.alert
    assert _untouched(store)


def test_a_full_mailbox_is_a_soft_bounce_and_only_repeated_ones_bounce_the_address(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """452 4.2.2 defers one address; after the retries it failed this time; at the limit it bounces."""
    full = {"on": True}

    def rcpt(address: str, number: int) -> str | None:
        return "452 4.2.2 Mailbox full" if address == "leser3@example.org" and full["on"] else None

    server = ScriptedServer(rcpt=rcpt)
    _subscribe(store)
    with running(server) as port:
        settings = _settings(store_settings, port, soft_bounce_limit=2)
        first = send_release(settings, german_article, store=store, sleep=_no_wait)
        assert _subscribers(store)["leser3@example.org"] == ("confirmed", 1)
        release_id = queue_release(store, german_article)
        status, reason = _deliveries(store, release_id)["leser3@example.org"]
        assert status == "failed" and reason and "4.2.2" in reason
        full["on"] = False  # emptied: the count starts again
        send_release(settings, german_article.model_copy(update={"slug": "b"}), store=store, sleep=_no_wait)
        assert _subscribers(store)["leser3@example.org"] == ("confirmed", 0)
        full["on"] = True
        for slug in ("c", "d"):
            send_release(
                settings, german_article.model_copy(update={"slug": slug}), store=store, sleep=_no_wait
            )
    assert (first.outcome, first.sent, first.failed, first.alert) == ("sent", 7, 1, None)
    assert _subscribers(store)["leser3@example.org"] == ("bounced", 2)
    assert all(
        state == ("confirmed", 0)
        for address, state in _subscribers(store).items()
        if address != "leser3@example.org"
    )


def test_452_for_everyone_pauses_and_after_the_last_retry_every_row_has_failed(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """A server out of storage refuses all: nothing stays open, nobody is touched, the reason is kept."""
    server = ScriptedServer(rcpt=_everyone("452 4.3.1 Insufficient system storage"))
    _subscribe(store)
    with running(server) as port:
        settings = _settings(store_settings, port, breaker_threshold=10)
        summary = send_release(settings, german_article, store=store, sleep=_no_wait)
    assert (summary.state, summary.outcome, summary.sent, summary.failed) == ("finished", "not sent", 0, 8)
    assert server.counts["rcpt"] == 3  # one message per attempt: the batch pauses at the first refusal
    reasons = {reason for _, reason in _deliveries(store, queue_release(store, german_article)).values()}
    assert all(reason and "4.3.1" in reason for reason in reasons)
    assert _untouched(store)


def test_a_connection_dropped_once_is_reopened_and_nothing_is_lost_or_doubled(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """The server hangs up once between two messages: the next message goes over a new connection."""
    server = ScriptedServer(mail=lambda address, number: DROP if number == 3 else None)
    _subscribe(store)
    with running(server) as port:
        summary = send_release(_settings(store_settings, port), german_article, store=store, sleep=_no_wait)
    assert server.recipients == sorted(ADDRESSES)
    assert (summary.outcome, summary.sent) == ("sent", 8)
    assert _untouched(store)


def test_a_server_that_drops_every_connection_fails_the_rows_but_not_the_subscribers(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """Dropped at every RCPT: after the retries each delivery failed, with its reason; nobody bounced."""
    server = ScriptedServer(rcpt=_everyone(DROP))
    _subscribe(store)
    with running(server) as port:
        settings = _settings(store_settings, port, breaker_threshold=10)
        summary = send_release(settings, german_article, store=store, sleep=_no_wait)
    assert (summary.outcome, summary.failed, summary.alert is not None) == ("not sent", 8, True)
    assert "connection lost" in (summary.alert or "")
    assert _untouched(store)


def test_no_server_at_all_fails_every_row_with_the_reason(
    store: Store, store_settings: Settings, german_article: Article, caplog: pytest.LogCaptureFixture
) -> None:
    """SMTP down: the send ends "not sent" after its retries, with an error in the log."""
    with running(ScriptedServer()) as port:
        pass  # the port is free again: nothing listens there
    _subscribe(store)
    settings = _settings(store_settings, port, breaker_threshold=10)
    with caplog.at_level(logging.ERROR, logger="publisher.delivery"):
        summary = send_release(settings, german_article, store=store, sleep=_no_wait)
    assert (summary.state, summary.outcome, summary.failed) == ("finished", "not sent", 8)
    release_id = queue_release(store, german_article)
    assert all("cannot reach" in (reason or "") for _, reason in _deliveries(store, release_id).values())
    assert any(record.levelno == logging.ERROR for record in caplog.records)
    assert _untouched(store)


def test_a_server_that_stays_down_trips_the_breaker_and_keeps_the_rows_for_resuming(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """Refused connections are identical failures too: with fewer than the retries, the send stops."""
    with running(ScriptedServer()) as port:
        pass
    _subscribe(store)
    settings = _settings(store_settings, port, max_retries=5, breaker_threshold=3)
    summary = send_release(settings, german_article, store=store, sleep=_no_wait)
    assert (summary.state, summary.pending + summary.deferred) == ("stopped", 8)
    assert summary.alert and "3 identical failures in a row" in summary.alert and "refused" in summary.alert
    assert _untouched(store)


def test_a_server_that_never_answers_times_out_and_fails_the_rows(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """A hung server (connection taken, no greeting) is a timeout of the send, not of the subscribers."""
    _subscribe(store, ADDRESSES[:2])
    with silent_server() as port:
        settings = _settings(store_settings, port, "?timeout=0.2", max_retries=0)
        summary = send_release(settings, german_article, store=store, sleep=_no_wait)
    assert (summary.outcome, summary.failed) == ("not sent", 2)
    assert "timed out" in (summary.alert or "") or "timeout" in (summary.alert or "")
    assert _untouched(store)


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> Any:
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (b"presse", b"richtig")
    return AuthResult(success=ok, handled=False)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_a_refused_login_stops_the_send_at_once_and_resume_goes_on_with_the_right_password(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """535 at the login: no retry can help, so the send stops after one try; no subscriber changes."""
    server = ScriptedServer()
    _subscribe(store)
    options = {"auth_required": True, "auth_require_tls": False, "authenticator": _authenticator}
    with running(server, **options) as port:
        wrong = _settings(store_settings, port).newsletter.model_copy(
            update={"smtp_url": f"smtp://presse:falsch@127.0.0.1:{port}"}
        )
        summary = send_release(
            store_settings.model_copy(update={"newsletter": wrong}),
            german_article,
            store=store,
            sleep=_no_wait,
        )
        assert (summary.state, summary.sent) == ("stopped", 0)
        assert summary.alert and "535" in summary.alert and "newsletter.smtp_url" in summary.alert
        assert "falsch" not in summary.alert
        assert server.counts["mail"] == 0
        right = wrong.model_copy(update={"smtp_url": f"smtp://presse:richtig@127.0.0.1:{port}"})
        release_id = queue_release(store, german_article)
        resume_release(store, release_id)
        resumed = send_queued(
            store_settings.model_copy(update={"newsletter": right}), release_id, store=store
        )
    assert (resumed.outcome, resumed.sent) == ("sent", 8)
    assert _untouched(store)


def test_an_untrusted_certificate_stops_the_send(
    store: Store, store_settings: Settings, german_article: Article, tmp_path: Path
) -> None:
    """STARTTLS with a certificate no CA vouches for: a TLS failure of the send, stopped for a person."""
    import ssl

    from tests.delivery.test_smtp import _certificate

    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    _subscribe(store, ADDRESSES[:3])
    with running(ScriptedServer(), tls_context=context, require_starttls=True) as port:
        summary = send_release(
            _settings(store_settings, port, "?starttls=true"), german_article, store=store, sleep=_no_wait
        )
    assert (summary.state, summary.sent) == ("stopped", 0)
    assert "certificate" in (summary.alert or "")
    assert _untouched(store)


def test_resume_leaves_a_send_that_is_still_retrying_alone_unless_forced(
    nl_settings: Settings, german_article: Article, tmp_path: Path
) -> None:
    """A paused send retries by itself: resuming it as well could send twice, so `resume` wants --force."""
    import subprocess

    from publisher.delivery import deliver_batch, plan_batches
    from publisher.store import open_store
    from tests.cli_support import invoke_in
    from tests.conftest import clean_environment

    store = open_store(nl_settings.database_url)
    _subscribe(store, ADDRESSES[:3])
    server = ScriptedServer(rcpt=lambda address, number: "421 4.7.0 Try again later" if number == 0 else None)
    with running(server) as port:
        settings = _settings(nl_settings, port)
        release_id = queue_release(store, german_article)
        (batch,) = plan_batches(store, release_id, 10)
        assert deliver_batch(settings, release_id, batch, store=store).paused
        secret = settings.newsletter.secret_key
        assert secret is not None
        env = {
            **clean_environment(),
            "PUBLISHER_DATABASE_URL": settings.database_url, "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{port}",
            "PUBLISHER_NEWSLETTER__SECRET_KEY": secret.get_secret_value(),
            "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://abo.example.de/",
        }  # fmt: skip

        def resume(*options: str) -> subprocess.CompletedProcess[str]:
            return invoke_in("subscribers", "resume", str(release_id), *options, env=env, cwd=tmp_path)

        refused = resume()
        assert refused.returncode == 2 and "still under way (paused, 3 to send)" in refused.stderr
        assert server.messages == []
        forced = resume("--force")
        assert forced.returncode == 0, forced.stderr
    assert server.recipients == sorted(ADDRESSES[:3])
