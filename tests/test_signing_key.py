"""The signing secret: nothing that signs subscriber links starts without a strong one, and says why.

Strong: at least 32 characters, no placeholder or published value, not predictable by pattern.
The subscription app (as a server starts it) and every subscriber command that signs a token
refuse a weak or missing secret with a message naming PUBLISHER_NEWSLETTER__SECRET_KEY and how
to generate one, before they record or answer anything.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import SecretStr

from publisher.api import create_app
from publisher.errors import ConfigurationError
from publisher.settings import Settings, get_settings
from publisher.signing_key import key_weakness
from publisher.store import open_store
from publisher.subscribers.cli import subscribers_group
from publisher.tokens import token_signer
from tests.conftest import REPO
from tests.newsletter_support import free_port

GENERATE = 'python -c "import secrets; print(secrets.token_urlsafe(32))"'

WEAK = {
    "short random": secrets.token_urlsafe(23)[:31],
    "one character": "a" * 48,
    "two characters": "ab" * 24,
    "hex counting": "0123456789abcdef0123456789abcdef",
    "alphabet": "abcdefghijklmnopqrstuvwxyz0123456789",
    "digits counting": "12345678901234567890123456789012",
    "keyboard row": "qwertyuiopasdfghjklzxcvbnm1234567890",
    "repeated word": "PressestellePressestellePressestelle",
    "repeated password": "passwordpasswordpasswordpassword",
    "change me": "change-me-change-me-change-me-change-me",
    "replace placeholder": "please-replace-this-with-a-real-secret-key",
    "your secret here": "your-secret-key-goes-here-1234567890",
    "secret key phrase": "ThisIsMySuperSecretKeyForTheApp!",
    "framework default": "django-insecure-9x$2k!l0m@c8v#b7n&q1w(e)r4t%y",
    "example value": "example-secret-for-the-documentation-only",
    "fastapi tutorial": "09d25e094faa6ca2556c818166b7a9563b093f7099f6f0f4caa6cf63b88e8d7",
    "jwt.io default": "a-string-secret-at-least-256-bits-long",
    "xkcd": "correct horse battery staple correct horse",
    "old test value": "send-test-secret-0123456789abcdef",
    "dates": "2026-01-01 2026-01-02 2026-01-03 2026-01-04",
}
STRONG = {
    "token_urlsafe(32)": secrets.token_urlsafe(32),
    "token_urlsafe(24)": secrets.token_urlsafe(24),
    "token_hex(16)": secrets.token_hex(16),
    "token_hex(32)": secrets.token_hex(32),
    "base64 of 32 bytes": base64.b64encode(os.urandom(32)).decode(),
    "two uuids": uuid.uuid4().hex + uuid.uuid4().hex,
    "openssl rand -base64 48": base64.b64encode(os.urandom(48)).decode(),
}


@pytest.mark.parametrize("name", WEAK)
def test_weak_secrets_are_refused(name: str) -> None:
    """Short, repetitive, sequential, placeholder, published and phrase-like secrets all have a reason."""
    reason = key_weakness(WEAK[name])
    assert reason is not None
    assert WEAK[name] not in reason


@pytest.mark.parametrize("name", STRONG)
def test_generated_secrets_are_accepted(name: str) -> None:
    """Every usual way of generating a random key of 32 characters or more passes."""
    assert key_weakness(STRONG[name]) is None


def test_no_secret_shown_in_the_docs_or_examples_would_be_accepted() -> None:
    """A value written next to SECRET_KEY in the README, the examples or the container files never passes."""
    files = [
        REPO / "README.md",
        REPO / "docker-compose.yml",
        REPO / "Dockerfile",
        *sorted((REPO / "examples").rglob("*")),
    ]
    pattern = re.compile(r"secret_key\W{1,4}([^\s\"'`,)]{8,})", re.IGNORECASE)
    for path in files:
        if path.is_file() and path.suffix in ("", ".md", ".yml", ".yaml", ".toml", ".env", ".txt"):
            for found in pattern.finditer(path.read_text(encoding="utf-8", errors="replace")):
                value = found.group(1)
                if not value.startswith(("$", "(", "None", "unset")):
                    assert key_weakness(value) is not None, f"{path.name} shows an acceptable secret"


@pytest.mark.parametrize("secret", [None, "", "x" * 40, "0123456789abcdef0123456789abcdef"])
def test_the_app_and_the_signer_refuse_a_weak_or_missing_secret(
    nl_settings: Settings, secret: str | None
) -> None:
    """create_app raises before anything is served; the message names the variable and the command."""
    settings = nl_settings.model_copy(
        update={
            "newsletter": nl_settings.newsletter.model_copy(
                update={"secret_key": SecretStr(secret) if secret is not None else None}
            )
        }
    )
    for make in (create_app, token_signer):
        with pytest.raises(ConfigurationError) as refused:
            make(settings)
        assert "PUBLISHER_NEWSLETTER__SECRET_KEY" in str(refused.value) and GENERATE in str(refused.value)


@pytest.mark.parametrize("secret", [None, "0123456789abcdef"])
def test_the_server_exits_with_a_message_instead_of_answering_500(tmp_path: Path, secret: str | None) -> None:
    """uvicorn --factory publisher.api:create_app stops at once, exit status 2, a message and no traceback."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PUBLISHER_")}
    env.update({"PYTHONPATH": str(REPO), "PUBLISHER_DATABASE_URL": f"sqlite:///{tmp_path / 'abo.db'}"})
    if secret is not None:
        env["PUBLISHER_NEWSLETTER__SECRET_KEY"] = secret
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "publisher.api:create_app",
        "--port",
        f"{free_port()}",
    ]
    server = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert server.returncode == 2, server.stderr
    assert "PUBLISHER_NEWSLETTER__SECRET_KEY" in server.stderr and GENERATE in server.stderr
    assert "Traceback" not in server.stderr
    assert not (tmp_path / "abo.db").exists()


@pytest.fixture
def weak_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[CliRunner]:
    monkeypatch.setenv("PUBLISHER_DATABASE_URL", f"sqlite:///{tmp_path / 'abo.db'}")
    monkeypatch.setenv("PUBLISHER_NEWSLETTER__SECRET_KEY", "0123456789abcdef")
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


def test_subscriber_commands_that_sign_refuse_a_weak_secret(weak_cli: CliRunner, tmp_path: Path) -> None:
    """add, confirm, import and unsubscribe-mail stop with exit 2 and the reason; nothing is recorded."""
    listing = tmp_path / "liste.csv"
    listing.write_text("email\nneu@example.org\n", encoding="utf-8")
    commands = [
        ["add", "neu@example.org"],
        ["add", "alt@example.org", "--consented-at", "2026-01-05"],
        ["confirm", "WzEsImFiYyIsMF0.awaUxg.A8jTPJ1AblZiJYDmw4fGCtj56ZU"],
        ["import", str(listing)],
        ["unsubscribe-mail"],
    ]
    for command in commands:
        result = weak_cli.invoke(subscribers_group, command, input="Subject: unsubscribe abc\r\n\r\n")
        assert result.exit_code == 2, (command, result.output)
        assert "PUBLISHER_NEWSLETTER__SECRET_KEY" in result.output and "too short" in result.output
    listed = weak_cli.invoke(subscribers_group, ["list", "--json"])
    assert listed.exit_code == 0 and listed.output.strip() == "[]"
    with open_store(f"sqlite:///{tmp_path / 'abo.db'}").session() as session:
        assert session.connection().exec_driver_sql("SELECT count(*) FROM subscribers").scalar() == 0
