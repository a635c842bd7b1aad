"""Signed tokens for subscriber links: an expiring one to confirm, a lasting one to unsubscribe.

A token names the subscriber's id and nonce, signed with the install's secret key; it is
never a guessable id, and renewing the nonce revokes every link sent before.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from itsdangerous import BadSignature, SignatureExpired, URLSafeSerializer, URLSafeTimedSerializer

from publisher.errors import ConfigurationError, PublisherError
from publisher.settings import Settings

__all__ = ["InvalidToken", "TokenSigner", "token_signer"]


class InvalidToken(PublisherError):
    """A link token that is forged, damaged, revoked or (for confirmation) expired."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True)
class TokenSigner:
    """Makes and reads the tokens in confirmation and subscriber links."""

    secret: str
    confirm_max_age: int

    def confirm_token(self, subscriber_id: int, nonce: str) -> str:
        return URLSafeTimedSerializer(self.secret, salt="confirm").dumps([subscriber_id, nonce])

    def read_confirm_token(self, token: str) -> tuple[int, str]:
        """The (id, nonce) a confirmation token names; raises InvalidToken."""
        try:
            value = URLSafeTimedSerializer(self.secret, salt="confirm").loads(
                token, max_age=self.confirm_max_age
            )
        except SignatureExpired as error:
            raise InvalidToken("the confirmation link has expired", expired=True) from error
        except BadSignature as error:
            raise InvalidToken("the confirmation link is not valid") from error
        return _pair(value)

    @cached_property
    def _lasting(self) -> URLSafeSerializer:
        # Made once: a release signs one token per subscriber.
        return URLSafeSerializer(self.secret, salt="subscriber")

    def subscriber_token(self, subscriber_id: int, nonce: str) -> str:
        """The lasting token of unsubscribe and preferences links (old emails must keep working)."""
        return str(self._lasting.dumps([subscriber_id, nonce]))

    def read_subscriber_token(self, token: str) -> tuple[int, str]:
        try:
            value = self._lasting.loads(token)
        except BadSignature as error:
            raise InvalidToken("the link is not valid") from error
        return _pair(value)


def _pair(value: object) -> tuple[int, str]:
    if (
        isinstance(value, list)
        and len(value) == 2
        and isinstance(value[0], int)
        and isinstance(value[1], str)
    ):
        return value[0], value[1]
    raise InvalidToken("the link is not valid")


def token_signer(settings: Settings) -> TokenSigner:
    """The signer for this install; a secret key must be configured."""
    secret = settings.newsletter.secret_key
    if secret is None or len(secret.get_secret_value()) < 16:
        raise ConfigurationError(
            "set PUBLISHER_NEWSLETTER__SECRET_KEY (at least 16 characters) to manage subscribers; "
            'generate one with: python -c "import secrets; print(secrets.token_urlsafe(32))"'
        )
    return TokenSigner(secret.get_secret_value(), settings.newsletter.confirm_max_age)
