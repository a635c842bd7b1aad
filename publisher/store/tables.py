"""The database tables of the newsletter: subscribers, releases to send and one delivery per pair."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from publisher.store.base import Base, UtcDateTime

__all__ = [
    "ApiToken",
    "Base",
    "BounceEvent",
    "Delivery",
    "NewsletterRelease",
    "Subscriber",
    "SubscriptionMail",
    "UtcDateTime",
]


class Subscriber(Base):
    """One address with its consent record and preferences; nothing more is kept about a person."""

    __tablename__ = "subscribers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    # pending (awaiting double opt-in) | confirmed | unsubscribed | bounced
    status: Mapped[str] = mapped_column(String(16), default="pending")
    language: Mapped[str] = mapped_column(String(8), default="de")
    # html (HTML with a text part) | text (plain text only)
    format: Mapped[str] = mapped_column(String(8), default="html")
    audio_first: Mapped[bool] = mapped_column(default=False)
    consent_source: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    confirmed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    unsubscribed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    bounced_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    bounce_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    # Releases in a row that could not reach a full mailbox; at newsletter.soft_bounce_limit: bounced.
    soft_bounces: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Part of every token; a new subscription period gets a new nonce, revoking all links sent before.
    nonce: Mapped[str] = mapped_column(String(32))
    # Counts the changes of state; a confirmation link names the version it was sent for and works only then.
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The topics (site kickers and tags) chosen, one per line; empty: every newsletter.
    topics: Mapped[str] = mapped_column(String(1000), default="", server_default="")


class SubscriptionMail(Base):
    """The email a subscription request asks for (confirmation, or "already subscribed"), one per address.

    ``requested_at`` is the last request that queued it: the next one queues a mail only a window later.
    """

    __tablename__ = "subscription_mails"
    __table_args__ = (Index("ix_subscription_mails_state_due", "state", "due_at"),)

    subscriber_id: Mapped[int] = mapped_column(
        ForeignKey("subscribers.id", ondelete="CASCADE"), primary_key=True
    )
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # due (to be sent at due_at) | sent | failed (given up, see last_error) | dropped (no longer wanted)
    state: Mapped[str] = mapped_column(String(16), default="due")
    due_at: Mapped[datetime] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # The sender working on it, until claimed_until: another sender leaves it alone meanwhile.
    claim: Mapped[str | None] = mapped_column(String(32), default=None)
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class NewsletterRelease(Base):
    """An article to be sent as a newsletter; the same article text is one release, whatever the retries."""

    __tablename__ = "newsletter_releases"
    __table_args__ = (UniqueConstraint("slug", "digest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    digest: Mapped[str] = mapped_column(String(64))
    article_json: Mapped[str] = mapped_column(Text)
    # The released spoken version, when there was one at send time (the listen link).
    audio_url: Mapped[str | None] = mapped_column(String(500), default=None)
    audio_seconds: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # Random per release: its messages' ids never repeat those of another database's releases.
    message_salt: Mapped[str] = mapped_column(String(32), default="", server_default="")
    # sending | paused (a failure of the send; retried) | waiting (warm-up cap) | stopped (needs resume)
    state: Mapped[str] = mapped_column(String(16), default="sending", server_default="sending")
    # The last failure about the send itself (never about one subscriber), for the report and the CLI.
    alert: Mapped[str | None] = mapped_column(String(500), default=None)
    alert_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
    # The circuit breaker: how many failures in a row had the same key, since when.
    failure_key: Mapped[str | None] = mapped_column(String(80), default=None)
    failure_streak: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    failure_since: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class Delivery(Base):
    """The state of one release for one subscriber: sent at most once, recorded before the next."""

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("release_id", "subscriber_id"),
        Index("ix_deliveries_release_status", "release_id", "status"),
        Index("ix_deliveries_sent_at", "sent_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("newsletter_releases.id", ondelete="CASCADE"))
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    # pending | sent | deferred (will retry) | bounced (the address is gone) | skipped (no longer
    # subscribed) | failed (not sent after the last retry; last_error says why)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    # Whom the last failure was about: hard | soft | send | unsure (publisher.delivery.replies.Verdict)
    failure: Mapped[str | None] = mapped_column(String(8), default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)


class BounceEvent(Base):
    """One bounce or complaint about a subscriber, from an SMTP answer or a report mailed back later."""

    __tablename__ = "bounce_events"
    __table_args__ = (Index("ix_bounce_events_subscriber", "subscriber_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscriber_id: Mapped[int] = mapped_column(ForeignKey("subscribers.id", ondelete="CASCADE"))
    # The release the bounced message belonged to, when the report names it.
    release_id: Mapped[int | None] = mapped_column(Integer, default=None)
    # hard | soft | complaint | delayed (a report that the message is still being tried; no effect)
    kind: Mapped[str] = mapped_column(String(16))
    # smtp (an answer while sending) | dsn (RFC 3464) | arf (RFC 5965)
    source: Mapped[str] = mapped_column(String(8))
    # The enhanced status code (5.1.1) or the feedback type (abuse), when given.
    status: Mapped[str | None] = mapped_column(String(16), default=None)
    reason: Mapped[str] = mapped_column(String(500))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ApiToken(Base):
    """A bearer token of the press office's HTTP API, kept only as the SHA-256 digest of its value."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Who holds it (a person or a system), shown in listings and recorded on what it queues.
    name: Mapped[str] = mapped_column(String(100), unique=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the token, so that an admin can tell tokens apart without the secret.
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), default=None)
