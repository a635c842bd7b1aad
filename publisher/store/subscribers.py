"""Subscribers: double opt-in, preferences, unsubscribe, and a person's export and erasure."""

from __future__ import annotations

import hmac
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any, Literal

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from publisher.errors import PublisherError
from publisher.store.bounces import bounce_events_of
from publisher.store.tables import BounceEvent, Delivery, NewsletterRelease, Subscriber, SubscriptionMail
from publisher.tokens import InvalidToken

__all__ = [
    "ENDED",
    "FORMATS",
    "LANGUAGES",
    "STATUSES",
    "InvalidAddress",
    "Preferences",
    "add_subscriber",
    "confirm_subscriber",
    "decode_topics",
    "encode_topics",
    "erase_subscriber",
    "export_subscriber",
    "find_by_email",
    "list_subscribers",
    "new_nonce",
    "normalise_email",
    "subscriber_for_token",
    "topic_counts",
    "unsubscribe",
    "update_preferences",
]

LANGUAGES = ("de", "en")
FORMATS = ("html", "text")
STATUSES = ("pending", "confirmed", "unsubscribed", "bounced")
# States that end a subscription period: subscribing again starts a new one.
ENDED = ("unsubscribed", "bounced")


class InvalidAddress(PublisherError):
    """An email address that cannot receive mail (the message says why)."""


@dataclass(frozen=True)
class Preferences:
    """What a subscriber may choose."""

    language: Literal["de", "en"] = "de"
    format: Literal["html", "text"] = "html"
    audio_first: bool = False
    # The topics chosen (compared without case); none: every newsletter.
    topics: tuple[str, ...] = ()


def encode_topics(topics: Iterable[str]) -> str:
    """Topics as stored: one per line, case-folded, framed by line breaks; empty for "all".

    >>> encode_topics(["Verkehr", "klima"])
    '\\nklima\\nverkehr\\n'
    """
    folded = sorted({" ".join(topic.split()).casefold() for topic in topics if topic.strip()})
    return "\n" + "\n".join(folded) + "\n" if folded else ""


def decode_topics(stored: str) -> tuple[str, ...]:
    return tuple(topic for topic in stored.split("\n") if topic)


# A local part that email-validator accepts unchanged: an ASCII dot-atom (RFC 5322), at most 64 characters.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
_PLAIN_DOMAIN = re.compile(r"[A-Za-z0-9.-]+")


