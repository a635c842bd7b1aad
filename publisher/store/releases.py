"""Queries on release records: insert, read, and move a release or one of its channels on.

Every move is a conditional UPDATE (``... WHERE state IN (...)``): of two workers handed the same
step (a redelivered task, two sweepers), exactly one sees its update counted and does the work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from publisher.store.release_tables import ReleaseChannel, ReleaseFile, ReleaseRecord

__all__ = [
    "NewRelease",
    "claim_channel",
    "claim_release",
    "due_releases",
    "insert_release",
    "release_channels",
    "release_record",
    "release_records",
    "release_source",
    "save_channel",
    "set_embargo",
    "stale_releases",
]


@dataclass(frozen=True)
class NewRelease:
    """What a release is queued with; the source's files by their name relative to the Markdown file."""

    id: str
    slug: str
    title: str
    article_json: str
    source_name: str
    files: Mapping[str, bytes]
    channels: tuple[str, ...]
    embargo: datetime | None
    queued_by: str
    partial: bool
    send: bool
    out_dir: str
    staging: str


def insert_release(session: Session, new: NewRelease, now: datetime) -> ReleaseRecord:
    """Store a new release in state ``queued`` with one queued row per channel."""
    record = ReleaseRecord(
        id=new.id, slug=new.slug, title=new.title, article_json=new.article_json,
        source_name=new.source_name, channels=",".join(new.channels), embargo=new.embargo,
        queued_by=new.queued_by, partial=new.partial, send=new.send, out_dir=new.out_dir,
        staging=new.staging, state="queued", queued_at=now, updated_at=now, sends=0,
    )  # fmt: skip
    session.add(record)
    session.flush()  # the release row first: its files and channels refer to it
    session.add_all(ReleaseFile(release_id=new.id, name=name, data=data) for name, data in new.files.items())
    session.add_all(
        ReleaseChannel(release_id=new.id, channel=name, state="queued", attempts=0, updated_at=now,
                       findings_json="[]", artifacts_json="[]")
        for name in new.channels
    )  # fmt: skip
    session.flush()
    return record


def release_record(session: Session, release_id: str, *, lock: bool = False) -> ReleaseRecord | None:
    """The release ``release_id``; with ``lock`` its row stays locked until the session ends."""
    query = select(ReleaseRecord).where(ReleaseRecord.id == release_id)
    if lock:
        query = query.with_for_update()
    return session.scalars(query).one_or_none()


def release_records(session: Session, states: Iterable[str] | None = None) -> list[ReleaseRecord]:
    """Every release (or those in ``states``), oldest first."""
    query = select(ReleaseRecord).order_by(ReleaseRecord.queued_at, ReleaseRecord.id)
    if states is not None:
        query = query.where(ReleaseRecord.state.in_(list(states)))
    return list(session.scalars(query))


def release_channels(session: Session, release_id: str) -> dict[str, ReleaseChannel]:
    """The channel rows of a release, by channel name."""
    rows = session.scalars(select(ReleaseChannel).where(ReleaseChannel.release_id == release_id))
    return {row.channel: row for row in rows}


def release_source(session: Session, release_id: str) -> dict[str, bytes]:
    """The stored source files of a release, by name relative to the Markdown file."""
    rows = session.scalars(select(ReleaseFile).where(ReleaseFile.release_id == release_id))
    return {row.name: row.data for row in rows}


def claim_channel(
    session: Session, release_id: str, channel: str, from_states: Iterable[str], to_state: str, now: datetime
) -> bool:
    """Move a channel from one of ``from_states`` to ``to_state``; False when another step moved it first.

    Entering ``rendering`` counts an attempt.
    """
    values: dict[str, Any] = {"state": to_state, "updated_at": now}
    if to_state == "rendering":
        values.update(attempts=ReleaseChannel.attempts + 1, started_at=now)
    moved = session.execute(
        update(ReleaseChannel)
        .where(
            ReleaseChannel.release_id == release_id,
            ReleaseChannel.channel == channel,
            ReleaseChannel.state.in_(list(from_states)),
        )
        .values(**values)
    )
    _touch(session, release_id, now)
    return _counted(moved)


def save_channel(
    session: Session,
    release_id: str,
    channel: str,
    now: datetime,
    *,
    state: str,
    findings_json: str | None = None,
    error: str | None = None,
    artifacts_json: str | None = None,
    ends_step: bool = True,
) -> None:
    """Record a channel's outcome of a step (its findings, error and files when given).

    ``finished_at`` is when its render and check ended: the outcome of a check sets it, the
    release's outcome (``ends_step=False``) leaves it.
    """
    values: dict[str, Any] = {"state": state, "updated_at": now, "error": error}
    if ends_step and state in ("passed", "held", "failed"):
        values["finished_at"] = now
    if findings_json is not None:
        values["findings_json"] = findings_json
    if artifacts_json is not None:
        values["artifacts_json"] = artifacts_json
    session.execute(
        update(ReleaseChannel)
        .where(ReleaseChannel.release_id == release_id, ReleaseChannel.channel == channel)
        .values(**values)
    )
    _touch(session, release_id, now)


def claim_release(
    session: Session,
    release_id: str,
    from_states: Iterable[str],
    to_state: str,
    now: datetime,
    *,
    not_moved_since: datetime | None = None,
    **values: Any,
) -> bool:
    """Move a release from one of ``from_states`` to ``to_state`` (and set ``values``); False if elsewhere.

    With ``not_moved_since`` only a release that has not moved since then is claimed (and its
    ``sends`` counted): of two sweepers, one sends it again.
    """
    query = update(ReleaseRecord).where(
        ReleaseRecord.id == release_id, ReleaseRecord.state.in_(list(from_states))
    )
    changes: dict[str, Any] = {"state": to_state, "updated_at": now, **values}
    if not_moved_since is not None:
        query = query.where(ReleaseRecord.updated_at < not_moved_since)
        changes["sends"] = ReleaseRecord.sends + 1
    return _counted(session.execute(query.values(**changes)))


def set_embargo(
    session: Session, release_id: str, embargo: datetime | None, from_states: Iterable[str], now: datetime
) -> bool:
    """Move a release's embargo, if it is still in one of ``from_states``."""
    moved = session.execute(
        update(ReleaseRecord)
        .where(ReleaseRecord.id == release_id, ReleaseRecord.state.in_(list(from_states)))
        .values(embargo=embargo, updated_at=now)
    )
    return _counted(moved)


def due_releases(session: Session, now: datetime) -> list[str]:
    """The scheduled releases whose embargo has ended, oldest embargo first."""
    query = (
        select(ReleaseRecord.id)
        .where(ReleaseRecord.state == "scheduled", ReleaseRecord.embargo <= now)
        .order_by(ReleaseRecord.embargo)
    )
    return list(session.scalars(query))


def stale_releases(session: Session, states: Iterable[str], before: datetime) -> list[ReleaseRecord]:
    """Releases in ``states`` that have not moved since ``before`` (their work was lost or stuck)."""
    query = select(ReleaseRecord).where(
        ReleaseRecord.state.in_(list(states)), ReleaseRecord.updated_at < before
    )
    return list(session.scalars(query.order_by(ReleaseRecord.updated_at)))


def _touch(session: Session, release_id: str, now: datetime) -> None:
    session.execute(update(ReleaseRecord).where(ReleaseRecord.id == release_id).values(updated_at=now))


def _counted(result: Any) -> bool:
    return int(getattr(result, "rowcount", 0) or 0) == 1
