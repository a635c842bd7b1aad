"""Message ids: the same for a resent message, never the same across databases."""

from __future__ import annotations

import doctest
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import update

from publisher.delivery import return_paths, send_release
from publisher.model import Article
from publisher.settings import Settings
from publisher.store import Delivery, Preferences, add_subscriber, open_store
from tests.delivery.bounce_messages import parsed
from tests.newsletter_support import SinkHandler, newsletter_settings


def _send_to_one_reader(settings: Settings, article: Article, sink: SinkHandler) -> str:
    store = open_store(settings.database_url)
    with store.session() as session:
        add_subscriber(session, "leser@example.org", source="test", preferences=Preferences(),
                       confirmed_at=datetime.now(UTC))  # fmt: skip
    send_release(settings, article, store=store)
    return str(parsed(sink.messages[-1][2])["Message-ID"])


def test_a_resent_message_keeps_its_id_and_a_new_database_never_repeats_one(
    tmp_path: Path, smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """A message sent again (its worker died before recording it) has the same id; a reset database not."""
    sink, port = smtp_sink
    secret = "k4Vq9zTn2Wb7Yc3Rd8Xe5Uf1Sg6Ph0Jm" * 2

    def settings(folder: str) -> Settings:
        return newsletter_settings(tmp_path / folder, smtp_url=f"smtp://127.0.0.1:{port}", secret_key=secret)

    first = settings("eins")
    (tmp_path / "eins").mkdir()
    first_id = _send_to_one_reader(first, german_article, sink)
    store = open_store(first.database_url)
    with store.engine.begin() as connection:
        connection.execute(update(Delivery).values(status="pending", sent_at=None))
    send_release(first, german_article, store=store)
    assert len(sink.messages) == 2
    assert str(parsed(sink.messages[1][2])["Message-ID"]) == first_id
    (tmp_path / "zwei").mkdir()
    reset_id = _send_to_one_reader(settings("zwei"), german_article, sink)
    assert reset_id != first_id
    # Same subscriber id, same release id, same article: only the random salt tells them apart.
    assert first_id.split(".")[1] == reset_id.split(".")[1]
    assert first_id.endswith("@presse.example.de>")


def test_the_documented_examples_hold() -> None:
    """The examples in the module's docstring are its first tests."""
    assert doctest.testmod(return_paths).failed == 0
