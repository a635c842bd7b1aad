"""Fixtures for the newsletter, its delivery, its subscribers and the store: example articles, newsletter
settings, a store per test (SQLite and PostgreSQL), an SMTP sink. Registered in ``tests/conftest.py``."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from publisher.model import Article
from publisher.settings import Settings
from publisher.sources import parse_article
from publisher.store import Store, close_store, open_store
from tests.conftest import EXAMPLES, missing_part

POSTGRES_URL = os.environ.get(
    "PUBLISHER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def german_article() -> Article:
    """The German example press release with a main image, quotes, a list and related articles."""
    return parse_article(EXAMPLES / "breitband-foerderung.md").article


@pytest.fixture(scope="session")
def english_article() -> Article:
    """The English example article."""
    return parse_article(EXAMPLES / "open-data-portal.md").article


def newsletter_settings(tmp_path: Path, database_url: str | None = None, **newsletter: Any) -> Settings:
    """Settings for a test site with the newsletter configured."""
    values: dict[str, Any] = {
        "from_address": "Presse Musterstadt <newsletter@presse.example.de>",
        "reply_to": "presse@example.de",
        "list_id": "newsletter.presse.example.de",
        "subscriptions_url": "https://abo.example.de/",
        "imprint": "Stadt Musterstadt, Rathausplatz 1, 12345 Musterstadt",
        "secret_key": "test-secret-" + uuid.uuid4().hex,
        "rate_per_second": 10_000,
        "burst": 1_000,
        "retry_backoff": 0.01,
        # Tests of other things make many requests from one client; the limit's own tests lower these.
        "subscribe_per_client": 10_000,
        "links_per_client": 10_000,
    }
    values.update(newsletter)
    return Settings(
        site={
            "title": "Presse Musterstadt",
            "base_url": "https://presse.example.de/",
            "owner": "Stadt Musterstadt",
            "contact_email": "barrierefrei@example.de",
            "imprint_url": "https://www.example.de/impressum/",
            "privacy_url": "https://www.example.de/datenschutz/",
        },
        staging_dir=tmp_path / "staging",
        database_url=database_url or f"sqlite:///{tmp_path / 'publisher.db'}",
        newsletter=values,
    )


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Build newsletter settings with overrides of the newsletter section."""

    def make(database_url: str | None = None, **newsletter: Any) -> Settings:
        return newsletter_settings(tmp_path, database_url, **newsletter)

    return make


@pytest.fixture
def nl_settings(tmp_path: Path) -> Settings:
    """Newsletter settings with a SQLite database in the test's folder."""
    return newsletter_settings(tmp_path)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: SQLite in the test folder, or a fresh schema in the PostgreSQL test database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'subscribers.db'}"
        yield url
        close_store(url)
        return
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    admin_url = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        missing_part(f"PostgreSQL not reachable at {admin_url}: {error}")
    with admin:
        admin.execute(f"CREATE SCHEMA {schema}")
        url = f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
        try:
            yield url
        finally:
            close_store(url)
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def store_settings(make_settings: Callable[..., Settings], database_url: str) -> Settings:
    """Newsletter settings on the parametrised database (SQLite and PostgreSQL)."""
    return make_settings(database_url)


@pytest.fixture
def store(store_settings: Settings) -> Store:
    """The migrated store of ``store_settings``."""
    return open_store(store_settings.database_url)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class SinkHandler:
    """An SMTP server's behaviour: keeps every accepted message; refuses addresses by their local part.

    ``bounce...@`` gets 550 (permanent); ``later...@`` gets 451 (temporary) while ``defer_left`` > 0.
    """

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.defer_left = 0

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, options: Any) -> str:
        if address.startswith("bounce"):
            return "550 5.1.1 no such mailbox"
        if address.startswith("later") and self.defer_left > 0:
            self.defer_left -= 1
            return "451 4.7.1 greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 Message accepted"


@pytest.fixture
def smtp_sink() -> Iterator[tuple[SinkHandler, int]]:
    """A real SMTP server (aiosmtpd) on a free local port; yields its handler and port."""
    from aiosmtpd.controller import Controller

    handler = SinkHandler()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
