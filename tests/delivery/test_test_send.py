"""``publish --test-send ADDRESS``: every variant to one address, marked as a test, nothing recorded."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from publisher.cli import main
from publisher.settings import get_settings
from publisher.store import Delivery, NewsletterRelease, open_store
from tests.conftest import EXAMPLES
from tests.delivery.bounce_messages import parsed
from tests.newsletter_support import SinkHandler


@pytest.fixture
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, smtp_sink: tuple[SinkHandler, int]) -> str:
    """Settings from the environment, as in a shell; returns the database URL."""
    database = f"sqlite:///{tmp_path / 'abo.db'}"
    for name, value in {
        "PUBLISHER_CONFIG": str(EXAMPLES / "publisher.toml"),
        "PUBLISHER_DATABASE_URL": database,
        "PUBLISHER_SMTP_URL": f"smtp://127.0.0.1:{smtp_sink[1]}",
        "PUBLISHER_NEWSLETTER__SECRET_KEY": secrets.token_urlsafe(32),
        "PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL": "https://abo.example.de/",
    }.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield database  # type: ignore[misc]
    get_settings.cache_clear()


def test_a_test_send_mails_every_variant_and_records_nothing(
    environment: str, smtp_sink: tuple[SinkHandler, int], tmp_path: Path
) -> None:
    """German and English, HTML and text only: four copies to the one address, subjects marked; no rows."""
    sink, _ = smtp_sink
    out = tmp_path / "site"
    result = CliRunner().invoke(
        main,
        [
            "publish",
            str(EXAMPLES / "hitzeschutz-plan.md"),
            "--out",
            str(out),
            "--test-send",
            "Ich@Example.org",
        ],
    )
    assert result.exit_code == 0, result.output
    assert [tos for _, tos, _ in sink.messages] == [["ich@example.org"]] * 4
    messages = [parsed(data) for _, _, data in sink.messages]
    labels = sorted(str(message["Subject"]).split("]", 1)[0] for message in messages)
    assert labels == ["[TEST de-html", "[TEST de-text", "[TEST en-html", "[TEST en-text"]
    assert all(message["X-Publisher-Test"] == "yes" for message in messages)
    assert (
        sorted(message.get_content_type() for message in messages)
        == ["multipart/alternative"] * 2 + ["text/plain"] * 2
    )
    assert result.output.count("sent to Ich@Example.org: [TEST") == 4
    assert not out.exists()
    store = open_store(environment)
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(NewsletterRelease)) == 0
        assert connection.scalar(select(func.count()).select_from(Delivery)) == 0


def test_a_test_send_with_unusable_settings_sends_nothing(
    environment: str, smtp_sink: tuple[SinkHandler, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plain-HTTP unsubscribe page is refused for a test send too (exit 2), before any connection."""
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SUBSCRIPTIONS_URL", "http://abo.example.de/")
    get_settings.cache_clear()
    result = CliRunner().invoke(
        main, ["publish", str(EXAMPLES / "hitzeschutz-plan.md"), "--test-send", "a@example.org"]
    )
    assert result.exit_code == 2 and "https://" in result.output
    assert smtp_sink[0].messages == []
