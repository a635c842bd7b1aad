"""API tokens: made once by the command, stored as digests, refused with a Bearer challenge when bad."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from publisher.api.auth import bearer_holder
from publisher.cli import main
from publisher.settings import get_settings
from publisher.store import open_store


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[CliRunner]:
    """A runner whose settings come from the environment, as in a real shell."""
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def _create(cli: CliRunner, name: str) -> str:
    result = cli.invoke(main, ["tokens", "create", name])
    assert result.exit_code == 0, result.output
    # The value is the first line; the note about keeping it follows on stderr.
    return result.output.splitlines()[0]


def _protected(database_url: str) -> TestClient:
    app = FastAPI()
    holder = bearer_holder(open_store(database_url))

    @app.get("/who")
    def who(name: str = Depends(holder)) -> dict[str, str]:
        return {"name": name}

    return TestClient(app)


def test_create_prints_the_token_once_and_stores_only_its_digest(cli: CliRunner, database_url: str) -> None:
    """The value appears on stdout once; the database holds its SHA-256, and the listing only a prefix."""
    token = _create(cli, "Pressestelle CMS")
    assert token.startswith("pub_") and len(token) == 47
    with open_store(database_url).engine.connect() as connection:
        rows = connection.execute(text("SELECT name, digest, prefix FROM api_tokens")).all()
    assert rows == [("Pressestelle CMS", hashlib.sha256(token.encode()).hexdigest(), token[:10])]
    listing = cli.invoke(main, ["tokens", "list"])
    assert listing.exit_code == 0 and "Pressestelle CMS" in listing.output and "active" in listing.output
    assert token not in listing.output


def test_a_token_name_is_unique(cli: CliRunner) -> None:
    """A second token of the same name is refused with exit 2; an unknown name cannot be revoked."""
    _create(cli, "cms")
    again = cli.invoke(main, ["tokens", "create", "cms"])
    assert again.exit_code == 2 and "exists already" in again.output
    unknown = cli.invoke(main, ["tokens", "revoke", "nobody"])
    assert unknown.exit_code == 2 and "no token is named 'nobody'" in unknown.output


def test_only_a_live_token_passes_and_every_refusal_is_a_bearer_challenge(
    cli: CliRunner, database_url: str
) -> None:
    """Missing, other scheme, unknown, truncated and revoked tokens get 401 with WWW-Authenticate: Bearer."""
    token = _create(cli, "cms")
    other = _create(cli, "intranet")
    client = _protected(database_url)
    assert client.get("/who", headers={"Authorization": f"Bearer {token}"}).json() == {"name": "cms"}
    refused = [
        {},
        {"Authorization": f"Basic {token}"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {token[:-1]}"},
        {"Authorization": f"Bearer {token[:-1]}x"},
        {"Authorization": "Bearer pub_" + "A" * 43},
    ]
    for headers in refused:
        answer = client.get("/who", headers=headers)
        assert answer.status_code == 401, headers
        assert answer.headers["www-authenticate"].startswith("Bearer"), headers
    revoked = cli.invoke(main, ["tokens", "revoke", "cms"])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    answer = client.get("/who", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 401 and "not valid" in answer.json()["detail"]
    assert client.get("/who", headers={"Authorization": f"Bearer {other}"}).json() == {"name": "intranet"}
    assert "revoked" in cli.invoke(main, ["tokens", "list"]).output
