"""What the service shows of a release: a typed view of its record, state per channel, findings, links."""

from __future__ import annotations

import json
from datetime import datetime

from pydantic import BaseModel

from publisher.a11y.findings import Finding
from publisher.settings import Settings
from publisher.store.release_rows import ReleaseChannel, ReleaseRecord

__all__ = ["ChannelView", "ReleaseView", "release_view"]


class ChannelView(BaseModel):
    """One channel of a release: its state, attempts, times, findings and files."""

    state: str
    attempts: int
    started_at: datetime | None = None
    finished_at: datetime | None = None
    findings: list[Finding] = []
    error: str | None = None
    artifacts: list[str] = []


class ReleaseView(BaseModel):
    """A release as the press office sees it (the API returns this as JSON)."""

    id: str
    slug: str
    title: str
    state: str
    reason: str | None = None
    embargo: datetime | None = None
    queued_by: str
    queued_at: datetime
    released_at: datetime | None = None
    partial: bool = False
    send: bool = False
    channels: dict[str, ChannelView]
    # page: the article's address (public only once released). The report is no public page: its
    # findings are in ``channels``.
    links: dict[str, str] = {}


def release_view(settings: Settings, record: ReleaseRecord, rows: dict[str, ReleaseChannel]) -> ReleaseView:
    """The view of one release record and its channel rows."""
    page = f"{settings.site.base_url}{record.slug}/"
    links = {"page": page}
    channels = {
        name: ChannelView(
            state=row.state,
            attempts=row.attempts,
            started_at=row.started_at,
            finished_at=row.finished_at,
            findings=[Finding.model_validate(item) for item in json.loads(row.findings_json)],
            error=row.error,
            artifacts=json.loads(row.artifacts_json),
        )
        for name in record.channels.split(",")
        if (row := rows.get(name)) is not None
    }
    return ReleaseView(
        id=record.id, slug=record.slug, title=record.title, state=record.state, reason=record.reason,
        embargo=record.embargo, queued_by=record.queued_by, queued_at=record.queued_at,
        released_at=record.released_at, partial=record.partial, send=record.send, channels=channels,
        links=links,
    )  # fmt: skip