def _validated(address: str) -> str:
    try:
        # Deliverability (DNS) is checked by sending the confirmation, not here.
        result = validate_email(address, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise InvalidAddress(str(error)) from error
    return str(result.ascii_email or result.normalized).lower()


@lru_cache(maxsize=4096)
def _plain_domain_valid(domain: str) -> bool:
    """Whether email-validator accepts ``domain`` as it is (lower-cased); a pure function of the name.

    Its checks of the domain (labels, top-level domain, reserved names) cost 30 us an address and
    do not depend on the local part: a list of 10,000 addresses has a few hundred domains.
    """
    try:
        return _validated("a@" + domain) == "a@" + domain.lower()
    except InvalidAddress:
        return False


def normalise_email(address: str) -> str:
    """The address in the one form it is stored in (ASCII, lower case); raises InvalidAddress."""
    address = address.strip()
    local, _, domain = address.rpartition("@")
    plain = len(address) <= 254 and len(local) <= 64 and _PLAIN_LOCAL.fullmatch(local)
    if plain and _PLAIN_DOMAIN.fullmatch(domain) and _plain_domain_valid(domain):
        return address.lower()
    return _validated(address)  # anything else, and every error message, from email-validator itself


def _now() -> datetime:
    return datetime.now(UTC)


def find_by_email(session: Session, address: str) -> Subscriber | None:
    return session.scalar(select(Subscriber).where(Subscriber.email == normalise_email(address)))


def list_subscribers(session: Session, status: str | None = None) -> list[Subscriber]:
    """Every subscriber (in ``status``, if given), ordered by address."""
    query = select(Subscriber).order_by(Subscriber.email)
    if status:
        query = query.where(Subscriber.status == status)
    return list(session.scalars(query))


def topic_counts(session: Session) -> dict[str, int]:
    """Confirmed subscribers per chosen topic; ``""`` counts those who chose none (every newsletter)."""
    counts: dict[str, int] = {}
    rows = session.execute(
        select(Subscriber.topics, func.count())
        .where(Subscriber.status == "confirmed")
        .group_by(Subscriber.topics)
    )
    for stored, count in rows:
        for topic in decode_topics(stored) or ("",):
            counts[topic] = counts.get(topic, 0) + count
    return counts


def add_subscriber(
    session: Session,
    address: str,
    *,
    source: str,
    preferences: Preferences = Preferences(),
    confirmed_at: datetime | None = None,
) -> Subscriber:
    """Record a subscription request; with ``confirmed_at`` (consent proven elsewhere) it is confirmed.

    An address that left or bounced starts a new period as pending: it must opt in again, and the
    links of its earlier period stop working. A confirmed address keeps its state.
    """
    email = normalise_email(address)
    subscriber = session.scalar(select(Subscriber).where(Subscriber.email == email))
    if subscriber is None:
        subscriber = Subscriber(
            email=email, created_at=_now(), consent_source=source[:200], nonce=new_nonce(), version=0
        )
        session.add(subscriber)
    elif subscriber.status == "confirmed":
        return subscriber
    elif subscriber.status in ENDED:
        subscriber.nonce = new_nonce()
        subscriber.version += 1
    if confirmed_at and subscriber.status == "pending" and subscriber.id is not None:
        subscriber.version += 1
    subscriber.status = "confirmed" if confirmed_at else "pending"
    subscriber.confirmed_at = confirmed_at
    subscriber.consent_source = source[:200]
    subscriber.unsubscribed_at = subscriber.bounced_at = subscriber.bounce_reason = None
    _apply(subscriber, preferences)
    session.flush()
    return subscriber


def new_nonce() -> str:
    """A fresh random nonce for a new subscription period."""
    return secrets.token_hex(8)


def _apply(subscriber: Subscriber, preferences: Preferences) -> None:
    subscriber.language = preferences.language
    subscriber.format = preferences.format
    subscriber.audio_first = preferences.audio_first
    subscriber.topics = encode_topics(preferences.topics)


def subscriber_for_token(session: Session, identity: tuple[int, str]) -> Subscriber:
    """The subscriber a verified token names; raises InvalidToken when erased or revoked."""
    subscriber = session.get(Subscriber, identity[0], populate_existing=True)
    if subscriber is None or not hmac.compare_digest(subscriber.nonce, identity[1]):
        raise InvalidToken("the link is no longer valid")
    return subscriber


def confirm_subscriber(session: Session, subscriber: Subscriber) -> Subscriber:
    """Complete the double opt-in: from now on the address receives newsletters."""
    if subscriber.status != "confirmed":
        subscriber.status = "confirmed"
        subscriber.confirmed_at = _now()
        subscriber.unsubscribed_at = None
        subscriber.version += 1
    return subscriber


def unsubscribe(session: Session, subscriber: Subscriber) -> Subscriber:
    """Stop all newsletters to the subscriber at once (deliveries not yet sent are skipped)."""
    if subscriber.status != "unsubscribed":
        subscriber.status = "unsubscribed"
        subscriber.unsubscribed_at = _now()
        subscriber.version += 1
    return subscriber


def update_preferences(session: Session, subscriber: Subscriber, preferences: Preferences) -> Subscriber:
    _apply(subscriber, preferences)
    return subscriber


def export_subscriber(session: Session, subscriber: Subscriber) -> dict[str, Any]:
    """Everything stored about one subscriber (GDPR Art. 15), as JSON-ready data."""
    rows = session.execute(
        select(Delivery, NewsletterRelease.slug)
        .join(NewsletterRelease, NewsletterRelease.id == Delivery.release_id)
        .where(Delivery.subscriber_id == subscriber.id)
        .order_by(Delivery.id)
    ).all()

    def when(value: datetime | None) -> str | None:
        return value.isoformat() if value else None

    mail = session.get(SubscriptionMail, subscriber.id)
    return {
        "email": subscriber.email,
        "status": subscriber.status,
        "preferences": {
            "language": subscriber.language,
            "format": subscriber.format,
            "audio_first": subscriber.audio_first,
            "topics": list(decode_topics(subscriber.topics)),
        },
        "consent": {"source": subscriber.consent_source, "confirmed_at": when(subscriber.confirmed_at)},
        "created_at": when(subscriber.created_at),
        "unsubscribed_at": when(subscriber.unsubscribed_at),
        "bounced_at": when(subscriber.bounced_at),
        "bounce_reason": subscriber.bounce_reason,
        "bounces_and_complaints": bounce_events_of(session, subscriber.id),
        "deliveries": [
            {"release": slug, "status": delivery.status, "sent_at": when(delivery.sent_at)}
            for delivery, slug in rows
        ],
        "subscription_email": None
        if mail is None
        else {
            "requested_at": when(mail.requested_at),
            "state": mail.state,
            "attempts": mail.attempts,
            "sent_at": when(mail.sent_at),
            "last_error": mail.last_error,
        },
    }


def erase_subscriber(session: Session, subscriber: Subscriber) -> None:
    """Delete the subscriber, their deliveries, bounces and queued email (GDPR Art. 17)."""
    session.execute(delete(BounceEvent).where(BounceEvent.subscriber_id == subscriber.id))
    session.execute(delete(Delivery).where(Delivery.subscriber_id == subscriber.id))
    session.execute(delete(SubscriptionMail).where(SubscriptionMail.subscriber_id == subscriber.id))
    session.delete(subscriber)
    session.flush()
