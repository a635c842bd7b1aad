"""Delivery to a real SMTP server: each subscriber gets the release once, failures are handled."""

from __future__ import annotations

import email
import email.policy
import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from publisher.channels.newsletter.content import AudioLink
from publisher.delivery import deliver_batch, delivery_summary, plan_batches, queue_release, send_release
from publisher.delivery.governor import TokenBucket, warmup_cap
from publisher.delivery.journal import journal_folder
from publisher.model import Article
from publisher.settings import Settings
from publisher.store import Delivery, Preferences, Store, Subscriber, add_subscriber, unsubscribe
from tests.conftest import REPO
from tests.newsletter_support import SinkHandler


def _with_smtp(settings: Settings, port: int, **newsletter: object) -> Settings:
    update = {"smtp_url": f"smtp://127.0.0.1:{port}", **newsletter}
    return settings.model_copy(update={"newsletter": settings.newsletter.model_copy(update=update)})


def _subscribe(store: Store, *addresses: str, confirmed: bool = True, **preferences: object) -> None:
    with store.session() as session:
        for address in addresses:
            add_subscriber(
                session,
                address,
                source="test",
                preferences=Preferences(**preferences),  # type: ignore[arg-type]
                confirmed_at=datetime.now(UTC) if confirmed else None,
            )


def _recipients(sink: SinkHandler) -> list[str]:
    return sorted(address for _, tos, _ in sink.messages for address in tos)


