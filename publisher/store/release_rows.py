"""A release record and its channel rows as read from the database (plain values, no session behind them)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, TypeVar

from publisher.store.transactions import Row, Transaction

__all__ = ["ReleaseChannel", "ReleaseRecord", "columns", "from_row"]


@dataclass(frozen=True)
class ReleaseRecord:
    """One queued article release: what was asked for, by whom, and where it stands as a whole.

    ``state``: queued (channels being rendered and checked) | scheduled (checked, waiting for its
    embargo) | releasing (its embargo ended, the release step is on its way) | released | partial
    (what passed went out, the rest held) | held | failed | superseded | conflict | unwritable |
    cancelled | withdrawn. The table is ``releases`` (``release_tables`` declares it).
    """

    id: str
    slug: str
    title: str
    article_json: str
    source_name: str  # the Markdown file; its text and images are rows of ``release_files``
    channels: str  # comma-separated, in release order
    embargo: datetime | None
    queued_by: str
    partial: bool
    send: bool
    out_dir: str
    staging: str
    state: str
    reason: str | None
    report_json: str | None  # the typed report once the release ended (report.json's content)
    queued_at: datetime
    updated_at: datetime  # every step moves it on; the sweeper sends again what has not moved for long
    released_at: datetime | None
    sends: int


@dataclass(frozen=True)
class ReleaseChannel:
    """One channel of a release: ``queued -> rendering -> checking -> passed | held | failed ->
    released | withdrawn`` (``withheld`` when it passed but the release as a whole did not go out)."""

    release_id: str
    channel: str
    state: str
    attempts: int
    started_at: datetime | None
    updated_at: datetime
    finished_at: datetime | None
    findings_json: str
    error: str | None
    artifacts_json: str  # the channel's files, relative to the article's public folder once released


_Read = TypeVar("_Read", ReleaseRecord, ReleaseChannel)
_TIMES = frozenset({"embargo", "queued_at", "updated_at", "released_at", "started_at", "finished_at"})
_FLAGS = frozenset({"partial", "send"})


def columns(kind: type[ReleaseRecord | ReleaseChannel]) -> tuple[str, ...]:
    """The table's columns, in the order ``from_row`` reads them."""
    return tuple(field.name for field in fields(kind))


def from_row(kind: type[_Read], transaction: Transaction, row: Row) -> _Read:
    """A row selected with ``columns(kind)``, its times zone-aware and its flags booleans."""
    values: dict[str, Any] = dict(zip(columns(kind), row, strict=True))
    for name in _TIMES.intersection(values):
        values[name] = transaction.time(values[name])
    for name in _FLAGS.intersection(values):
        values[name] = bool(values[name])
    return kind(**values)
