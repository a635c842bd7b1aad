"""Signed tokens for subscriber links: an expiring one to confirm, a lasting one to unsubscribe.

A confirmation token names the subscriber's id, nonce and state version at the time it was
sent: it works once, and only while the subscriber is still in that state. A lasting token
names the id and nonce of the current subscription period; a new period (subscribing again
after leaving or bouncing) gets a new nonce, which revokes every link of the period before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from publisher.errors import PublisherError
from publisher.settings import Settings
from publisher.signing_key import require_signing_key

__all__ = [
    "MAX_TOKEN_LENGTH",
    "ConfirmIdentity",
    "InvalidToken",
    "TokenSigner",
    "token_signer",
    "well_formed",
]

MAX_TOKEN_LENGTH = 300
# What itsdangerous writes: a base64url payload ('.' first when compressed), for confirmation tokens a
# timestamp, then the signature. Nothing else is ever a token, so nothing else reaches a page or URL.
_TOKEN_SHAPE = re.compile(r"\.?[A-Za-z0-9_-]{8,200}(?:\.[A-Za-z0-9_-]{4,8})?\.[A-Za-z0-9_-]{27,86}")


def well_formed(token: str) -> bool:
    """Whether ``token`` has the shape of a token this install issues (checked before anything else)."""
    return len(token) <= MAX_TOKEN_LENGTH and _TOKEN_SHAPE.fullmatch(token) is not None


class InvalidToken(PublisherError):
    """A link token that is malformed, forged, damaged, revoked, used or (for confirmation) expired."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True)
class ConfirmIdentity:
    """What a confirmation link names: subscriber, period nonce and the state version it was sent for."""

    subscriber_id: int
    nonce: str
    version: int


@dataclass(frozen=True)
class TokenSigner:
    """Makes and reads the tokens in confirmation and subscriber links."""

    secret: str
    confirm_max_age: int

    @cached_property
    def _confirming(self) -> URLSafeTimedSerializer:
        return URLSafeTimedSerializer(self.secret, salt="confirm")

    @cached_property
    def _lasting(self) -> URLSafeSerializer:
        # Made once: a release signs one token per subscriber.
        return URLSafeSerializer(self.secret, salt="subscriber")

    def confirm_token(self, subscriber_id: int, nonce: str, version: int) -> str:
        """The token of a confirmation link, good for the subscriber's state ``version`` only."""
        return str(self._confirming.dumps([subscriber_id, nonce, version]))

    def read_confirm_token(self, token: str) -> ConfirmIdentity:
        """What a confirmation token names; raises InvalidToken."""
        if not well_formed(token):
            raise InvalidToken("the confirmation link is not valid")
        try:
            value = self._confirming.loads(token, max_age=self.confirm_max_age)
        except SignatureExpired as error:
            raise InvalidToken("the confirmation link has expired", expired=True) from error
        except BadSignature as error:
            raise InvalidToken("the confirmation link is not valid") from error
        if (
            isinstance(value, list)
            and len(value) == 3
            and _is_int(value[0])
            and isinstance(value[1], str)
            and _is_int(value[2])
        ):
            return ConfirmIdentity(value[0], value[1], value[2])
        raise InvalidToken("the confirmation link is not valid")

    def subscriber_token(self, subscriber_id: int, nonce: str) -> str:
        """The lasting token of unsubscribe and preferences links (old emails must keep working)."""
        return str(self._lasting.dumps([subscriber_id, nonce]))

    def read_subscriber_token(self, token: str) -> tuple[int, str]:
        """The (id, nonce) an unsubscribe or preferences token names; raises InvalidToken."""
        if not well_formed(token):
            raise InvalidToken("the link is not valid")
        try:
            value = self._lasting.loads(token)
        except BadSignature as error:
            raise InvalidToken("the link is not valid") from error
        if isinstance(value, list) and len(value) == 2 and _is_int(value[0]) and isinstance(value[1], str):
            return value[0], value[1]
        raise InvalidToken("the link is not valid")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def token_signer(settings: Settings) -> TokenSigner:
    """The signer for this install; raises ConfigurationError unless a strong secret key is configured."""
    return TokenSigner(require_signing_key(settings), settings.newsletter.confirm_max_age)
