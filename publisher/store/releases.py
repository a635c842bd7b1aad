"""Queries on release records: insert, read, and move a release or one of its channels on.

Every move is a conditional UPDATE (``... WHERE state IN (...)``): of two workers handed the same
step (a redelivered task, two sweepers), exactly one sees its update counted and does the work.
Plain SQL in a ``Transaction``, so recording a release on the embedded SQLite database needs no ORM.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from publisher.store.release_rows import ReleaseChannel, ReleaseRecord, columns, from_row
from publisher.store.transactions import Transaction, placeholders

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

_RECORD_COLUMNS = ", ".join(columns(ReleaseRecord))
_CHANNEL_COLUMNS = ", ".join(columns(ReleaseChannel))
_SELECT_RECORDS = f"SELECT {_RECORD_COLUMNS} FROM releases"


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


def insert_release(transaction: Transaction, new: NewRelease, now: datetime) -> ReleaseRecord:
    """Store a new release in state ``queued`` with one queued row per channel."""
    values: dict[str, Any] = {
        "id": new.id, "slug": new.slug, "title": new.title, "article_json": new.article_json,
        "source_name": new.source_name, "channels": ",".join(new.channels), "embargo": new.embargo,
        "queued_by": new.queued_by, "partial": new.partial, "send": new.send, "out_dir": new.out_dir,
        "staging": new.staging, "state": "queued", "reason": None, "report_json": None,
        "queued_at": now, "updated_at": now, "released_at": None, "sends": 0,
    }  # fmt: skip
    names = ", ".join(f":{name}" for name in columns(ReleaseRecord))
    transaction.count(f"INSERT INTO releases ({_RECORD_COLUMNS}) VALUES ({names})", **values)
    for name, data in new.files.items():  # after the release row: they refer to it
        transaction.count(
            "INSERT INTO release_files (release_id, name, data) VALUES (:release_id, :name, :data)",
            release_id=new.id, name=name, data=data,
        )  # fmt: skip
    for channel in new.channels:
        transaction.count(
            "INSERT INTO release_channels (release_id, channel, state, attempts, updated_at, findings_json,"
            " artifacts_json) VALUES (:release_id, :channel, 'queued', 0, :now, '[]', '[]')",
            release_id=new.id, channel=channel, now=now,
        )  # fmt: skip
    record = release_record(transaction, new.id)
    assert record is not None
    return record


def release_record(transaction: Transaction, release_id: str, *, lock: bool = False) -> ReleaseRecord | None:
    """The release ``release_id``; with ``lock`` its row stays locked until the transaction ends."""
    sql = f"{_SELECT_RECORDS} WHERE id = :id" + (transaction.for_update if lock else "")
    rows = transaction.rows(sql, id=release_id)
    return from_row(ReleaseRecord, transaction, rows[0]) if rows else None


def release_records(transaction: Transaction, states: Iterable[str] | None = None) -> list[ReleaseRecord]:
    """Every release (or those in ``states``), oldest first."""
    where, values = "", dict[str, Any]()
    if states is not None:
        listed, values = placeholders("state", states)
        where = f" WHERE state IN {listed}"
    rows = transaction.rows(f"{_SELECT_RECORDS}{where} ORDER BY queued_at, id", **values)
    return [from_row(ReleaseRecord, transaction, row) for row in rows]


def release_channels(transaction: Transaction, release_id: str) -> dict[str, ReleaseChannel]:
    """The channel rows of a release, by channel name."""
    sql = f"SELECT {_CHANNEL_COLUMNS} FROM release_channels WHERE release_id = :id"
    rows = [from_row(ReleaseChannel, transaction, row) for row in transaction.rows(sql, id=release_id)]
    return {row.channel: row for row in rows}


def release_source(transaction: Transaction, release_id: str) -> dict[str, bytes]:
    """The stored source files of a release, by name relative to the Markdown file."""
    rows = transaction.rows("SELECT name, data FROM release_files WHERE release_id = :id", id=release_id)
    return {name: bytes(data) for name, data in rows}


def claim_channel(
    transaction: Transaction,
    release_id: str,
    channel: str,
    from_states: Iterable[str],
    to_state: str,
    now: datetime,
) -> bool:
    """Move a channel from one of ``from_states`` to ``to_state``; False when another step moved it first.

    Entering ``rendering`` counts an attempt.
    """
    changes = ["state = :to_state", "updated_at = :now"]
    if to_state == "rendering":
        changes += ["attempts = attempts + 1", "started_at = :now"]
    listed, states = placeholders("from", from_states)
    moved = transaction.count(
        f"UPDATE release_channels SET {', '.join(changes)} "
        f"WHERE release_id = :id AND channel = :channel AND state IN {listed}",
        to_state=to_state, now=now, id=release_id, channel=channel, **states,
    )  # fmt: skip
    _touch(transaction, release_id, now)
    return moved == 1


def save_channel(
    transaction: Transaction,
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
    transaction.count(
        f"UPDATE release_channels SET {_assignments(ReleaseChannel, values)} "
        "WHERE release_id = :where_id AND channel = :where_channel",
        where_id=release_id, where_channel=channel, **values,
    )  # fmt: skip
    _touch(transaction, release_id, now)


def claim_release(
    transaction: Transaction,
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
    changes: dict[str, Any] = {"state": to_state, "updated_at": now, **values}
    assignments = _assignments(ReleaseRecord, changes)
    listed, states = placeholders("where_state", from_states)
    where = f"id = :where_id AND state IN {listed}"
    if not_moved_since is not None:
        where += " AND updated_at < :where_before"
        assignments += ", sends = sends + 1"
        states["where_before"] = not_moved_since
    sql = f"UPDATE releases SET {assignments} WHERE {where}"
    return transaction.count(sql, where_id=release_id, **states, **changes) == 1


def set_embargo(
    transaction: Transaction,
    release_id: str,
    embargo: datetime | None,
    from_states: Iterable[str],
    now: datetime,
) -> bool:
    """Move a release's embargo, if it is still in one of ``from_states``."""
    listed, states = placeholders("state", from_states)
    moved = transaction.count(
        f"UPDATE releases SET embargo = :embargo, updated_at = :now WHERE id = :id AND state IN {listed}",
        embargo=embargo, now=now, id=release_id, **states,
    )  # fmt: skip
    return moved == 1


