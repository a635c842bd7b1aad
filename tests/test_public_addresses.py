"""Public addresses (settings, press contacts) are judged by email-validator; its verdicts are kept."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from email_validator import EmailNotValidError, validate_email

from publisher.fields import ADDRESS_ANSWERS, public_address
from publisher.user_cache import cache_folder

ADDRESSES = [
    "presse@example.de", " Presse@Example.DE", "presse@EXAMPLE.de", "pressé@beispiel.example", "a@b",
    "no-at-sign", "two@@example.de", "presse@example..de", "", "x" * 70 + "@example.de",
]  # fmt: skip


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    cache_folder.cache_clear()
    ADDRESS_ANSWERS.forget()
    yield tmp_path / "cache-home"
    cache_folder.cache_clear()
    ADDRESS_ANSWERS.forget()


def _verdict(check: object, address: str) -> str:
    """The normal form, or the reason given (after the address, in the project's message)."""
    try:
        return "ok " + str(check(address))  # type: ignore[operator]
    except (ValueError, EmailNotValidError) as error:
        return "no " + str(error).removeprefix(f"{address!r} is not an email address: ")


def _email_validator(address: str) -> str:
    return validate_email(address, check_deliverability=False, test_environment=True).normalized


@pytest.mark.parametrize("rounds", [1, 2])
def test_verdicts_are_email_validators_asked_or_kept(cache_home: Path, rounds: int) -> None:
    """Normal forms and reasons, first from email-validator, then from the kept file: the same."""
    for _ in range(rounds):
        ADDRESS_ANSWERS.forget()
        assert [_verdict(public_address, address) for address in ADDRESSES] == [
            _verdict(_email_validator, address) for address in ADDRESSES
        ]


def test_a_run_with_known_addresses_does_not_import_email_validator(cache_home: Path) -> None:
    script = (
        "import sys; from publisher.fields import public_address; "
        "print(public_address('presse@example.de'), 'email_validator' in sys.modules)"
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}

    def run() -> list[str]:
        command = [sys.executable, "-c", script]
        return subprocess.run(
            command, env=environment, capture_output=True, text=True, check=True
        ).stdout.split()

    assert run() == ["presse@example.de", "True"]
    assert run() == ["presse@example.de", "False"]
