"""What a subscriber can do, for the CLI and the web pages alike: subscribe, confirm, change, leave.

Subscribing queues a confirmation email with a signed, expiring link (double opt-in); the
address receives newsletters only after the link is used. Every link changes state at most
once, and only from the state it was sent for (``publisher.store.links``).
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Literal

from publisher.settings import Settings
from publisher.store import (
    LinkOutcome,
    Preferences,
    Store,
    Subscriber,
    change_preferences_by_link,
    confirm_by_link,
    confirmation_state,
    open_store,
    subscriber_for_token,
    unsubscribe_by_link,
)
from publisher.store.subscription_mails import record_subscription_request
from publisher.tokens import InvalidToken, token_signer

__all__ = [
    "change_preferences",
    "confirm",
    "confirm_link",
    "confirmation_link_state",
    "leave",
    "leave_by_mail",
    "request_subscription",
    "subscriber_by_link",
    "subscriber_links",
]

Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def subscriber_links(settings: Settings, subscriber: Subscriber) -> dict[str, str]:
    """The subscriber's own unsubscribe and preferences pages."""
    token = token_signer(settings).subscriber_token(subscriber.id, subscriber.nonce)
    pages = settings.newsletter.subscriptions_url
    return {"unsubscribe": f"{pages}unsubscribe/{token}", "preferences": f"{pages}preferences/{token}"}


def confirm_link(settings: Settings, subscriber: Subscriber) -> str:
    """The confirmation link for a pending subscriber in its current state."""
    token = token_signer(settings).confirm_token(subscriber.id, subscriber.nonce, subscriber.version)
    return f"{settings.newsletter.subscriptions_url}confirm/{token}"


def request_subscription(
    settings: Settings,
    address: str,
    *,
    source: str,
    preferences: Preferences | None = None,
    store: Store | None = None,
    clock: Clock = _utc_now,
    notify_subscribed: bool = True,
) -> None:
    """Record a subscription request and queue its email (at most one per address per window).

    Nothing is sent here: the request is answered the same whatever the address's state, and the
    email goes out afterwards (``publisher.subscribers.mail``). Raises InvalidAddress.
    """
    store = store or open_store(settings.database_url)
    token_signer(settings)  # no request is recorded that could never be confirmed
    with store.session() as session:
        record_subscription_request(
            session,
            address,
            source=source,
            preferences=preferences or Preferences(),
            now=clock(),
            window=timedelta(seconds=settings.newsletter.subscribe_window),
            notify_subscribed=notify_subscribed,
        )


def confirmation_link_state(
    settings: Settings, token: str, store: Store | None = None
) -> tuple[Literal["open", "done"], str]:
    """Whether a confirmation link still confirms ("open") or was used ("done"), and its owner's language.

    Raises InvalidToken for a malformed, forged, expired, revoked or overtaken link.
    """
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_confirm_token(token)
    with store.session() as session:
        state = confirmation_state(session, identity)
        subscriber = subscriber_for_token(session, (identity.subscriber_id, identity.nonce))
        return state, subscriber.language


def confirm(
    settings: Settings, token: str, store: Store | None = None, clock: Clock = _utc_now
) -> LinkOutcome:
    """Complete the double opt-in from a confirmation link; raises InvalidToken."""
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_confirm_token(token)
    with store.session() as session:
        return confirm_by_link(session, identity, clock())


def subscriber_by_link(settings: Settings, token: str, store: Store | None = None) -> Subscriber:
    """The subscriber an unsubscribe or preferences link belongs to; raises InvalidToken."""
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_subscriber_token(token)
    with store.session() as session:
        return subscriber_for_token(session, identity)


def leave(settings: Settings, token: str, store: Store | None = None, clock: Clock = _utc_now) -> LinkOutcome:
    """Unsubscribe the owner of the link (RFC 8058 one-click and the unsubscribe page)."""
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_subscriber_token(token)
    with store.session() as session:
        return unsubscribe_by_link(session, identity, clock())


# The mailto: form of List-Unsubscribe asks for the subject "unsubscribe <token>".
_MAIL_REQUEST = re.compile(r"\bunsubscribe\s+([A-Za-z0-9_.-]+)", re.IGNORECASE)


def leave_by_mail(settings: Settings, raw_message: bytes, store: Store | None = None) -> LinkOutcome:
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
    """Store new preferences for the owner of the link; raises InvalidToken when no longer subscribed."""
    store = store or open_store(settings.database_url)
    identity = token_signer(settings).read_subscriber_token(token)
    with store.session() as session:
        return change_preferences_by_link(session, identity, preferences)