def due_releases(transaction: Transaction, now: datetime) -> list[str]:
    """The scheduled releases whose embargo has ended, oldest embargo first."""
    sql = "SELECT id FROM releases WHERE state = 'scheduled' AND embargo <= :now ORDER BY embargo"
    return [row[0] for row in transaction.rows(sql, now=now)]


def stale_releases(transaction: Transaction, states: Iterable[str], before: datetime) -> list[ReleaseRecord]:
    """Releases in ``states`` that have not moved since ``before`` (their work was lost or stuck)."""
    listed, values = placeholders("state", states)
    sql = f"{_SELECT_RECORDS} WHERE state IN {listed} AND updated_at < :before ORDER BY updated_at"
    rows = transaction.rows(sql, before=before, **values)
    return [from_row(ReleaseRecord, transaction, row) for row in rows]


def _assignments(kind: type[ReleaseRecord | ReleaseChannel], values: Mapping[str, Any]) -> str:
    """``column = :column, ...``; a name that is no column of the table is a programming error."""
    unknown = set(values) - set(columns(kind))
    if unknown:
        raise ValueError(f"no such column of {kind.__name__}: {', '.join(sorted(unknown))}")
    return ", ".join(f"{name} = :{name}" for name in values)


def _touch(transaction: Transaction, release_id: str, now: datetime) -> None:
    transaction.count("UPDATE releases SET updated_at = :now WHERE id = :id", now=now, id=release_id)
