"""The queries of a newsletter send's rows: the releases to send and one delivery per subscriber.

What a refusal means and when a send stops are ``publisher.delivery``'s decisions; this module only
reads and writes the rows (the state of a send as a whole is ``send_state``'s). The statements run
per message are built once (a send of 10,000 subscribers runs them 10,000 times); every change of
a row is one UPDATE.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Row, bindparam, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from publisher.store.bounces import record_event
from publisher.store.database import Store
from publisher.store.subscribers import encode_topics
from publisher.store.tables import Delivery, NewsletterRelease, Subscriber

__all__ = [
    "OPEN",
    "NewsletterToSend",
    "OpenDelivery",
    "bounce_subscriber",
    "count_soft_bounce",
    "fail_deliveries",
    "failed_open_deliveries",
    "mark_delivery",
    "mark_sent",
    "mark_skipped",
    "newest_of_slugs",
    "newsletter_sends",
    "newsletter_to_send",
    "open_deliveries",
    "plan_deliveries",
    "queue_newsletter",
    "release_article",
    "reset_soft_bounces",
    "reset_soft_bounces_of",
    "sent_since",
    "unsent_deliveries",
]

# The states of a delivery that is still to be sent.
OPEN = ("pending", "deferred")


# --- releases and their deliveries ----------------------------------------------------------------


def queue_newsletter(
    store: Store,
    *,
    slug: str,
    digest: str,
    article_json: str,
    audio_url: str | None,
    audio_seconds: int | None,
    now: datetime,
) -> int:
    """The id of the newsletter release of this article text (``digest``), created on first use."""
    query = select(NewsletterRelease.id).where(
        NewsletterRelease.slug == slug, NewsletterRelease.digest == digest
    )
    with store.session() as session:
        existing = session.scalar(query)
        if existing is not None:
            return existing
    try:
        with store.session() as session:
            release = NewsletterRelease(
                slug=slug,
                digest=digest,
                article_json=article_json,
                created_at=now,
                audio_url=audio_url,
                audio_seconds=audio_seconds,
                message_salt=secrets.token_hex(8),
            )
            session.add(release)
            session.flush()
            return release.id
    except IntegrityError:  # another process queued the same article a moment ago
        with store.session() as session:
            found = session.scalar(query)
            assert found is not None
            return found


def plan_deliveries(store: Store, release_id: int, topics: Sequence[str] = ()) -> list[int]:
    """Plan a delivery for each confirmed subscriber not yet planned who wants the release; the
    subscribers still open, in order.

    Wanted: by those who chose no topics (all), and by those who chose one of ``topics``.
    """
    stored = encode_topics(topics).strip("\n").split("\n") if topics else []
    wanted = or_(
        Subscriber.topics == "", *(Subscriber.topics.contains(f"\n{topic}\n") for topic in stored if topic)
    )
    with store.engine.begin() as connection:
        planned = select(Delivery.subscriber_id).where(Delivery.release_id == release_id)
        new = connection.scalars(
            select(Subscriber.id).where(
                Subscriber.status == "confirmed", wanted, Subscriber.id.not_in(planned)
            )
        ).all()
        if new:
            connection.execute(
                insert(Delivery),
                [
                    {"release_id": release_id, "subscriber_id": sid, "status": "pending", "attempts": 0}
                    for sid in new
                ],
            )
        return list(
            connection.scalars(
                select(Delivery.subscriber_id)
                .where(Delivery.release_id == release_id, Delivery.status.in_(OPEN))
                .order_by(Delivery.subscriber_id)
            ).all()
        )


@dataclass(frozen=True)
class NewsletterToSend:
    """What a batch needs of its release: the article, its audio link, its slug and the send's state."""

    article_json: str
    audio_url: str | None
    audio_seconds: int | None
    slug: str
    state: str
    message_salt: str


def newsletter_to_send(connection: Connection, release_id: int) -> NewsletterToSend | None:
    """The release ``release_id``, or None when there is none."""
    row = connection.execute(
        select(NewsletterRelease.article_json, NewsletterRelease.audio_url,
               NewsletterRelease.audio_seconds, NewsletterRelease.slug, NewsletterRelease.state,
               NewsletterRelease.message_salt)
        .where(NewsletterRelease.id == release_id)
    ).first()  # fmt: skip
    return None if row is None else NewsletterToSend(*row)


