"""Helpers for the subscription tests: the app with its background sender, waiting for mail, reading links."""

from __future__ import annotations

import email
import email.policy
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any
from urllib.parse import urlsplit

from fastapi.testclient import TestClient

from publisher.api import create_app
from publisher.settings import Settings
from tests.newsletter_support import SinkHandler

# A hang guard only: mail normally arrives within milliseconds. Generous, as every wait that uses it
# ends as soon as its condition holds: an app process took over 60 s to start at a load of 20 on 2 cores.
DEADLINE = 300.0


@contextmanager
def running_app(settings: Settings, **options: Any) -> Iterator[TestClient]:
    """The app with its lifespan (and so its background sender) running, as a server runs it."""
    with TestClient(
        create_app(settings, **options), base_url="https://abo.example.de", raise_server_exceptions=False
    ) as client:
        yield client


def wait_for_mail(sink: SinkHandler, count: int) -> list[EmailMessage]:
    """The first ``count`` messages the SMTP sink received, once it has them (fails after DEADLINE)."""
    deadline = time.monotonic() + DEADLINE
    while len(sink.messages) < count:
        assert time.monotonic() < deadline, f"only {len(sink.messages)} of {count} messages arrived"
        time.sleep(0.02)
    return [
        email.message_from_bytes(raw, policy=email.policy.default)  # type: ignore[misc]
        for _, _, raw in sink.messages[:count]
    ]


def link_in(message: EmailMessage, kind: str) -> str:
    """The path of the ``kind`` link (confirm, unsubscribe, preferences) in a plain-text message."""
    body = message.get_content()
    (url,) = re.findall(rf"https://abo\.example\.de/{kind}/\S+", body)
    return urlsplit(url).path


def with_smtp(settings: Settings, port: int, **newsletter: Any) -> Settings:
    """``settings`` sending through the SMTP server on ``port`` (and other newsletter overrides)."""
    update = {"smtp_url": f"smtp://127.0.0.1:{port}", **newsletter}
    return settings.model_copy(update={"newsletter": settings.newsletter.model_copy(update=update)})
