"""The settings a real send needs, checked before anything is sent: a clear error instead of a bad send.

Refused: a subscriptions URL that is not HTTPS (large providers ignore a one-click unsubscribe
over plain HTTP, RFC 8058), a missing, weak or published secret key (``publisher.signing_key``),
and a DKIM private key that does not match the selector's public key given in the settings
(every signature would fail, and DMARC would reject the mail).
"""

from __future__ import annotations

from publisher.channels.newsletter.message import dkim_signer, published_key_mismatch
from publisher.errors import ConfigurationError
from publisher.settings import Settings
from publisher.signing_key import require_signing_key

__all__ = ["require_safe_sending"]


def require_safe_sending(settings: Settings) -> None:
    """Raise ConfigurationError naming the setting when these settings must not send to subscribers."""
    config = settings.newsletter
    if not config.subscriptions_url.startswith("https://"):
        raise ConfigurationError(
            f"newsletter.subscriptions_url ({config.subscriptions_url}) must be an https:// URL to send: "
            "the one-click unsubscribe (RFC 8058) works only over HTTPS, and the large mail providers "
            "refuse or file newsletters without it; nothing was sent"
        )
    require_signing_key(settings)
    signer = dkim_signer(settings)
    if signer is not None and config.dkim_public_key:
        reason = published_key_mismatch(signer, config.dkim_public_key)
        if reason:
            raise ConfigurationError(
                f"newsletter.dkim_private_key does not match newsletter.dkim_public_key (the record of "
                f"{signer.selector}._domainkey.{signer.domain}): {reason}; every signature would fail. "
                "Nothing was sent"
            )
