"""Subscription requests and the queue of the emails they ask for, kept in the database.

A request runs the same three statements whatever the address's state, and never sends mail
itself: whether an address is unknown, pending, confirmed, unsubscribed or bounced changes
neither the answer nor the work. At most one email per address is queued per window; the window
is a conditional upsert, so it holds across processes and between concurrent requests alike.
Senders claim a queued email for a lease before sending it, so two senders never send the same one.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import CursorResult, Update, case, func, literal, or_, select, type_coerce, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from publisher.errors import ConfigurationError
from publisher.store.subscribers import ENDED, Preferences, new_nonce, normalise_email
from publisher.store.tables import Subscriber, SubscriptionMail, UtcDateTime

__all__ = [
    "QueuedMail",
    "claim_mail",
    "due_mails",
    "finish_mail",
    "insert_for",
    "next_due",
    "queued_mail_for",
    "record_subscription_request",
    "release_mail",
    "retry_mail",
]


def insert_for(session: Session, table: Any) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise ConfigurationError(f"subscribers need SQLite or PostgreSQL, not {dialect}")


def record_subscription_request(
    session: Session,
    address: str,
    *,
    source: str,
    preferences: Preferences,
    now: datetime,
    window: timedelta,
    notify_subscribed: bool = True,
) -> None:
    """Record that ``address`` asked to subscribe and queue its email unless one was queued within ``window``.

    New addresses become pending; pending ones take the new preferences; an address that left or
    bounced starts a new period (new nonce, so its old links stop working); a confirmed one is
    unchanged and, with ``notify_subscribed``, is told so by email. Raises InvalidAddress. Returns
    nothing on purpose: the subscription page must not branch on the address's state.
    """
    email = normalise_email(address)
    wanted = {
        "language": preferences.language,
        "format": preferences.format,
        "audio_first": preferences.audio_first,
        "consent_source": source[:200],
    }
    session.execute(
        insert_for(session, Subscriber)
        .values(email=email, status="pending", created_at=now, nonce=new_nonce(), version=0, **wanted)
        .on_conflict_do_nothing(index_elements=[Subscriber.email])
    )
    _renew_unless_confirmed(session, email, wanted)
    _queue_mail(session, email, now, window, notify_subscribed)


def _renew_unless_confirmed(session: Session, email: str, wanted: dict[str, Any]) -> None:
    """Make ``email``'s subscriber pending with ``wanted`` unless confirmed; an ended one starts anew."""
    # One write of the row for every state (a confirmed row is written back unchanged), so that no
    # state answers faster than the others.
    ended = Subscriber.status.in_(ENDED)
    confirmed = Subscriber.status == "confirmed"

    def unless_confirmed(column: Any, value: Any) -> Any:
        return case((confirmed, column), else_=value)

    session.execute(
        update(Subscriber)
        .where(Subscriber.email == email)
        .values(
            status=unless_confirmed(Subscriber.status, "pending"),
            nonce=case((ended, new_nonce()), else_=Subscriber.nonce),
            version=case((ended, Subscriber.version + 1), else_=Subscriber.version),
            confirmed_at=unless_confirmed(Subscriber.confirmed_at, None),
            unsubscribed_at=unless_confirmed(Subscriber.unsubscribed_at, None),
            bounced_at=unless_confirmed(Subscriber.bounced_at, None),
            bounce_reason=unless_confirmed(Subscriber.bounce_reason, None),
            **{name: unless_confirmed(getattr(Subscriber, name), value) for name, value in wanted.items()},
        )
        .execution_options(synchronize_session=False)
    )


def _queue_mail(
    session: Session, email: str, now: datetime, window: timedelta, notify_subscribed: bool
) -> None:
    """Queue the email of ``email`` as due ``now``, unless one was queued within ``window``."""
    when = literal(now, UtcDateTime())
    queued = select(
        Subscriber.id, when, literal("due"), when, literal(0), literal(None), literal(None), literal(None)
    ).where(Subscriber.email == email)
    if not notify_subscribed:
        queued = queued.where(Subscriber.status != "confirmed")
    columns = ["subscriber_id", "requested_at", "state", "due_at", "attempts", "claim", "claimed_until"]
    statement = insert_for(session, SubscriptionMail).from_select([*columns, "last_error"], queued)
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[SubscriptionMail.subscriber_id],
            set_={name: statement.excluded[name] for name in [*columns[1:], "last_error"]},
            where=SubscriptionMail.requested_at <= now - window,
        )
    )


