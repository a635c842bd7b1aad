"""A release as a Celery canvas: per channel render -> check, then one step releases them all or none."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from celery import chain, chord, group
from celery.result import AsyncResult

from publisher.channels import get_channel
from publisher.release.staging import StagedRelease, load_release
from publisher.release.steps import is_finished
from workers.tasks import check, finish, render, start
from workers.tracking import track_release

__all__ = [
    "channel_lanes",
    "close_result_listener",
    "release_canvas",
    "run_release",
    "schedule_release",
    "send_release",
    "start_scheduled",
]

_STARTED = "started"


def release_canvas(staged: StagedRelease) -> Any:
    """The canvas for one staged release (not yet sent).

    Each lane runs render -> check for its channels in turn; a channel that reads another's
    output (``Channel.after``) joins that channel's lane, the other lanes run in parallel. The
    chord's one final step releases every channel together, or none.
    """
    folder = str(staged.folder)
    lanes = [
        chain(*(step.si(folder, name) for name in lane for step in (render, check)))
        for lane in channel_lanes(staged.channels)
    ]
    return chord(group(lanes), finish.s(folder))


def channel_lanes(channels: tuple[str, ...]) -> list[list[str]]:
    """Channels grouped into lanes: a channel follows the lane of the first channel it waits for."""
    lane_of: dict[str, list[str]] = {}
    lanes: list[list[str]] = []
    waiting = [name for name in channels if _waits_for(name, channels)]
    for name in channels:
        if name not in waiting:
            lane_of[name] = [name]
            lanes.append(lane_of[name])
    for name in waiting:
        lane = lane_of[_waits_for(name, channels)[0]]
        lane.append(name)
        lane_of[name] = lane
    return lanes


def _waits_for(name: str, channels: tuple[str, ...]) -> list[str]:
    return [other for other in get_channel(name).after if other in channels and other != name]


def send_release(staged: StagedRelease) -> AsyncResult:
    """Send the release's canvas; in eager mode it has run when this returns."""
    result: AsyncResult = release_canvas(staged).apply_async()
    track_release(staged.release_id)
    return result


def schedule_release(staged: StagedRelease, eta: datetime) -> None:
    """Queue the release to start on the workers at ``eta`` (an embargo's end)."""
    (staged.folder / _STARTED).unlink(missing_ok=True)
    start.apply_async((str(staged.folder),), eta=eta)
    track_release(staged.release_id, eta)


def start_scheduled(release_folder: str | Path) -> None:
    """Send a scheduled release's canvas, unless a copy of the start task already did.

    Redis hands an ETA task held past its visibility timeout to another worker as well, so the
    start task may arrive more than once; only the first sends the canvas.
    """
    if is_finished(release_folder):
        return
    staged = load_release(release_folder)
    with staged.lock(_STARTED):
        marker = staged.folder / _STARTED
        if marker.exists():
            return
        release_canvas(staged).apply_async()
        marker.touch(mode=0o600)


def run_release(staged: StagedRelease, timeout: float) -> dict[str, Any]:
    """Send the release's canvas and wait for its report."""
    report: dict[str, Any] = send_release(staged).get(timeout=timeout)
    return report


def close_result_listener() -> None:
    """Stop listening for results before the process exits.

    Results left for garbage collection would otherwise unsubscribe from Redis during
    interpreter shutdown, when the client can no longer connect, and print tracebacks.
    """
    from workers.celery_app import app

    if app.conf.task_always_eager:
        return
    consumer = getattr(app.backend, "result_consumer", None)
    if consumer is not None and hasattr(consumer, "subscribed_to"):
        consumer.stop()
        consumer.subscribed_to.clear()
