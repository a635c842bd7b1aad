"""The queries of bounces and complaints: each event recorded with its reason, and what it changes.

A hard bounce ends a confirmed subscription at once (state ``bounced``), a complaint too (state
``unsubscribed``: the reader said they do not want the mail); soft bounces are counted
(``deliveries.count_soft_bounce``). Events about an address that has left already are recorded
and change nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from publisher.store.tables import BounceEvent, NewsletterRelease, Subscriber

__all__ = [
    "bounce_confirmed",
    "bounce_events_of",
    "complain",
    "record_event",
    "release_by_salt",
    "subscriber_by_email",
    "subscriber_exists",
]


def record_event(
    connection: Connection,
    subscriber_id: int,
    *,
    kind: str,
    source: str,
    reason: str,
    when: datetime,
    status: str | None = None,
    release_id: int | None = None,
) -> None:
    """Keep one bounce or complaint with its reason (exported with the subscriber, erased with them)."""
    connection.execute(
        insert(BounceEvent).values(
            subscriber_id=subscriber_id, release_id=release_id, kind=kind, source=source,
            status=(status or None) and status[:16], reason=reason[:500], received_at=when,
        )
    )  # fmt: skip


def bounce_confirmed(connection: Connection, subscriber_id: int, when: datetime, reason: str) -> bool:
    """The address is gone: a subscription still open ends now. True when this ended one."""
    changed = connection.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id, Subscriber.status.in_(("confirmed", "pending")))
        .values(status="bounced", bounced_at=when, bounce_reason=reason[:500], version=Subscriber.version + 1)
    )
    return bool(changed.rowcount)


def complain(connection: Connection, subscriber_id: int, when: datetime) -> bool:
    """The reader marked a newsletter as spam: no more mail to them. True when this ended a subscription."""
    changed = connection.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id, Subscriber.status.in_(("confirmed", "pending")))
        .values(status="unsubscribed", unsubscribed_at=when, version=Subscriber.version + 1)
    )
    return bool(changed.rowcount)


def release_by_salt(connection: Connection, salt: str) -> int | None:
    """The release whose message ids carry ``salt``."""
    return connection.scalar(select(NewsletterRelease.id).where(NewsletterRelease.message_salt == salt))


def subscriber_exists(connection: Connection, subscriber_id: int) -> bool:
    return connection.scalar(select(Subscriber.id).where(Subscriber.id == subscriber_id)) is not None


def subscriber_by_email(connection: Connection, email: str) -> int | None:
    return connection.scalar(select(Subscriber.id).where(Subscriber.email == email.lower()))


def bounce_events_of(session: Session, subscriber_id: int) -> list[dict[str, Any]]:
    """The subscriber's bounces and complaints, oldest first, as JSON-ready data."""
    events = session.scalars(
        select(BounceEvent).where(BounceEvent.subscriber_id == subscriber_id).order_by(BounceEvent.id)
    )
    return [
        {
            "kind": event.kind,
            "source": event.source,
            "status": event.status,
            "reason": event.reason,
            "release_id": event.release_id,
            "received_at": event.received_at.isoformat(),
        }
        for event in events
    ]
