"""A release as a Celery canvas: per channel render -> check -> release, joined by a chord."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from celery import chain, chord, group
from celery.result import AsyncResult

from publisher.channels import get_channel
from publisher.staging import StagedRelease
from workers.tasks import check, finish, release, render

__all__ = ["close_result_listener", "release_canvas", "run_release", "schedule_release", "send_release"]


def release_canvas(staged: StagedRelease) -> Any:
    """The canvas for one staged release (not yet sent).

    Each lane runs render -> check -> release for its channels in turn; a channel that waits
    for another (``Channel.after``) joins that channel's lane, the other lanes run in parallel.
    """
    folder = str(staged.folder)
    lanes = [
        chain(*(step.si(folder, name) for name in lane for step in (render, check, release)))
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
    return result


def schedule_release(staged: StagedRelease, eta: datetime) -> None:
    """Queue the release's canvas to run on the workers at ``eta`` (an embargo's end)."""
    release_canvas(staged).apply_async(eta=eta)


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
