"""Importing a subscriber list in bulk: one transaction, a few statements per thousand rows.

All or nothing: the rows are checked before (``publisher.subscribers.cli``) and written in one
transaction, so an error leaves the database as it was. Each row follows the rules of a single
subscription (``add_subscriber``): a confirmed address keeps its state, one that left or bounced
starts a new period (new nonce, its old links stop working), consent proven elsewhere confirms.
Confirmation emails are queued as the form queues them, at most one per address per window.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, insert, select, update
from sqlalchemy.orm import Session

from publisher.store.subscribers import ENDED, Preferences, encode_topics, new_nonce
from publisher.store.subscription_mails import insert_for
from publisher.store.tables import Subscriber, SubscriptionMail

__all__ = ["ImportRow", "import_subscribers"]

# Rows per statement: SQLite allows 32,766 bound values, a queued email takes 8.
_CHUNK = 1000


@dataclass(frozen=True)
class ImportRow:
    """One checked line of an import: the normalised address, preferences, and proven consent if any."""

    email: str
    preferences: Preferences
    consented_at: datetime | None


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _wanted(row: ImportRow, source: str) -> dict[str, Any]:
    return {
        "language": row.preferences.language, "format": row.preferences.format,
        "audio_first": row.preferences.audio_first, "topics": encode_topics(row.preferences.topics),
        "consent_source": source[:200], "status": "confirmed" if row.consented_at else "pending",
        "confirmed_at": row.consented_at, "unsubscribed_at": None, "bounced_at": None, "bounce_reason": None,
    }  # fmt: skip


def import_subscribers(
    session: Session,
    rows: Sequence[ImportRow],
    *,
    source: str,
    now: datetime,
    window: timedelta,
    queue_mails: bool,
) -> dict[str, int]:
    """Write ``rows`` (the last row of an address wins); return how many addresses end in each state.

    With ``queue_mails`` every address left pending gets its confirmation email queued.
    """
    by_email = {row.email: row for row in rows}
    existing: dict[str, tuple[int, str, int]] = {}
    for chunk in _chunks(list(by_email)):
        found = session.execute(
            select(Subscriber.email, Subscriber.id, Subscriber.status, Subscriber.version).where(
                Subscriber.email.in_(chunk)
            )
        )
        existing.update({email: (number, status, version) for email, number, status, version in found})
    new = [
        {**_wanted(row, source), "email": email, "created_at": now, "nonce": new_nonce(), "version": 0}
        for email, row in by_email.items()
        if email not in existing
    ]
    changed = [_changed_row(by_email[email], source, *state) for email, state in existing.items()]
    _write(session.connection(), new, [row for row in changed if row])
    if queue_mails:
        _queue_confirmations(
            session,
            [email for email, row in by_email.items() if _ends_pending(row, existing.get(email))],
            now,
            window,
        )
    counts: dict[str, int] = {}
    for email, row in by_email.items():
        state = existing.get(email)
        status = "confirmed" if state and state[1] == "confirmed" else _wanted(row, source)["status"]
        counts[status] = counts.get(status, 0) + 1
    return counts


def _write(connection: Connection, new: list[dict[str, Any]], updates: list[dict[str, Any]]) -> None:
    """Insert the new addresses and update the known ones, many rows per statement."""
    # Core statements, executemany: the ORM's bulk paths cost more than the database itself here.
    for chunk in _chunks(new):
        connection.execute(insert(Subscriber), list(chunk))
    for keys in {tuple(sorted(row)) for row in updates}:  # one statement per shape of row
        same = [row for row in updates if tuple(sorted(row)) == keys]
        values: dict[str, Any] = {key: bindparam(f"new_{key}") for key in keys if key != "id"}
        connection.execute(
            update(Subscriber).where(Subscriber.id == bindparam("new_id")).values(values),
            [{f"new_{key}": value for key, value in row.items()} for row in same],
        )


def _ends_pending(row: ImportRow, state: tuple[int, str, int] | None) -> bool:
    return row.consented_at is None and (state is None or state[1] != "confirmed")


def _changed_row(row: ImportRow, source: str, number: int, status: str, version: int) -> dict[str, Any]:
    """The update of an address already stored, or ``{}`` when it stays as it is (confirmed)."""
    if status == "confirmed":
        return {}
    values = {**_wanted(row, source), "id": number}
    if status in ENDED:
        values.update(nonce=new_nonce(), version=version + 1)
    elif row.consented_at is not None:  # a pending confirmation link must stop confirming
        values.update(version=version + 1)
    return values


def _queue_confirmations(session: Session, emails: list[str], now: datetime, window: timedelta) -> None:
    ids: list[int] = []
    for chunk in _chunks(emails):
        ids += session.scalars(select(Subscriber.id).where(Subscriber.email.in_(chunk))).all()
    mail = {"requested_at": now, "state": "due", "due_at": now, "attempts": 0, "claim": None,
            "claimed_until": None, "last_error": None}  # fmt: skip
    for chunk in _chunks(ids):
        statement = insert_for(session, SubscriptionMail).values(
            [{"subscriber_id": i, **mail} for i in chunk]
        )
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[SubscriptionMail.subscriber_id],
                set_={name: statement.excluded[name] for name in mail},
                where=SubscriptionMail.requested_at <= now - window,
            )
        )
