"""The send journal: what a batch that ended without recording left behind is recorded by the next one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from publisher.delivery import deliver_batch, delivery_summary, give_up, plan_batches, queue_release
from publisher.delivery.journal import Accepted, journal_folder, open_journal, take_over_journals
from publisher.model import Article
from publisher.settings import Settings
from publisher.store import Delivery, Store
from tests.delivery.test_batches import _recipients, _subscribe, _with_smtp
from tests.newsletter_support import SinkHandler


def _deliveries(store: Store, release_id: int) -> dict[int, tuple[int, str, datetime | None]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(Delivery.id, Delivery.subscriber_id, Delivery.status, Delivery.sent_at).where(
                Delivery.release_id == release_id
            )
        ).all()
    return {subscriber: (delivery, status, sent_at) for delivery, subscriber, status, sent_at in rows}


def test_a_journal_left_behind_is_recorded_and_its_messages_are_not_sent_again(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """Complete lines count as sent; a line cut off by the kill does not; a running batch's journal waits."""
    sink, port = smtp_sink
    settings = _with_smtp(store_settings, port)
    _subscribe(store, *(f"j{number}@example.org" for number in range(4)))
    release_id = queue_release(store, german_article)
    (batch,) = plan_batches(store, release_id, 100)
    rows = _deliveries(store, release_id)
    accepted = datetime.now(UTC) - timedelta(minutes=5)
    first, second = (Accepted(rows[sid][0], sid, accepted) for sid in batch[:2])
    with open_journal(settings, release_id) as running:
        running.append(first)
        running.append(second)
        with running.path.open("ab") as file:  # the third line was being written when the worker died
            file.write(f"{rows[batch[2]][0]} {batch[2]} 0 17".encode())
        with store.engine.connect() as connection:  # its batch still runs: left alone
            assert take_over_journals(settings, connection, release_id) == 0
    result = deliver_batch(settings, release_id, batch, store=store)
    assert result.sent == 2
    assert _recipients(sink) == ["j2@example.org", "j3@example.org"]
    after = _deliveries(store, release_id)
    assert {after[sid][1] for sid in batch} == {"sent"}
    assert after[batch[0]][2] is not None
    assert abs(after[batch[0]][2].replace(tzinfo=UTC) - accepted) < timedelta(seconds=1)
    assert list(journal_folder(settings).glob(f"release-{release_id}-*")) == []
    assert delivery_summary(store, release_id).sent == 4


def test_recording_every_few_messages_sends_everyone_once(
    store: Store, store_settings: Settings, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """With a record every two messages and a refused address in between, each address is settled once."""
    sink, port = smtp_sink
    settings = _with_smtp(store_settings, port, record_every=2)
    _subscribe(store, "r1@example.org", "r2@example.org", "r3@example.org", "bounce@example.org")
    _subscribe(store, "r4@example.org", "r5@example.org")
    release_id = queue_release(store, german_article)
    (batch,) = plan_batches(store, release_id, 100)
    result = deliver_batch(settings, release_id, batch, store=store)
    assert (result.sent, result.bounced) == (5, 1)
    assert deliver_batch(settings, release_id, batch, store=store).sent == 0
    assert _recipients(sink) == [f"r{number}@example.org" for number in range(1, 6)]
    summary = delivery_summary(store, release_id)
    assert (summary.sent, summary.bounced, summary.pending) == (5, 1, 0)


def test_giving_up_takes_over_the_journal_first(
    store: Store, store_settings: Settings, german_article: Article
) -> None:
    """After the last retry, a message a killed batch had journaled counts as sent, not failed."""
    _subscribe(store, "g1@example.org", "g2@example.org", "g3@example.org")
    release_id = queue_release(store, german_article)
    (batch,) = plan_batches(store, release_id, 100)
    rows = _deliveries(store, release_id)
    with open_journal(store_settings, release_id) as journal:  # its batch is gone: closed, unlocked
        journal.append(Accepted(rows[batch[0]][0], batch[0], datetime.now(UTC)))
    assert give_up(store, store_settings, release_id) == 2
    summary = delivery_summary(store, release_id)
    assert (summary.sent, summary.failed, summary.pending) == (1, 2, 0)
