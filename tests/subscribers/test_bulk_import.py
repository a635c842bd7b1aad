"""``subscribers import`` in bulk: many rows in one transaction, each by the rules of one subscription."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from publisher.settings import get_settings
from publisher.store import Preferences, Subscriber, SubscriptionMail, add_subscriber, open_store, unsubscribe
from publisher.store.imports import ImportRow, import_subscribers
from publisher.subscribers.cli import subscribers_group


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[CliRunner]:
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", database_url)
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SECRET_KEY", secrets.token_urlsafe(32))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_ten_thousand_rows_arrive_in_one_go(cli: CliRunner, tmp_path: Path, database_url: str) -> None:
    """Every row of a large list is stored, consented ones confirmed, with their preferences."""
    path = tmp_path / "gross.csv"
    lines = ["email,language,format,audio_first,consented_at"]
    lines += [
        f"leser{n}@example.org,{'en' if n % 3 == 0 else 'de'},html,{n % 2},2026-01-05" for n in range(5000)
    ]
    lines += [f"neu{n}@example.org,de,text,0," for n in range(5000)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli.invoke(subscribers_group, ["import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "5000 confirmed, 5000 pending"
    with open_store(database_url).engine.connect() as connection:
        count = connection.scalar(
            select(func.count()).select_from(Subscriber).where(Subscriber.language == "en")
        )
        assert count == 1667
        nonces = connection.scalar(select(func.count(func.distinct(Subscriber.nonce))))
        assert nonces == 10_000


def test_a_failing_row_leaves_nothing_behind(database_url: str) -> None:
    """An error inside the transaction (a duplicate key from a racing writer) rolls back every row."""
    store = open_store(database_url)
    rows = [ImportRow(f"r{n}@example.org", Preferences(), None) for n in range(2500)]
    now = datetime.now(UTC)
    with pytest.raises(Exception), store.session() as session:  # noqa: B017 (any database error)
        import_subscribers(session, rows, source="t", now=now, window=timedelta(minutes=15), queue_mails=True)
        session.add(Subscriber(email="r1@example.org", consent_source="t", created_at=now, nonce="x"))
        session.flush()
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Subscriber)) == 0
        assert connection.scalar(select(func.count()).select_from(SubscriptionMail)) == 0


def test_existing_addresses_follow_the_rules_of_one_subscription(database_url: str) -> None:
    """Confirmed ones stay; those who left start a new period (old links revoked); one mail per window."""
    store = open_store(database_url)
    now = datetime.now(UTC)
    with store.session() as session:
        add_subscriber(session, "bleibt@example.org", source="alt", confirmed_at=now)
        gone = add_subscriber(session, "weg@example.org", source="alt", confirmed_at=now)
        unsubscribe(session, gone)
        old_nonce, old_version = gone.nonce, gone.version
    rows = [
        ImportRow("bleibt@example.org", Preferences(language="en"), None),
        ImportRow("weg@example.org", Preferences(topics=("Klima",)), None),
        ImportRow("neu@example.org", Preferences(), None),
    ]
    window = timedelta(minutes=15)
    with store.session() as session:
        counts = import_subscribers(
            session, rows, source="import:liste.csv", now=now, window=window, queue_mails=True
        )
    assert counts == {"confirmed": 1, "pending": 2}
    with store.session() as session:
        by_email = {row.email: row for row in session.scalars(select(Subscriber))}
        assert (by_email["bleibt@example.org"].status, by_email["bleibt@example.org"].language) == (
            "confirmed",
            "de",
        )
        again = by_email["weg@example.org"]
        assert again.status == "pending" and again.topics == "\nklima\n"
        assert again.nonce != old_nonce and again.version == old_version + 1
        queued = {mail.subscriber_id: mail.requested_at for mail in session.scalars(select(SubscriptionMail))}
    assert set(queued) == {by_email["weg@example.org"].id, by_email["neu@example.org"].id}
    # The same list a minute later queues nothing new: one confirmation email per address per window.
    with store.session() as session:
        import_subscribers(
            session, rows, source="x", now=now + timedelta(minutes=1), window=window, queue_mails=True
        )
    with store.session() as session:
        assert {
            mail.subscriber_id: mail.requested_at for mail in session.scalars(select(SubscriptionMail))
        } == queued
