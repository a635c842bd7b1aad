"""The steps of a recorded release (render, check, release), each moving its database record on.

The plain steps (``publisher.release.steps`` and ``finish``) do the work on the staging folder under
its file locks; these wrap them with the record: a step first claims its move with a conditional
UPDATE, so a redelivered or duplicated task finds the work done (or claimed) and returns. Workers
call them by release id (``workers.release_tasks``); without a broker ``run_here`` calls them in
order in this process.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from publisher.model import Article
from publisher.release.dispatch import channel_lanes
from publisher.release.finish import finish_release
from publisher.release.report import ChannelReport, ReleaseReport
from publisher.release.staging import ChannelState
from publisher.release.steps import check_channel, render_channel
from publisher.settings import Settings
from publisher.sources import SourceArticle
from publisher.store import Transaction, transaction
from publisher.store.releases import claim_channel, claim_release, release_record, save_channel

__all__ = ["IN_PROGRESS", "check_step", "finish_step", "record_outcome", "render_step", "run_here"]

# The states of a release whose channels are still being rendered and checked, or being released.
IN_PROGRESS = ("queued", "releasing")
# What a release step's report status becomes in the record (pending: back to the queue).
_RECORD_STATE = {"pending": "queued", "unwritable": "unwritable"}


def render_step(settings: Settings, release_id: str, channel: str) -> None:
    """Render one channel of a recorded release (again, if a killed worker left it in ``rendering``)."""
    with transaction(settings.database_url) as records:
        record = release_record(records, release_id)
        if record is None or record.state not in IN_PROGRESS:
            return
        folder = record.staging
        if not claim_channel(
            records, release_id, channel, ("queued", "rendering", "failed"), "rendering", _now()
        ):
            return
    state = render_channel(folder, channel)
    _save(settings, release_id, state)


def check_step(settings: Settings, release_id: str, channel: str) -> None:
    """Check one rendered channel of a recorded release."""
    with transaction(settings.database_url) as records:
        record = release_record(records, release_id)
        if record is None or record.state not in IN_PROGRESS:
            return
        folder = record.staging
    state = check_channel(folder, channel)
    _save(settings, release_id, state)


def finish_step(settings: Settings, release_id: str) -> ReleaseReport | None:
    """Release every channel together (or what may go out alone, for a partial release), or none.

    Returns the release's report, or None when the record is not in progress (cancelled, ended).
    """
    with transaction(settings.database_url) as records:
        record = release_record(records, release_id)
        if record is None or not claim_release(records, release_id, IN_PROGRESS, "releasing", _now()):
            return None
        folder, out_dir, send = record.staging, Path(record.out_dir), record.send
    report = finish_release(folder)
    if report.status == "released" and send and not report.already_finished:
        from publisher.release.newsletter_send import send_newsletter  # loads the send's parts when asked

        article = Article.model_validate_json(record.article_json)
        source = SourceArticle(article=article, path=Path(record.source_name))
        report = send_newsletter(settings, out_dir, source, report)
    record_outcome(settings, release_id, report)
    return report


def run_here(settings: Settings, release_id: str, channels: tuple[str, ...]) -> ReleaseReport | None:
    """Every step of a recorded release in this process, lane by lane: no broker involved."""
    for lane in channel_lanes(channels):
        for name in lane:
            render_step(settings, release_id, name)
            check_step(settings, release_id, name)
    return finish_step(settings, release_id)


def _save(settings: Settings, release_id: str, state: ChannelState) -> None:
    status = {"pending": "queued", "rendered": "checking"}.get(state.status, state.status)
    with transaction(settings.database_url) as records:
        save_channel(
            records, release_id, state.channel, _now(), state=status, error=state.error,
            findings_json=json.dumps([finding.model_dump(mode="json") for finding in state.findings]),
            artifacts_json=json.dumps(state.files),
        )  # fmt: skip


def record_outcome(settings: Settings, release_id: str, report: ReleaseReport) -> None:
    """Move a release being released to its outcome: its state, each channel's state and findings."""
    state = _RECORD_STATE.get(report.status, report.status)
    if report.status == "released" and any(
        channel.status != "released" for channel in report.channels.values()
    ):
        state = "partial"
    now = _now()
    with transaction(settings.database_url) as records:
        claim_release(
            records, release_id, ("releasing",), state, now, reason=report.reason,
            report_json=None if state in ("queued", "scheduled") else report.to_json().decode(),
            released_at=now if state in ("released", "partial") else None,
        )  # fmt: skip
        if state in ("queued", "scheduled"):  # not decided yet: the channels keep their step's state
            return
        for name, channel in report.channels.items():
            _save_outcome(records, release_id, name, channel, now)


def _save_outcome(
    records: Transaction, release_id: str, name: str, channel: ChannelReport, now: datetime
) -> None:
    findings = json.dumps([finding.model_dump(mode="json") for finding in channel.findings])
    state = channel.status if channel.status != "pending" else "queued"
    save_channel(
        records,
        release_id,
        name,
        now,
        state=state,
        error=channel.error,
        findings_json=findings,
        ends_step=False,
    )


def _now() -> datetime:
    return datetime.now(UTC)
