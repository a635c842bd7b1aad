"""A real send is refused, before anything is sent, when its settings would make a bad one."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from publisher.delivery import check_sending, deliver_batch, plan_batches, queue_release
from publisher.errors import ConfigurationError
from publisher.model import Article
from publisher.settings import Settings
from publisher.store import Preferences, add_subscriber, open_store
from tests.newsletter_support import SinkHandler


def _key(path: Path) -> str:
    """A fresh RSA key written to ``path``; returns the p= value of its DNS record."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                          serialization.NoEncryption())
    )  # fmt: skip
    public = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(public).decode()


@pytest.fixture
def sending(
    make_settings: Callable[..., Settings], smtp_sink: tuple[SinkHandler, int]
) -> Callable[..., Settings]:
    """Settings that send through a real SMTP server, with overrides."""
    return lambda **newsletter: make_settings(smtp_url=f"smtp://127.0.0.1:{smtp_sink[1]}", **newsletter)


def _one_batch(settings: Settings, article: Article) -> None:
    store = open_store(settings.database_url)
    with store.session() as session:
        add_subscriber(session, "leser@example.org", source="test", preferences=Preferences(),
                       confirmed_at=datetime.now(UTC))  # fmt: skip
    release = queue_release(store, article)
    deliver_batch(settings, release, plan_batches(store, release, 100)[0], store=store)


def test_a_plain_http_unsubscribe_page_refuses_the_send(
    sending: Callable[..., Settings], smtp_sink: tuple[SinkHandler, int], german_article: Article
) -> None:
    """One-click unsubscribe (RFC 8058) needs HTTPS: the check and a batch refuse, nothing is sent."""
    settings = sending(subscriptions_url="http://abo.example.de/")
    with pytest.raises(ConfigurationError, match=r"newsletter.subscriptions_url .* must be an https:// URL"):
        check_sending(settings)
    with pytest.raises(ConfigurationError, match="https://"):
        _one_batch(settings, german_article)
    assert smtp_sink[0].messages == []


@pytest.mark.parametrize("secret", ["keyboard cat", "changeme-" + "x" * 40, "your-256-bit-secret"])
def test_a_known_default_secret_refuses_the_send(sending: Callable[..., Settings], secret: str) -> None:
    """A secret printed in documentation or a placeholder is no secret: the send does not start."""
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        check_sending(sending(secret_key=secret))


def test_a_dkim_key_that_does_not_match_the_published_one_refuses_the_send(
    sending: Callable[..., Settings],
    smtp_sink: tuple[SinkHandler, int],
    tmp_path: Path,
    german_article: Article,
) -> None:
    """The private key must be the one the selector publishes; a matching record, full or bare, passes."""
    published = _key(tmp_path / "published.pem")
    _key(tmp_path / "other.pem")
    dkim = {"dkim_selector": "mail2026", "dkim_domain": "presse.example.de"}
    wrong = sending(
        dkim_private_key=str(tmp_path / "other.pem"), dkim_public_key=f"v=DKIM1; k=rsa; p={published}", **dkim
    )
    with pytest.raises(ConfigurationError, match=r"does not match .*mail2026._domainkey.presse.example.de"):
        check_sending(wrong)
    with pytest.raises(ConfigurationError, match="does not match"):
        _one_batch(wrong, german_article)
    assert smtp_sink[0].messages == []
    for record in (f"v=DKIM1; k=rsa; p={published}", published[:40] + " " + published[40:]):
        check_sending(
            sending(dkim_private_key=str(tmp_path / "published.pem"), dkim_public_key=record, **dkim)
        )
    revoked = sending(dkim_private_key=str(tmp_path / "published.pem"), dkim_public_key="v=DKIM1; p=", **dkim)
    with pytest.raises(ConfigurationError, match="revokes the selector"):
        check_sending(revoked)