def newest_of_slugs(connection: Connection, slugs: Sequence[str]) -> dict[str, NewsletterToSend]:
    """The newest queued release of each of ``slugs`` that has one (the translations of a release)."""
    if not slugs:
        return {}
    newest = (
        select(func.max(NewsletterRelease.id))
        .where(NewsletterRelease.slug.in_(slugs))
        .group_by(NewsletterRelease.slug)
    )
    rows = connection.execute(
        select(NewsletterRelease.article_json, NewsletterRelease.audio_url,
               NewsletterRelease.audio_seconds, NewsletterRelease.slug, NewsletterRelease.state,
               NewsletterRelease.message_salt)
        .where(NewsletterRelease.id.in_(newest))
    ).all()  # fmt: skip
    return {row.slug: NewsletterToSend(*row) for row in rows}


# delivery id, subscriber id, email, status, nonce, language, format, audio_first, soft bounces
OpenDelivery = Row[int, int, str, str, str, str, str, bool, int]


def open_deliveries(
    connection: Connection, release_id: int, subscriber_ids: Sequence[int]
) -> Sequence[OpenDelivery]:
    """The open deliveries of these subscribers with what a message needs; rows tried before come last.

    One address the server keeps refusing so never holds up the rest.
    """
    return connection.execute(
        select(Delivery.id, Subscriber.id, Subscriber.email, Subscriber.status, Subscriber.nonce,
               Subscriber.language, Subscriber.format, Subscriber.audio_first, Subscriber.soft_bounces)
        .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
        .where(Delivery.release_id == release_id, Delivery.status.in_(OPEN),
               Delivery.subscriber_id.in_(list(subscriber_ids)))
        .order_by(Delivery.attempts, Delivery.subscriber_id)
    ).all()  # fmt: skip


def sent_since(connection: Connection, since: datetime) -> tuple[int, datetime | None]:
    """How many messages went out since ``since`` (of every release), and when the first one ever did."""
    count = connection.scalar(select(func.count()).select_from(Delivery).where(Delivery.sent_at >= since))
    first = connection.scalar(select(func.min(Delivery.sent_at)))
    return int(count or 0), first


# Built once: per message only the parameters change.
_MARK = (
    update(Delivery)
    .where(Delivery.id == bindparam("delivery"))
    .values(status=bindparam("state"), last_error=bindparam("error"), failure=bindparam("verdict"),
            sent_at=bindparam("when"), attempts=Delivery.attempts + 1)
)  # fmt: skip
# Accepted messages recorded together; a row recorded already (a journal taken over twice) stays as it is.
_MARK_SENT = (
    update(Delivery)
    .where(Delivery.id == bindparam("delivery"), or_(*(Delivery.status == state for state in OPEN)))
    .values(status="sent", last_error=None, failure=None, sent_at=bindparam("when"),
            attempts=Delivery.attempts + 1)
)  # fmt: skip
_SKIP = update(Delivery).where(Delivery.id == bindparam("delivery")).values(status="skipped")
_SOFT_BOUNCES_OVER = update(Subscriber).where(Subscriber.id == bindparam("subscriber")).values(soft_bounces=0)


def mark_delivery(
    connection: Connection,
    delivery_id: int,
    state: str,
    *,
    error: str | None = None,
    verdict: str | None = None,
    when: datetime | None = None,
) -> None:
    """Record one attempt at a delivery: ``sent`` (at ``when``), ``deferred`` or ``bounced`` (with why)."""
    parameters = {"delivery": delivery_id, "state": state, "error": error, "verdict": verdict, "when": when}
    connection.execute(_MARK, parameters)


def mark_sent(connection: Connection, sent: Sequence[tuple[int, datetime]]) -> int:
    """Record these deliveries (id, when accepted) as sent in one executemany; how many changed."""
    if not sent:
        return 0
    result = connection.execute(_MARK_SENT, [{"delivery": delivery, "when": when} for delivery, when in sent])
    return max(int(result.rowcount), 0)


