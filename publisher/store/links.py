"""What a subscriber's signed link may change, each change made at most once and only from its own state.

Every change is one conditional UPDATE (compare and set on id, nonce, state and version), so a
replayed, late or concurrent link can never undo a later change: the loser of a race changes nothing.

* A confirmation link confirms a *pending* subscriber at the state version it was sent for.
* An unsubscribe link ends the current period of a pending or confirmed subscriber.
* A preferences link changes the preferences of a confirmed subscriber.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import CursorResult, Update, update
from sqlalchemy.orm import Session

from publisher.store.subscribers import Preferences, encode_topics
from publisher.store.tables import Subscriber
from publisher.tokens import ConfirmIdentity, InvalidToken

__all__ = [
    "LinkOutcome",
    "change_preferences_by_link",
    "confirm_by_link",
    "confirmation_state",
    "unsubscribe_by_link",
]


@dataclass(frozen=True)
class LinkOutcome:
    """What using a link did: ``changed`` is False when the subscriber was already in the wanted state."""

    subscriber: Subscriber
    changed: bool


def _owner(session: Session, subscriber_id: int, nonce: str) -> Subscriber:
    subscriber = session.get(Subscriber, subscriber_id, populate_existing=True)
    if subscriber is None or not hmac.compare_digest(subscriber.nonce, nonce):
        raise InvalidToken("the link is no longer valid")
    return subscriber


def _changed(session: Session, statement: Update) -> bool:
    result = session.execute(statement.execution_options(synchronize_session=False))
    return isinstance(result, CursorResult) and result.rowcount == 1


def confirmation_state(session: Session, identity: ConfirmIdentity) -> Literal["open", "done"]:
    """Whether a confirmation link can still confirm ("open") or its subscriber is confirmed ("done").

    Raises InvalidToken for a link that was used and overtaken by a later change, or is revoked.
    """
    subscriber = _owner(session, identity.subscriber_id, identity.nonce)
    if subscriber.status == "pending" and subscriber.version == identity.version:
        return "open"
    if subscriber.status == "confirmed":
        return "done"
    raise InvalidToken("the confirmation link was used or is outdated")


def confirm_by_link(session: Session, identity: ConfirmIdentity, now: datetime) -> LinkOutcome:
    """Confirm the pending subscriber a confirmation link was sent to; raises InvalidToken."""
    changed = _changed(
        session,
        update(Subscriber)
        .where(
            Subscriber.id == identity.subscriber_id,
            Subscriber.nonce == identity.nonce,
            Subscriber.version == identity.version,
            Subscriber.status == "pending",
        )
        .values(status="confirmed", confirmed_at=now, unsubscribed_at=None, version=Subscriber.version + 1),
    )
    if changed:
        return LinkOutcome(_owner(session, identity.subscriber_id, identity.nonce), True)
    if confirmation_state(session, identity) == "done":
        return LinkOutcome(_owner(session, identity.subscriber_id, identity.nonce), False)
    raise InvalidToken("the confirmation link was used or is outdated")


def unsubscribe_by_link(session: Session, identity: tuple[int, str], now: datetime) -> LinkOutcome:
    """End the subscription of a link's owner; unchanged (not revived) when it already ended."""
    subscriber_id, nonce = identity
    changed = _changed(
        session,
        update(Subscriber)
        .where(
            Subscriber.id == subscriber_id,
            Subscriber.nonce == nonce,
            Subscriber.status.in_(("pending", "confirmed")),
        )
        .values(status="unsubscribed", unsubscribed_at=now, version=Subscriber.version + 1),
    )
    return LinkOutcome(_owner(session, subscriber_id, nonce), changed)


def change_preferences_by_link(
    session: Session, identity: tuple[int, str], preferences: Preferences
) -> Subscriber:
    """Store new preferences for a confirmed link owner; raises InvalidToken when no longer subscribed."""
    subscriber_id, nonce = identity
    changed = _changed(
        session,
        update(Subscriber)
        .where(Subscriber.id == subscriber_id, Subscriber.nonce == nonce, Subscriber.status == "confirmed")
        .values(
            language=preferences.language,
            format=preferences.format,
            audio_first=preferences.audio_first,
            topics=encode_topics(preferences.topics),
        ),
    )
    subscriber = _owner(session, subscriber_id, nonce)
    if not changed:
        raise InvalidToken("the address is no longer subscribed")
    return subscriber
