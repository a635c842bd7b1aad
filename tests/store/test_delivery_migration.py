"""The delivery-outcome migration keeps what an existing install has stored."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, select, text

from publisher.delivery import delivery_summary
from publisher.store import Subscriber, close_store, open_store
from publisher.store.database import _MIGRATIONS


def test_an_install_from_before_the_delivery_outcome_keeps_its_subscribers_and_sends(tmp_path: Path) -> None:
    """Subscribers, releases and deliveries stored under the first schema read back with the new columns."""
    url = f"sqlite:///{tmp_path / 'alt.db'}"
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    engine = create_engine(url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO subscribers (id, email, status, language, format, audio_first, consent_source,"
            " created_at, nonce) VALUES (1, 'alt@example.org', 'confirmed', 'de', 'html', 0, 'cli',"
            " '2026-01-05 10:00:00', 'n1')"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO newsletter_releases (id, slug, digest, article_json, created_at)"
            " VALUES (1, 'alt', 'd', '{}', '2026-01-05 10:00:00')"
        ))  # fmt: skip
        connection.execute(text(
            "INSERT INTO deliveries (release_id, subscriber_id, status, attempts) VALUES (1, 1, 'sent', 1)"
        ))  # fmt: skip
    engine.dispose()
    try:
        store = open_store(url)
        with store.session() as session:
            subscriber = session.scalars(select(Subscriber)).one()
            assert (subscriber.email, subscriber.status, subscriber.soft_bounces) == (
                "alt@example.org",
                "confirmed",
                0,
            )
        summary = delivery_summary(store, 1)
        assert (summary.state, summary.outcome, summary.sent, summary.alert) == ("finished", "sent", 1, None)
    finally:
        close_store(url)
