"""Subscribers in the database: double opt-in, signed links, preferences, export and erasure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from publisher.errors import ConfigurationError
from publisher.settings import Settings
from publisher.store import (
    Delivery,
    InvalidAddress,
    Preferences,
    Store,
    add_subscriber,
    confirm_by_link,
    confirm_subscriber,
    erase_subscriber,
    export_subscriber,
    find_by_email,
    subscriber_for_token,
    unsubscribe,
)
from publisher.tokens import InvalidToken, token_signer


def test_first_use_migrates_an_empty_database(store: Store) -> None:
    """Opening a store on an empty database creates the tables through the Alembic migrations."""
    tables = set(inspect(store.engine).get_table_names())
    assert {"subscribers", "newsletter_releases", "deliveries", "alembic_version"} <= tables
    with store.engine.connect() as connection:
        assert connection.scalar(text("SELECT version_num FROM alembic_version")) == _newest_migration()


def _newest_migration() -> str:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from publisher.store.database import _MIGRATIONS

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    head = ScriptDirectory.from_config(config).get_current_head()
    assert head is not None
    return head


def test_double_opt_in_confirms_only_with_the_signed_link(store: Store, store_settings: Settings) -> None:
    """A new address is pending until the link from its confirmation email is used."""
    signer = token_signer(store_settings)
    with store.session() as session:
        subscriber = add_subscriber(session, "Leserin@Example.org", source="form:test")
        assert (subscriber.status, subscriber.email, subscriber.confirmed_at) == (
            "pending",
            "leserin@example.org",
            None,
        )
        token = signer.confirm_token(subscriber.id, subscriber.nonce, subscriber.version)
    with store.session() as session:
        assert confirm_by_link(session, signer.read_confirm_token(token), datetime.now(UTC)).changed
    with store.session() as session:
        confirmed = find_by_email(session, "leserin@example.org")
        assert confirmed and confirmed.status == "confirmed" and confirmed.confirmed_at is not None
        assert confirmed.consent_source == "form:test"


def test_forged_expired_and_revoked_links_are_refused(store: Store, store_settings: Settings) -> None:
    """A changed token, an expired confirmation link, or a link of an erased subscriber does nothing."""
    signer = token_signer(store_settings)
    with store.session() as session:
        subscriber = add_subscriber(session, "a@example.org", source="cli")
        confirm = signer.confirm_token(subscriber.id, subscriber.nonce, subscriber.version)
        lasting = signer.subscriber_token(subscriber.id, subscriber.nonce)
    with pytest.raises(InvalidToken):
        signer.read_subscriber_token(lasting[:-2] + "xx")
    with pytest.raises(InvalidToken):
        replace(signer, secret="Another-Secret-Of-Enough-Length-Qx7R").read_subscriber_token(lasting)
    with pytest.raises(InvalidToken) as expired:
        replace(signer, confirm_max_age=-1).read_confirm_token(confirm)
    assert expired.value.expired
    with pytest.raises(InvalidToken):
        signer.read_confirm_token(lasting)  # a lasting token is no confirmation token
    with store.session() as session:
        erase_subscriber(session, subscriber_for_token(session, signer.read_subscriber_token(lasting)))
    with store.session() as session, pytest.raises(InvalidToken):
        subscriber_for_token(session, signer.read_subscriber_token(lasting))


def test_invalid_addresses_are_refused(store: Store) -> None:
    """Addresses that cannot receive mail are refused with the reason."""
    for address in ("no-at-sign", "a@b", "x@example..org", "evil@example.org\r\nBcc: x@example.org"):
        with store.session() as session, pytest.raises(InvalidAddress):
            add_subscriber(session, address, source="cli")


def test_an_unsubscribed_address_must_opt_in_again(store: Store) -> None:
    """After unsubscribing, subscribing again is pending until confirmed, with the new preferences."""
    with store.session() as session:
        subscriber = add_subscriber(session, "b@example.org", source="cli")
        confirm_subscriber(session, subscriber)
        unsubscribe(session, subscriber)
        again = add_subscriber(
            session, "B@example.org", source="form", preferences=Preferences("en", "text", True)
        )
        assert again.id == subscriber.id and again.status == "pending"
        assert (again.language, again.format, again.audio_first) == ("en", "text", True)
        assert session.scalar(select(func.count()).select_from(type(again))) == 1


def test_export_shows_everything_and_erase_removes_everything(store: Store) -> None:
    """A subscriber's export lists consent, preferences and deliveries; erasure leaves no row behind."""
    from publisher.store import NewsletterRelease

    with store.session() as session:
        subscriber = add_subscriber(
            session, "c@example.org", source="import:list.csv", confirmed_at=datetime.now(UTC)
        )
        release = NewsletterRelease(slug="a", digest="d", article_json="{}", created_at=datetime.now(UTC))
        session.add(release)
        session.flush()
        session.add(Delivery(release_id=release.id, subscriber_id=subscriber.id, status="sent", attempts=1))
    with store.session() as session:
        found = find_by_email(session, "c@example.org")
        assert found is not None
        data = export_subscriber(session, found)
        assert data["email"] == "c@example.org" and data["consent"]["source"] == "import:list.csv"
        assert data["deliveries"] == [{"release": "a", "status": "sent", "sent_at": None}]
        erase_subscriber(session, found)
    with store.session() as session:
        assert find_by_email(session, "c@example.org") is None
        assert session.scalar(select(func.count()).select_from(Delivery)) == 0


def test_tokens_need_a_configured_secret(store_settings: Settings) -> None:
    """Without a secret key nobody can manage subscribers, and the error says how to make one."""
    bare = store_settings.model_copy(
        update={"newsletter": store_settings.newsletter.model_copy(update={"secret_key": None})}
    )
    with pytest.raises(ConfigurationError, match=r"secrets\.token_urlsafe"):
        token_signer(bare)


def test_upgrading_keeps_subscribers_and_the_links_of_sent_newsletters(
    database_url: str, tmp_path: Path
) -> None:
    """A database of the first schema migrates with its subscribers; their unsubscribe links still work."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from publisher.store import open_store
    from publisher.store.database import _MIGRATIONS, normalise_url
    from publisher.subscribers.service import leave
    from tests.newsletter_support import newsletter_settings

    engine = create_engine(normalise_url(database_url))
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(
            text(
                "INSERT INTO subscribers (email, status, language, format, audio_first, consent_source, "
                "created_at, confirmed_at, nonce) VALUES ('alt@example.org', 'confirmed', 'de', 'html', "
                "false, 'form', '2026-01-05 10:00:00+00:00', '2026-01-05 10:05:00+00:00', '0123456789abcdef')"
            )
        )
    engine.dispose()
    settings = newsletter_settings(tmp_path, database_url)
    store = open_store(database_url)
    with store.session() as session:
        old = find_by_email(session, "alt@example.org")
        assert old is not None and (old.status, old.version) == ("confirmed", 0)
        token = token_signer(settings).subscriber_token(old.id, "0123456789abcdef")  # as sent before
    assert leave(settings, token, store).changed
