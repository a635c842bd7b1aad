"""Bearer tokens of the HTTP API: issued once, kept as digests, revoked for good.

A token is 32 random bytes (``secrets.token_urlsafe``) behind a short marker; a guess has no
better chance than any other, so one SHA-256 digest is a strong enough hash (a slow password
hash defends weak secrets, and these are never weak). The value itself is shown once, when it is
made, and never stored.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from publisher.errors import PublisherError
from publisher.store.database import Store
from publisher.store.tables import ApiToken

__all__ = [
    "TOKEN_MARKER",
    "IssuedToken",
    "TokenInfo",
    "UnknownToken",
    "issue_token",
    "list_tokens",
    "revoke_token",
    "token_holder",
]

# Marks the value as this product's token (secret scanners and people can tell it from others).
TOKEN_MARKER = "pub_"
_MAX_NAME = 100
# What token_urlsafe(32) writes: 43 base64url characters; anything else is no token of ours.
_TOKEN_LENGTH = len(TOKEN_MARKER) + 43


class UnknownToken(PublisherError):
    """A token name or id that names no token, or a name already taken."""


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a token: never its value."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class IssuedToken:
    """A new token: its value (to be shown once) and its description."""

    value: str
    info: TokenInfo


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def _info(row: ApiToken) -> TokenInfo:
    return TokenInfo(row.id, row.name, row.prefix, row.created_at, row.revoked_at)


def issue_token(store: Store, name: str, now: datetime) -> IssuedToken:
    """Make a token for ``name`` (unique, 1 to 100 printable characters); raises UnknownToken if taken."""
    name = name.strip()
    if not name or len(name) > _MAX_NAME or not name.isprintable():
        raise UnknownToken(f"a token name has 1 to {_MAX_NAME} printable characters, got {name!r}")
    value = TOKEN_MARKER + secrets.token_urlsafe(32)
    row = ApiToken(name=name, digest=_digest(value), prefix=value[: len(TOKEN_MARKER) + 6], created_at=now)
    try:
        with store.session() as session:
            session.add(row)
            session.flush()
            info = _info(row)
    except IntegrityError:
        taken = f"a token named {name!r} exists already (revoke it or pick another name)"
        raise UnknownToken(taken) from None
    return IssuedToken(value, info)


def list_tokens(store: Store) -> list[TokenInfo]:
    """Every token ever issued, revoked ones included, oldest first."""
    with store.session() as session:
        return [_info(row) for row in session.scalars(select(ApiToken).order_by(ApiToken.id))]


def revoke_token(store: Store, name_or_id: str, now: datetime) -> TokenInfo:
    """Revoke the token with this name (or numeric id); revoking twice keeps the first time."""
    with store.session() as session:
        query = select(ApiToken).where(ApiToken.name == name_or_id)
        row = session.scalar(query)
        if row is None and name_or_id.isdigit():
            row = session.get(ApiToken, int(name_or_id))
        if row is None:
            raise UnknownToken(f"no token is named {name_or_id!r} (see: publisher tokens list)")
        if row.revoked_at is None:
            row.revoked_at = now
        return _info(row)


def token_holder(store: Store, value: str) -> str | None:
    """The name of the live token whose value is ``value``, or None (unknown, malformed or revoked)."""
    if len(value) != _TOKEN_LENGTH or not value.startswith(TOKEN_MARKER):
        return None
    digest = _digest(value)
    with store.session() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.digest == digest))
        # The lookup finds the row by its digest; the comparison in constant time is the actual check.
        if row is None or not hmac.compare_digest(row.digest, digest) or row.revoked_at is not None:
            return None
        return row.name
