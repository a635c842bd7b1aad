"""What a mailed bounce or complaint changes: whom it proves it is about, and the event with its reason.

A report is believed only about the subscriber it proves: the signed VERP return path it was sent
to, or a signed Message-ID of ours that it quotes (``publisher.delivery.return_paths``). A report
that proves nobody (a stranger's mail, a forged report naming an address) changes nothing and
is said to be ignored. Hard bounces end the subscription at once, complaints too; soft bounces
count towards ``newsletter.soft_bounce_limit``; delays and failures about the sender are recorded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection

from publisher.delivery.bounce_reports import Finding, Report, read_report
from publisher.delivery.return_paths import read_message_key, read_verp
from publisher.settings import Settings
from publisher.signing_key import require_signing_key
from publisher.store import Store, deliveries, open_store
from publisher.store import bounces as bounce_rows

__all__ = ["ReportOutcome", "handle_report"]

Clock = Callable[[], datetime]


@dataclass(frozen=True)
class ReportOutcome:
    """What one mailed message did: ``action`` in words; ``report`` False when it was no report at all."""

    report: bool
    action: str
    subscriber_id: int | None = None
    kind: str | None = None


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _whom(secret: str, report: Report, envelope_recipient: str | None) -> tuple[int | None, str | None]:
    """The subscriber (and release salt) the report proves it is about."""
    for address in ([envelope_recipient] if envelope_recipient else []) + report.envelope:
        subscriber_id = read_verp(secret, address)
        if subscriber_id is not None:
            salt = next(
                (origin.salt for value in report.message_ids if (origin := read_message_key(secret, value))),
                None,
            )
            return subscriber_id, salt
    for value in report.message_ids:
        origin = read_message_key(secret, value)
        if origin is not None:
            return origin.subscriber_id, origin.salt
    return None, None


def _main_finding(report: Report) -> Finding | None:
    # One message has one recipient of ours: the most serious finding speaks for it.
    order = {"complaint": 0, "hard": 1, "soft": 2, "send": 3, "delayed": 4}
    return min(report.findings, key=lambda finding: order[finding.kind], default=None)


def _apply(
    connection: Connection, settings: Settings, finding: Finding, subscriber_id: int,
    release_id: int | None, source: str, when: datetime,
) -> str:  # fmt: skip
    reason = finding.reason or finding.kind
    if finding.kind == "soft":
        limit = settings.newsletter.soft_bounce_limit
        deliveries.count_soft_bounce(connection, subscriber_id, limit, when, reason, source=source,
                                     status=finding.status, release_id=release_id)  # fmt: skip
        return f"soft bounce counted ({reason})"
    bounce_rows.record_event(connection, subscriber_id, kind=finding.kind, source=source, reason=reason,
                             when=when, status=finding.status, release_id=release_id)  # fmt: skip
    if finding.kind == "hard":
        if bounce_rows.bounce_confirmed(connection, subscriber_id, when, reason):
            return f"bounced, no more mail ({reason})"
        return f"hard bounce recorded; no longer subscribed already ({reason})"
    if finding.kind == "complaint":
        if bounce_rows.complain(connection, subscriber_id, when):
            return f"complaint: unsubscribed, no more mail ({reason})"
        return f"complaint recorded; no longer subscribed already ({reason})"
    if finding.kind == "delayed":
        return f"delay recorded, still being tried ({reason})"
    return f"recorded; the failure is about the sender, the subscriber is unchanged ({reason})"


def handle_report(
    settings: Settings,
    raw: bytes,
    *,
    envelope_recipient: str | None = None,
    store: Store | None = None,
    clock: Clock = _utc_now,
) -> ReportOutcome:
    """Read one mailed message and apply the bounce or complaint it proves (``envelope_recipient``: the
    address the mail server delivered it to, the VERP return path, when it passes it on)."""
    secret = require_signing_key(settings)
    report = read_report(raw)
    if report is None:
        return ReportOutcome(False, "ignored: neither a delivery status notification nor a feedback report")
    finding = _main_finding(report)
    if finding is None:
        return ReportOutcome(True, f"ignored: the {report.source} report names no failure")
    subscriber_id, salt = _whom(secret, report, envelope_recipient)
    if subscriber_id is None:
        return ReportOutcome(
            True, "ignored: the report proves no subscriber (no signed return path or Message-ID of ours)"
        )
    store = store or open_store(settings.database_url)
    with store.engine.begin() as connection:
        if not bounce_rows.subscriber_exists(connection, subscriber_id):
            return ReportOutcome(True, "ignored: the subscriber was erased")
        release_id = bounce_rows.release_by_salt(connection, salt) if salt else None
        action = _apply(connection, settings, finding, subscriber_id, release_id, report.source, clock())
    return ReportOutcome(True, action, subscriber_id, finding.kind)
