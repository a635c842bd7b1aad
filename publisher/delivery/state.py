"""The state of a newsletter send: the circuit breaker, alerts, the last retry, resuming, the summary.

A release is ``sending`` until every delivery has a final state (``finished``). A failure about
the send itself (policy, reputation, the server, the connection) raises an alert: an error in
the log and the release's ``alert``, shown by the report and ``publisher subscribers deliveries``.
``paused`` means the send waits for a retry, ``waiting`` for tomorrow's warm-up cap, and
``stopped`` that the circuit breaker tripped (or no retry can help): the rest stays open until
``publisher subscribers resume`` sends it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection

from publisher.delivery.journal import take_over_journals
from publisher.delivery.replies import Verdict
from publisher.delivery.smtp import SmtpFailure
from publisher.errors import ConfigurationError
from publisher.settings import Settings
from publisher.store import Store, deliveries, send_state

__all__ = [
    "OPEN",
    "Breaker",
    "DeliverySummary",
    "delivery_summary",
    "give_up",
    "mark_waiting",
    "resume_release",
    "stop_release",
]

log = logging.getLogger("publisher.delivery")

OPEN = deliveries.OPEN


@dataclass(frozen=True)
class DeliverySummary:
    """Counts per delivery state of one release, its state and its last alert, for the release report."""

    release_id: int
    state: str = "sending"
    pending: int = 0
    sent: int = 0
    deferred: int = 0
    bounced: int = 0
    skipped: int = 0
    failed: int = 0
    alert: str | None = None

    @property
    def outcome(self) -> str:
        """``sent``, ``not sent`` (nothing reached anyone), ``stopped``, ``in progress`` or ``nobody``."""
        if self.state == "stopped":
            return "stopped"
        if self.state != "finished":
            return "in progress"
        if self.sent:
            return "sent"
        return "not sent" if self.bounced + self.failed else "nobody"

    def as_dict(self) -> dict[str, Any]:
        return {
            "release_id": self.release_id, "state": self.state, "outcome": self.outcome,
            "sent": self.sent, "deferred": self.deferred, "bounced": self.bounced, "skipped": self.skipped,
            "failed": self.failed, "pending": self.pending, "alert": self.alert,
        }  # fmt: skip


def delivery_summary(store: Store, release_id: int) -> DeliverySummary:
    """How many deliveries of the release are in each state, and how the send stands."""
    found = send_state.send_counts(store, release_id)
    if found is None:
        raise ConfigurationError(f"there is no newsletter release {release_id}")
    state, alert, numbers = found
    state = state if numbers["pending"] + numbers["deferred"] else "finished"
    return DeliverySummary(release_id=release_id, state=state, alert=alert, **numbers)


class Breaker:
    """Counts identical failures in a row for one release; at ``threshold`` the send stops.

    The count lives on the release row, so the batches of all workers add to one streak; an
    accepted message ends it. Failures about the send raise the release's alert.
    """

    def __init__(self, connection: Connection, release_id: int, slug: str, settings: Settings) -> None:
        self.connection = connection
        self.release_id = release_id
        self.slug = slug
        self.threshold = settings.newsletter.breaker_threshold
        self.streak, self.state = send_state.failure_streak(connection, release_id)
        self.dirty = self.streak > 0 or self.state in ("paused", "waiting")

    def failed(self, failure: SmtpFailure, when: datetime) -> int:
        """Count ``failure`` (and raise the alert if it is about the send); the streak it makes."""
        about_the_send = failure.verdict in (Verdict.SEND, Verdict.UNSURE)
        alert = _clip(f"{failure} ({_STAGES[failure.stage]})") if about_the_send else None
        self.streak = send_state.count_failure(self.connection, self.release_id, failure.key, when, alert)
        self.dirty = True
        if about_the_send and self.streak == 1:
            log.error(
                "newsletter release %s (%s): the SMTP server refused the send, not a subscriber: %s "
                "(no subscriber is changed for it)",
                self.release_id, self.slug, failure,
            )  # fmt: skip
        return self.streak

    def trip(self, failure: SmtpFailure) -> None:
        """Stop the send after ``failure``; undo the bounces of a streak of identical "bad address" answers.

        A server that answers "no such user" to one address after another is more likely broken
        than the subscribers gone: those addresses are reinstated and retried on resume.
        """
        if failure.verdict is Verdict.HARD:
            send_state.reinstate_streak(self.connection, self.release_id)
        why = "no retry can help" if failure.final else f"{self.streak} identical failures in a row"
        stop_release(self.connection, self.release_id, f"{why}: {failure}", slug=self.slug)
        self.state = "stopped"

    def pause(self) -> None:
        """The batch ends here and is retried later."""
        if self.state != "stopped":
            send_state.set_paused(self.connection, self.release_id)
            self.state = "paused"

    def accepted(self) -> None:
        """A message went through: the streak is over and a paused send is sending again."""
        if not self.dirty:
            return
        send_state.end_streak(self.connection, self.release_id)
        self.streak, self.dirty = 0, False


_STAGES = {
    "connect": "connecting",
    "login": "at the login",
    "mail": "at MAIL FROM",
    "rcpt": "at RCPT TO",
    "data": "at DATA",
    "message": "after the message",
}


def _clip(text: str) -> str:
    return text if len(text) <= 500 else text[:499] + "…"


def stop_release(connection: Connection, release_id: int, why: str, *, slug: str = "") -> None:
    """Stop the send: nothing more goes out until it is resumed; ``why`` becomes the alert."""
    send_state.set_stopped(connection, release_id, _clip(why), datetime.now(UTC))
    log.error(
        "newsletter release %s%s stopped: %s; nothing more is sent until: publisher subscribers resume %s",
        release_id, f" ({slug})" if slug else "", why, release_id,
    )  # fmt: skip


def mark_waiting(connection: Connection, release_id: int) -> None:
    """The warm-up cap of the day is reached: the rest waits for tomorrow."""
    send_state.set_waiting(connection, release_id)


def give_up(
    store: Store, settings: Settings, release_id: int, subscriber_ids: list[int] | None = None
) -> int:
    """After the last retry: every open delivery (of ``subscriber_ids``) is ``failed``, with its reason.

    A full mailbox counts as a soft bounce; ``soft_bounce_limit`` of them in a row bounce the
    address. A stopped send is left open for resuming. Returns how many deliveries failed.
    """
    limit = settings.newsletter.soft_bounce_limit
    now = datetime.now(UTC)
    with store.engine.connect() as connection:
        # A message a killed batch journaled was sent: it is not marked failed (and resent on resume).
        take_over_journals(settings, connection, release_id)
    with store.engine.begin() as connection:
        found = send_state.send_state(connection, release_id)
        if found is None:
            raise ConfigurationError(f"there is no newsletter release {release_id}")
        state, alert = found
        if state == "stopped":
            return 0
        rows = deliveries.failed_open_deliveries(connection, release_id, subscriber_ids)
        for _, subscriber_id, failure, last_error in rows:
            if failure == Verdict.SOFT:
                reason = _clip(f"{limit} newsletters in a row not delivered: {last_error}")
                deliveries.count_soft_bounce(
                    connection, subscriber_id, limit, now, reason, release_id=release_id
                )
        reason = _clip(f"not sent: {alert}" if alert else "not sent: the retries ran out")
        deliveries.fail_deliveries(connection, [row[0] for row in rows], reason)
    return len(rows)


def resume_release(store: Store, release_id: int) -> int:
    """Let a stopped or given-up send go on: failed deliveries to confirmed subscribers are open again.

    Returns how many deliveries are open now.
    """
    count = send_state.reopen_failed(store, release_id)
    if count is None:
        raise ConfigurationError(f"there is no newsletter release {release_id}")
    return count
