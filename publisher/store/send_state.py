"""The queries of a newsletter send as a whole: its state and alert, the failure streak, resuming it.

The state lives on the release's row, so the batches of every worker read and change one state;
each change is one UPDATE.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, func, select, update

from publisher.store.database import Store
from publisher.store.deliveries import OPEN
from publisher.store.tables import Delivery, NewsletterRelease, Subscriber

__all__ = [
    "count_failure",
    "end_streak",
    "failure_streak",
    "reinstate_streak",
    "reopen_failed",
    "send_counts",
    "send_state",
    "set_paused",
    "set_stopped",
    "set_waiting",
]

_COUNTED = ("pending", "sent", "deferred", "bounced", "skipped", "failed")


def send_state(connection: Connection, release_id: int) -> tuple[str, str | None] | None:
    """The send's state and its last alert; None when there is no such release."""
    row = connection.execute(
        select(NewsletterRelease.state, NewsletterRelease.alert).where(NewsletterRelease.id == release_id)
    ).first()
    return None if row is None else (row[0], row[1])


def send_counts(store: Store, release_id: int) -> tuple[str, str | None, dict[str, int]] | None:
    """The send's state, its last alert and how many deliveries are in each state; None: no release."""
    with store.engine.connect() as connection:
        state = send_state(connection, release_id)
        if state is None:
            return None
        counts = dict(
            connection.execute(
                select(Delivery.status, func.count())
                .where(Delivery.release_id == release_id)
                .group_by(Delivery.status)
            ).all()
        )
    return state[0], state[1], {status: int(counts.get(status, 0)) for status in _COUNTED}


def failure_streak(connection: Connection, release_id: int) -> tuple[int, str]:
    """Identical failures in a row so far (of all batches and workers) and the send's state."""
    streak, state = connection.execute(
        select(NewsletterRelease.failure_streak, NewsletterRelease.state).where(
            NewsletterRelease.id == release_id
        )
    ).one()
    return int(streak), str(state)


def count_failure(
    connection: Connection, release_id: int, key: str, when: datetime, alert: str | None
) -> int:
    """Count a failure (one more in the streak if it is the same as the last, else the first); the streak.

    ``alert``, when given, becomes the send's alert.
    """
    row = NewsletterRelease
    same = row.failure_key == key
    values: dict[str, Any] = {
        "failure_streak": case((same, row.failure_streak + 1), else_=1),
        "failure_since": case((same, row.failure_since), else_=when),
        "failure_key": key,
    }
    if alert is not None:
        values |= {"alert": alert, "alert_at": when}
    connection.execute(update(row).where(row.id == release_id).values(values))
    return int(connection.execute(select(row.failure_streak).where(row.id == release_id)).scalar_one())


def set_paused(connection: Connection, release_id: int) -> None:
    """The send waits for a retry (unless it was stopped meanwhile)."""
    connection.execute(
        update(NewsletterRelease)
        .where(NewsletterRelease.id == release_id, NewsletterRelease.state != "stopped")
        .values(state="paused")
    )


def set_waiting(connection: Connection, release_id: int) -> None:
    """The send waits for tomorrow's warm-up cap (unless it was stopped meanwhile)."""
    connection.execute(
        update(NewsletterRelease)
        .where(NewsletterRelease.id == release_id, NewsletterRelease.state != "stopped")
        .values(state="waiting")
    )


def set_stopped(connection: Connection, release_id: int, alert: str, when: datetime) -> None:
    """The send is stopped with ``alert`` as the reason; nothing more goes out until it is resumed."""
    connection.execute(
        update(NewsletterRelease)
        .where(NewsletterRelease.id == release_id)
        .values(state="stopped", alert=alert, alert_at=when)
    )


def end_streak(connection: Connection, release_id: int) -> None:
    """A message went through: the streak is over and a paused or waiting send is sending again."""
    row = NewsletterRelease
    connection.execute(
        update(row)
        .where(row.id == release_id)
        .values(failure_streak=0, failure_key=None, failure_since=None,
                state=case((row.state.in_(("paused", "waiting")), "sending"), else_=row.state))
    )  # fmt: skip


def reinstate_streak(connection: Connection, release_id: int) -> None:
    """Undo the bounces of the current streak: those subscribers are confirmed and their rows open again."""
    since = connection.execute(
        select(NewsletterRelease.failure_since).where(NewsletterRelease.id == release_id)
    ).scalar_one()
    if since is None:
        return
    streak = connection.execute(
        select(Delivery.id, Delivery.subscriber_id)
        .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
        .where(Delivery.release_id == release_id, Delivery.status == "bounced", Delivery.failure == "hard",
               Subscriber.status == "bounced", Subscriber.bounced_at >= since)
    ).all()  # fmt: skip
    if not streak:
        return
    connection.execute(
        update(Subscriber)
        .where(Subscriber.id.in_([subscriber for _, subscriber in streak]))
        .values(status="confirmed", bounced_at=None, bounce_reason=None)
    )
    connection.execute(
        update(Delivery)
        .where(Delivery.id.in_([delivery for delivery, _ in streak]))
        .values(status="deferred")
    )


def reopen_failed(store: Store, release_id: int) -> int | None:
    """Open the failed deliveries to confirmed subscribers again and clear the send's alert and streak.

    Returns how many deliveries are open now; None when there is no such release.
    """
    with store.engine.begin() as connection:
        if connection.scalar(select(NewsletterRelease.id).where(NewsletterRelease.id == release_id)) is None:
            return None
        confirmed = select(Subscriber.id).where(Subscriber.status == "confirmed")
        connection.execute(
            update(Delivery)
            .where(Delivery.release_id == release_id, Delivery.status == "failed",
                   Delivery.subscriber_id.in_(confirmed))
            .values(status="pending", failure=None)
        )  # fmt: skip
        connection.execute(
            update(NewsletterRelease)
            .where(NewsletterRelease.id == release_id)
            .values(state="sending", alert=None, alert_at=None, failure_key=None, failure_streak=0,
                    failure_since=None)
        )  # fmt: skip
        count = connection.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(Delivery.release_id == release_id, Delivery.status.in_(OPEN))
        )
    return int(count or 0)
