"""The API app on a test site: settings with a database, a strong key and an output folder; a live token."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from publisher.api import create_app
from publisher.settings import Settings
from publisher.store import close_store, open_store
from publisher.store.api_tokens import issue_token

# Far below the default, so that an oversized body costs the test little.
MAX_REQUEST_BYTES = 200_000


@pytest.fixture
def api_settings(settings: Settings, tmp_path: Path) -> Iterator[Settings]:
    """The test site with the API's database, output folder and a small body limit."""
    url = f"sqlite:///{tmp_path / 'publisher.db'}"
    yield settings.model_copy(
        update={
            "database_url": url,
            "api": settings.api.model_copy(
                update={"out_dir": tmp_path / "public", "max_request_bytes": MAX_REQUEST_BYTES}
            ),
            "newsletter": settings.newsletter.model_copy(
                update={
                    "secret_key": SecretStr(secrets.token_urlsafe(32)),
                    "subscriptions_url": "https://abo.example.de/",
                }
            ),
        }
    )
    close_store(url)


@pytest.fixture
def token(api_settings: Settings) -> str:
    """A live API token named ``cms``."""
    return issue_token(open_store(api_settings.database_url), "cms", datetime.now(UTC)).value


@pytest.fixture
def api(api_settings: Settings, token: str) -> Iterator[TestClient]:
    """The app, with the token's Authorization header on every request."""
    app = create_app(api_settings)
    headers = {"Authorization": f"Bearer {token}"}
    with TestClient(
        app, base_url="https://abo.example.de", headers=headers, raise_server_exceptions=False
    ) as client:
        yield client