@dataclass(frozen=True)
class QueuedMail:
    """A claimed email: whom it goes to, the claim that owns it, and how often it was tried before."""

    subscriber_id: int
    claim: str
    attempts: int


def queued_mail_for(session: Session, address: str) -> SubscriptionMail | None:
    """The subscription email queued (or sent last) for ``address``, if any."""
    return session.scalar(select(SubscriptionMail).join(Subscriber).where(Subscriber.email == address))


def due_mails(session: Session, now: datetime, limit: int) -> list[int]:
    """Subscribers whose email is due and not claimed by a live sender, oldest first."""
    return list(
        session.scalars(
            select(SubscriptionMail.subscriber_id)
            .where(*_claimable(now))
            .order_by(SubscriptionMail.due_at)
            .limit(limit)
        )
    )


def _claimable(now: datetime) -> tuple[Any, ...]:
    return (
        SubscriptionMail.state == "due",
        SubscriptionMail.due_at <= now,
        or_(SubscriptionMail.claimed_until.is_(None), SubscriptionMail.claimed_until < now),
    )


def _changed(session: Session, statement: Update) -> bool:
    result = session.execute(statement.execution_options(synchronize_session=False))
    return isinstance(result, CursorResult) and result.rowcount == 1


def claim_mail(session: Session, subscriber_id: int, now: datetime, lease: timedelta) -> QueuedMail | None:
    """Claim the due email of ``subscriber_id`` until ``now + lease``; None if another sender has it."""
    claim = secrets.token_hex(8)
    claimed = _changed(
        session,
        update(SubscriptionMail)
        .where(SubscriptionMail.subscriber_id == subscriber_id, *_claimable(now))
        .values(claim=claim, claimed_until=now + lease),
    )
    if not claimed:
        return None
    attempts = session.scalar(
        select(SubscriptionMail.attempts).where(SubscriptionMail.subscriber_id == subscriber_id)
    )
    return QueuedMail(subscriber_id, claim, int(attempts or 0))


def _owned(mail: QueuedMail) -> Update:
    # A request after the window may have queued the email anew meanwhile: then this claim is void.
    return update(SubscriptionMail).where(
        SubscriptionMail.subscriber_id == mail.subscriber_id, SubscriptionMail.claim == mail.claim
    )


def finish_mail(
    session: Session, mail: QueuedMail, state: str, now: datetime, error: str | None = None
) -> None:
    """Record the end of a claimed email: ``sent``, ``failed`` (given up) or ``dropped`` (not wanted)."""
    session.execute(
        _owned(mail).values(
            state=state,
            attempts=SubscriptionMail.attempts + (0 if state == "dropped" else 1),
            sent_at=now if state == "sent" else None,
            last_error=error[:500] if error else None,
            claim=None,
            claimed_until=None,
        )
    )


def retry_mail(session: Session, mail: QueuedMail, due_at: datetime, error: str) -> None:
    """Record a failed attempt of a claimed email and queue it again for ``due_at``."""
    session.execute(
        _owned(mail).values(
            attempts=SubscriptionMail.attempts + 1,
            due_at=due_at,
            last_error=error[:500],
            claim=None,
            claimed_until=None,
        )
    )


def release_mail(session: Session, mail: QueuedMail) -> None:
    """Give a claimed email back unsent and untried (the sender could not start)."""
    session.execute(_owned(mail).values(claim=None, claimed_until=None))


def next_due(session: Session) -> datetime | None:
    """When the earliest queued email can be sent (is due and its sender's lease is over), if any is."""
    ready = case(
        (SubscriptionMail.claimed_until > SubscriptionMail.due_at, SubscriptionMail.claimed_until),
        else_=SubscriptionMail.due_at,
    )
    found: datetime | None = session.scalar(
        select(func.min(type_coerce(ready, UtcDateTime()))).where(SubscriptionMail.state == "due")
    )
    return found
