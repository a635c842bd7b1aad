"""What a subscriber can do, for the CLI and the web pages alike: subscribe, confirm, change, leave.

Subscribing sends a confirmation email with a signed, expiring link (double opt-in);
the address receives newsletters only after the link is used.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from publisher.i18n import translations
from publisher.newsletter.message import envelope_sender
from publisher.newsletter.smtp import SmtpConnection, SmtpTarget
from publisher.settings import Settings
from publisher.store import (
    InvalidToken,
    Preferences,
    Store,
    Subscriber,
    add_subscriber,
    confirm_subscriber,
    open_store,
    subscriber_for_token,
    token_signer,
    unsubscribe,
    update_preferences,
)

__all__ = [
    "SubscriptionRequest",
    "change_preferences",
    "confirm",
    "confirmation_message",
    "leave",
    "leave_by_mail",
    "request_subscription",
    "subscriber_by_link",
    "subscriber_links",
]


@dataclass(frozen=True)
class SubscriptionRequest:
    """The outcome of a subscription request: the confirmation link, and whether it was emailed."""

    subscriber_id: int
    status: str
    confirm_url: str | None
    emailed: bool


def subscriber_links(settings: Settings, subscriber: Subscriber) -> dict[str, str]:
    """The subscriber's own unsubscribe and preferences pages."""
    token = token_signer(settings).subscriber_token(subscriber.id, subscriber.nonce)
    pages = settings.newsletter.subscriptions_url
    return {"unsubscribe": f"{pages}unsubscribe/{token}", "preferences": f"{pages}preferences/{token}"}


def confirmation_message(settings: Settings, address: str, confirm_url: str, language: str) -> EmailMessage:
    """The double opt-in email: one link, valid for a limited time, in the subscriber's language."""
    gettext = translations(language, "newsletter").gettext
    site = settings.site.title
    days = max(1, settings.newsletter.confirm_max_age // 86400)
    message = EmailMessage()
    message["Subject"] = gettext("Please confirm your subscription: %(site)s") % {"site": site}
    message["From"] = settings.newsletter.from_address
    message["To"] = address
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=envelope_sender(settings).rsplit("@", 1)[1])
    message["Auto-Submitted"] = "auto-generated"
    body = gettext(
        "Someone, hopefully you, asked to receive the newsletter of %(site)s at this address.\n\n"
        "To confirm, open this link within %(days)s days:\n\n%(url)s\n\n"
        "If you did not ask for it, ignore this email: you will not receive anything."
    ) % {"site": site, "days": days, "url": confirm_url}
    message.set_content(body, charset="utf-8")
    message["Content-Language"] = language
    return message


def request_subscription(
    settings: Settings,
    address: str,
    *,
    source: str,
    preferences: Preferences | None = None,
    confirmed_at: datetime | None = None,
    store: Store | None = None,
) -> SubscriptionRequest:
    """Record the request and email the confirmation link (when SMTP is configured and it is needed)."""
    store = store or open_store(settings.database_url)
    signer = token_signer(settings)
    with store.session() as session:
        subscriber = add_subscriber(
            session,
            address,
            source=source,
            preferences=preferences or Preferences(),
            confirmed_at=confirmed_at,
        )
        status, email, language = subscriber.status, subscriber.email, subscriber.language
        confirm_url = None
        if status == "pending":
            token = signer.confirm_token(subscriber.id, subscriber.nonce)
            confirm_url = f"{settings.newsletter.subscriptions_url}confirm/{token}"
        subscriber_id = subscriber.id
    emailed = False
    if confirm_url and settings.newsletter.smtp_url:
        message = confirmation_message(settings, email, confirm_url, language)
        with SmtpConnection(SmtpTarget.parse(settings.newsletter.smtp_url)) as smtp:
            smtp.send(envelope_sender(settings), email, message.as_bytes())
        emailed = True
    return SubscriptionRequest(subscriber_id, status, confirm_url, emailed)


def confirm(settings: Settings, token: str, store: Store | None = None) -> Subscriber:
    """Complete the double opt-in from a confirmation link; raises InvalidToken."""
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_confirm_token(token)
    with store.session() as session:
        return confirm_subscriber(session, subscriber_for_token(session, identity))


def subscriber_by_link(settings: Settings, token: str, store: Store | None = None) -> Subscriber:
    """The subscriber an unsubscribe or preferences link belongs to; raises InvalidToken."""
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_subscriber_token(token)
    with store.session() as session:
        return subscriber_for_token(session, identity)


def leave(settings: Settings, token: str, store: Store | None = None) -> Subscriber:
    """Unsubscribe the owner of the link (RFC 8058 one-click and the unsubscribe page)."""
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_subscriber_token(token)
    with store.session() as session:
        return unsubscribe(session, subscriber_for_token(session, identity))


# The mailto: form of List-Unsubscribe asks for the subject "unsubscribe <token>".
_MAIL_REQUEST = re.compile(r"\bunsubscribe\s+([A-Za-z0-9_.-]+)", re.IGNORECASE)


def leave_by_mail(settings: Settings, raw_message: bytes, store: Store | None = None) -> Subscriber:
    """Unsubscribe on a mailed request to the List-Unsubscribe mailto: address (the token is in the subject).

    The signed token, not the sender's address, decides who leaves, so a forged From cannot
    unsubscribe anyone else.
    """
    message = email.message_from_bytes(raw_message, policy=email.policy.default)
    found = _MAIL_REQUEST.search(str(message.get("Subject", "")))
    if found is None:
        raise InvalidToken("the message's subject holds no 'unsubscribe <token>' request")
    return leave(settings, found.group(1), store)


def change_preferences(
    settings: Settings, token: str, preferences: Preferences, store: Store | None = None
) -> Subscriber:
    """Store new preferences for the owner of the link."""
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_subscriber_token(token)
    with store.session() as session:
        return update_preferences(session, subscriber_for_token(session, identity), preferences)
