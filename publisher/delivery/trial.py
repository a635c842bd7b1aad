"""A test send: every variant of a newsletter to one address, marked as a test, with nothing recorded.

The variants are those a subscriber can receive: each interface language, HTML with text or text
only, and with a spoken version the listen link last or first. Each subject starts with
``[TEST …]`` naming its variant, and each message carries ``X-Publisher-Test: yes``. No release,
delivery or subscriber row is written, so the real send later is unaffected; the unsubscribe and
preferences links of a test copy lead to the "link does not work" page.
"""

from __future__ import annotations

import dataclasses
import secrets

from publisher.channels.newsletter.compose import compile_edition
from publisher.channels.newsletter.content import AudioLink
from publisher.channels.newsletter.message import MessageFactory, Recipient, dkim_signer, envelope_sender
from publisher.delivery.preflight import require_safe_sending
from publisher.delivery.smtp import SmtpConnection, SmtpPayload, SmtpTarget
from publisher.errors import ConfigurationError
from publisher.model import Article
from publisher.settings import Settings
from publisher.store.subscribers import normalise_email

__all__ = ["send_test_copies"]

_TEST_HEADER = b"X-Publisher-Test: yes\r\n"


def _variants(audio: AudioLink | None) -> list[tuple[str, bool, bool]]:
    """(interface language, listen link first, text only) of every copy a subscriber can receive."""
    orders = (False, True) if audio else (False,)
    return [(locale, first, text) for locale in ("de", "en") for first in orders for text in (False, True)]


def send_test_copies(
    settings: Settings, article: Article, address: str, audio: AudioLink | None = None
) -> list[str]:
    """Send every variant of ``article``'s newsletter to ``address``; return the subject of each copy sent.

    Raises ConfigurationError for unusable settings and SmtpFailure when the server refuses.
    """
    config = settings.newsletter
    if not config.smtp_url:
        raise ConfigurationError(
            "--test-send needs an SMTP server: set PUBLISHER_SMTP_URL (newsletter.smtp_url)"
        )
    require_safe_sending(settings)
    recipient_address = normalise_email(address)
    target = SmtpTarget.parse(config.smtp_url)
    signer = dkim_signer(settings)
    sent: list[str] = []
    with SmtpConnection(target) as smtp:
        for locale, audio_first, text_only in _variants(audio):
            edition = compile_edition(article, settings, locale=locale, audio=audio, audio_first=audio_first)
            label = "-".join(
                [locale, "text" if text_only else "html", *(["audio-first"] if audio_first else [])]
            )
            subject = f"[TEST {label}] {edition.subject}"
            factory = MessageFactory(dataclasses.replace(edition, subject=subject), settings, signer)
            copy = Recipient(
                recipient_address,
                token="test-copy",
                message_key=f"test.{secrets.token_hex(8)}",
                text_only=text_only,
            )
            # Above the DKIM signature, outside what it signs: the mark changes no signed byte.
            message = _TEST_HEADER + factory.build(copy)
            smtp.send(envelope_sender(settings), recipient_address, SmtpPayload.of(message))
            sent.append(subject)
    return sent