def test_only_confirmed_subscribers_receive_the_newsletter(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """Confirmed addresses get one message each in their chosen format; pending and unsubscribed get none."""
    sink, port = smtp_sink
    settings = _with_smtp(store_settings, port)
    _subscribe(store, "eins@example.org", "zwei@example.org")
    _subscribe(store, "text@example.org", format="text", language="en")
    _subscribe(store, "offen@example.org", confirmed=False)
    _subscribe(store, "weg@example.org")
    with store.session() as session:
        gone = session.scalar(select(Subscriber).where(Subscriber.email == "weg@example.org"))
        assert gone is not None
        unsubscribe(session, gone)
    summary = send_release(settings, german_article, store=store)
    assert _recipients(sink) == ["eins@example.org", "text@example.org", "zwei@example.org"]
    assert (summary.sent, summary.pending, summary.bounced) == (3, 0, 0)
    by_address = {
        tos[0]: email.message_from_bytes(data, policy=email.policy.default) for _, tos, data in sink.messages
    }
    assert by_address["eins@example.org"].get_content_type() == "multipart/alternative"
    assert by_address["text@example.org"].get_content_type() == "text/plain"
    assert "Unsubscribe" in by_address["text@example.org"].get_content()
    assert by_address["eins@example.org"]["Subject"] == german_article.title
    assert all(mail_from == "newsletter@presse.example.de" for mail_from, _, _ in sink.messages)


def test_sending_again_never_sends_twice(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """Re-running a batch or the whole release sends nothing more; a new subscriber gets only their copy."""
    sink, port = smtp_sink
    settings = _with_smtp(store_settings, port)
    _subscribe(store, "a@example.org", "b@example.org")
    send_release(settings, german_article, store=store)
    release_id = queue_release(store, german_article)
    assert deliver_batch(settings, release_id, [1, 2, 3], store=store).sent == 0
    _subscribe(store, "c@example.org")
    summary = send_release(settings, german_article, store=store)
    assert _recipients(sink) == ["a@example.org", "b@example.org", "c@example.org"]
    assert summary.sent == 3


def test_temporary_failure_is_retried_and_permanent_failure_bounces(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """A 451 answer is retried after a pause and then delivered; a 550 answer marks the address bounced."""
    sink, port = smtp_sink
    sink.defer_left = 1
    settings = _with_smtp(store_settings, port)
    _subscribe(store, "later@example.org", "bounce@example.org", "ok@example.org")
    summary = send_release(settings, german_article, store=store)
    assert _recipients(sink) == ["later@example.org", "ok@example.org"]
    assert (summary.sent, summary.bounced, summary.deferred) == (2, 1, 0)
    with store.session() as session:
        bounced = session.scalar(select(Subscriber).where(Subscriber.email == "bounce@example.org"))
        assert bounced and bounced.status == "bounced" and "550" in (bounced.bounce_reason or "")
        later = session.scalar(
            select(Delivery).join(Subscriber).where(Subscriber.email == "later@example.org")
        )
        assert later and later.attempts == 2
    sink.messages.clear()
    other = german_article.model_copy(update={"slug": "zweite-meldung"})
    send_release(settings, other, store=store)
    assert "bounce@example.org" not in _recipients(sink)


def test_warm_up_cap_holds_back_the_rest_for_later(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """On a new domain's first day only the warm-up cap is sent; the rest stays pending."""
    sink, port = smtp_sink
    settings = _with_smtp(store_settings, port, warmup_daily_start=2)
    _subscribe(store, *(f"l{number}@example.org" for number in range(5)))
    release_id = queue_release(store, german_article)
    (batch,) = plan_batches(store, release_id, 100)
    result = deliver_batch(settings, release_id, batch, store=store)
    assert result.capped and result.sent == 2 and len(sink.messages) == 2
    summary = delivery_summary(store, release_id)
    assert (summary.pending, summary.state, summary.outcome) == (3, "waiting", "in progress")


def test_governor_rate_and_warm_up_ramp() -> None:
    """The token bucket waits as long as the rate needs; the warm-up cap grows day by day."""
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    bucket = TokenBucket(rate=10, burst=2, clock=lambda: now[0], sleep=sleep)
    for _ in range(4):
        bucket.acquire()
    assert waits == pytest.approx([0.1, 0.1])
    today = datetime(2026, 11, 25).date()
    assert warmup_cap(None, today, 100, 2.0) == 100
    assert warmup_cap(datetime(2026, 11, 22).date(), today, 100, 2.0) == 800
    assert warmup_cap(None, today, None, 2.0) is None


KILLED_WORKER = textwrap.dedent(
    """
    import json, sys
    from pydantic import SecretStr
    from publisher.delivery import deliver_batch
    from publisher.settings import Settings
    settings = Settings.model_validate_json(sys.argv[1])
    settings.newsletter = settings.newsletter.model_copy(update={"secret_key": SecretStr(sys.argv[2])})
    deliver_batch(settings, int(sys.argv[3]), json.loads(sys.argv[4]))
    """
)


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """A worker process killed during a batch leaves exactly the unsent rest for the next attempt."""
    sink, port = smtp_sink
    settings = _with_smtp(store_settings, port)
    _subscribe(store, *(f"k{number:02d}@example.org" for number in range(12)))
    release_id = queue_release(store, german_article)
    (batch,) = plan_batches(store, release_id, 100)
    worker = subprocess.Popen(
        [sys.executable, "-c", KILLED_WORKER, settings.model_dump_json(),
         settings.newsletter.secret_key.get_secret_value() if settings.newsletter.secret_key else "",
         str(release_id), str(batch)],
        cwd=REPO,
    )  # fmt: skip
    original = sink.handle_DATA

    async def kill_at_fifth(server: object, session: object, envelope: object) -> str:
        if len(sink.messages) == 4:
            os.kill(worker.pid, signal.SIGKILL)
            return "451 4.3.0 worker gone"
        return await original(server, session, envelope)

    sink.handle_DATA = kill_at_fifth  # type: ignore[method-assign]
    assert worker.wait(timeout=300) == -signal.SIGKILL
    sink.handle_DATA = original  # type: ignore[method-assign]
    assert len(sink.messages) == 4
    # The four accepted messages were not yet committed (they are recorded a hundred at a time):
    # only the killed worker's send journal knows them.
    assert delivery_summary(store, release_id).sent == 0
    (journal,) = journal_folder(settings).glob(f"release-{release_id}-*.journal")
    assert len(journal.read_bytes().splitlines()) == 4
    result = deliver_batch(settings, release_id, batch, store=store)
    assert result.sent == 8
    assert delivery_summary(store, release_id).sent == 12
    assert not journal.exists()
    assert _recipients(sink) == [f"k{number:02d}@example.org" for number in range(12)]


def test_a_message_that_cannot_be_built_stops_the_batch_but_keeps_the_record_before_it(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """The next message is made while the server takes this one; its failure never unrecords this one."""
    sink, port = smtp_sink
    settings = _with_smtp(store_settings, port)
    _subscribe(store, "a@example.org", "b@example.org", "c@example.org")
    with store.engine.begin() as connection:  # a damaged row: two addresses in one
        connection.execute(
            update(Subscriber).where(Subscriber.email == "b@example.org").values(email="b@example.org,x@y.de")
        )
    release_id = queue_release(store, german_article)
    (batch,) = plan_batches(store, release_id, 100)
    for _ in range(2):
        with pytest.raises(ValueError, match="single email address"):
            deliver_batch(settings, release_id, batch, store=store)
        assert _recipients(sink) == ["a@example.org"]
        summary = delivery_summary(store, release_id)
        assert (summary.pending, summary.sent, summary.deferred, summary.bounced, summary.failed) == (
            2,
            1,
            0,
            0,
            0,
        )


def test_audio_first_subscribers_get_the_listen_link_at_the_top(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """With a released audio version, everyone gets the listen link; audio-first readers before the title."""
    sink, port = smtp_sink
    settings = _with_smtp(store_settings, port)
    _subscribe(store, "hoeren@example.org", audio_first=True)
    _subscribe(store, "lesen@example.org")
    audio = AudioLink("https://presse.example.de/meldung/audio.mp3", duration_seconds=95)
    send_release(settings, german_article, audio=audio, store=store)
    texts = {
        tos[0]: next(
            iter(email.message_from_bytes(raw, policy=email.policy.default).iter_parts())
        ).get_content()
        for _, tos, raw in sink.messages
    }
    label = "Diesen Artikel anhören (1:35)"
    assert texts["hoeren@example.org"].index(label) < texts["hoeren@example.org"].index(german_article.title)
    assert texts["lesen@example.org"].index(label) > texts["lesen@example.org"].index(german_article.title)
