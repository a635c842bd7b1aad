"""The quick path of ``normalise_email`` agrees with email-validator on every address it takes."""

from __future__ import annotations

import pytest
from email_validator import EmailNotValidError, validate_email

from publisher.store import InvalidAddress, normalise_email

ADDRESSES = [
    "Leserin.Eins@Beispiel-Amt.DE",
    "  presse+wahl@stadt.example.org ",
    "o'brien@rathaus.de",
    "a{b}c~d@sub.domain.de",
    "postmaster@amt.de",
    "x" * 64 + "@amt.de",
    "x" * 65 + "@amt.de",
    "a@" + ".".join(["b" * 63] * 3) + ".de",
    "a@" + ".".join(["b" * 63] * 4) + ".de",
    "a@" + "b" * 64 + ".de",
    ".punkt@amt.de",
    "punkt.@amt.de",
    "dop..pelt@amt.de",
    "ohne-at.amt.de",
    "zwei@at@amt.de",
    "leer@",
    "@amt.de",
    "local@localhost",
    "local@amt",
    "local@amt.123",
    "local@beispiel.test",
    "local@beispiel.invalid",
    "local@-amt.de",
    "local@amt-.de",
    "local@amt..de",
    "local@.amt.de",
    "local@amt.de.",
    "local@xn--mnchen-3ya.de",
    "local@xn--zz.de",
    "local@münchen.de",
    "müller@amt.de",
    '"zitiert"@amt.de',
    "Name <name@amt.de>",
    "local@[192.0.2.1]",
    "lo cal@amt.de",
    "local@am_t.de",
]


def _library(address: str) -> str | None:
    try:
        result = validate_email(address.strip(), check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError:
        return None
    return str(result.ascii_email or result.normalized).lower()


@pytest.mark.parametrize("address", ADDRESSES)
def test_same_answer_as_email_validator(address: str) -> None:
    expected = _library(address)
    if expected is None:
        with pytest.raises(InvalidAddress):
            normalise_email(address)
    else:
        assert normalise_email(address) == expected


def test_both_outcomes_are_covered() -> None:
    outcomes = {_library(address) is None for address in ADDRESSES}
    assert outcomes == {True, False}