def mark_skipped(connection: Connection, delivery_id: int) -> None:
    """The subscriber left before their message was sent: nothing is sent to them."""
    connection.execute(_SKIP, {"delivery": delivery_id})


def reset_soft_bounces(connection: Connection, subscriber_id: int) -> None:
    """A mailbox that takes mail again starts its count of soft bounces anew."""
    connection.execute(_SOFT_BOUNCES_OVER, {"subscriber": subscriber_id})


def reset_soft_bounces_of(connection: Connection, subscriber_ids: Sequence[int]) -> None:
    """Start the soft-bounce counts of these subscribers anew (one executemany)."""
    if subscriber_ids:
        connection.execute(_SOFT_BOUNCES_OVER, [{"subscriber": sid} for sid in subscriber_ids])


def bounce_subscriber(
    connection: Connection, subscriber_id: int, when: datetime, reason: str, release_id: int | None = None
) -> None:
    """The subscriber's address is gone: they get nothing more (the event is recorded)."""
    connection.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id)
        .values(status="bounced", bounced_at=when, bounce_reason=reason)
    )
    record_event(connection, subscriber_id, kind="hard", source="smtp", reason=reason, when=when,
                 release_id=release_id)  # fmt: skip


def failed_open_deliveries(
    connection: Connection, release_id: int, subscriber_ids: Sequence[int] | None = None
) -> Sequence[Row[int, int, str | None, str | None]]:
    """The open deliveries (of ``subscriber_ids``) with their last failure's verdict and error."""
    query = select(Delivery.id, Delivery.subscriber_id, Delivery.failure, Delivery.last_error).where(
        Delivery.release_id == release_id, Delivery.status.in_(OPEN)
    )
    if subscriber_ids is not None:
        query = query.where(Delivery.subscriber_id.in_(list(subscriber_ids)))
    return connection.execute(query).all()


def count_soft_bounce(
    connection: Connection,
    subscriber_id: int,
    limit: int,
    when: datetime,
    reason: str,
    *,
    source: str = "smtp",
    status: str | None = None,
    release_id: int | None = None,
) -> None:
    """One more newsletter not delivered to a full mailbox; at ``limit`` in a row the address bounces."""
    record_event(connection, subscriber_id, kind="soft", source=source, reason=reason, when=when,
                 status=status, release_id=release_id)  # fmt: skip
    connection.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id)
        .values(soft_bounces=Subscriber.soft_bounces + 1)
    )
    connection.execute(
        update(Subscriber)
        .where(Subscriber.id == subscriber_id, Subscriber.status == "confirmed",
               Subscriber.soft_bounces >= limit)
        .values(status="bounced", bounced_at=when, bounce_reason=reason)
    )  # fmt: skip


def fail_deliveries(connection: Connection, delivery_ids: Sequence[int], reason: str) -> None:
    """These deliveries are ``failed``; each keeps its own last error, else gets ``reason``."""
    connection.execute(
        update(Delivery)
        .where(Delivery.id.in_(list(delivery_ids)))
        .values(status="failed", last_error=func.coalesce(Delivery.last_error, reason))
    )


# --- what the commands show --------------------------------------------------------------------------


def release_article(store: Store, release_id: int) -> str | None:
    """The article (JSON) a release sends."""
    with store.engine.connect() as connection:
        return connection.scalar(
            select(NewsletterRelease.article_json).where(NewsletterRelease.id == release_id)
        )


def newsletter_sends(store: Store) -> list[tuple[int, str]]:
    """Every newsletter release (id, slug), newest first."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(NewsletterRelease.id, NewsletterRelease.slug).order_by(NewsletterRelease.id.desc())
        ).all()
    return [(int(number), str(slug)) for number, slug in rows]


def unsent_deliveries(store: Store, release_id: int) -> list[tuple[str, str, int, str | None]]:
    """Each delivery of the release not sent (open, failed, bounced): address, state, attempts, last error."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(Subscriber.email, Delivery.status, Delivery.attempts, Delivery.last_error)
            .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
            .where(Delivery.release_id == release_id, Delivery.status.in_((*OPEN, "failed", "bounced")))
            .order_by(Delivery.status, Subscriber.email)
        ).all()
    return [(email, status, int(attempts), error) for email, status, attempts, error in rows]
