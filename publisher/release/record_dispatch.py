"""Sending a recorded release's steps to the workers, by task name and release id, each on its queue.

A release is a chord over lanes, one per channel, each a chain of render and check steps on its
channel's queue, and one release step on the ``delivery`` queue (which fills in what a channel
shows of another's output rendered beside it). The tasks behind these names live in ``workers.release_tasks``.
"""

from __future__ import annotations

import threading
from typing import Any

from publisher.broker import configured_app, queue_for
from publisher.release.dispatch import channel_lanes
from publisher.settings import Settings

__all__ = [
    "RECORD_CHECK_TASK",
    "RECORD_FINISH_TASK",
    "RECORD_RENDER_TASK",
    "SWEEP_TASK",
    "send_finish",
    "send_steps",
]

RECORD_RENDER_TASK = "publisher.release.render"
RECORD_CHECK_TASK = "publisher.release.check"
RECORD_FINISH_TASK = "publisher.release.finish"
SWEEP_TASK = "publisher.release.sweep"

# Sending a chord takes a producer from the broker pool and, for its group, a second one: threads
# sending at once (an app's request threads) each hold one and wait for another until the pool is
# dry, and then wait forever. A send takes milliseconds, so one at a time per process costs nothing.
_SENDING = threading.Lock()


def steps_canvas(settings: Settings, release_id: str, channels: tuple[str, ...]) -> Any:
    """The canvas of a recorded release (not yet sent)."""
    from celery import chain, chord, group  # only when a broker carries the work

    app = configured_app()

    def step(task: str, channel: str) -> Any:
        return app.signature(task, (release_id, channel), immutable=True, queue=queue_for(settings, channel))

    lanes = [
        chain(*(step(task, name) for name in lane for task in (RECORD_RENDER_TASK, RECORD_CHECK_TASK)))
        for lane in channel_lanes(channels)
    ]
    finish = app.signature(
        RECORD_FINISH_TASK, (release_id,), immutable=True, queue=queue_for(settings, "delivery")
    )
    return chord(group(lanes), finish)


def send_steps(settings: Settings, release_id: str, channels: tuple[str, ...]) -> None:
    """Send every step of a recorded release to the workers (safe from many threads at once)."""
    with _SENDING:
        steps_canvas(settings, release_id, channels).apply_async()


def send_finish(settings: Settings, release_id: str) -> None:
    """Send the release step alone (an embargo ended, or the step was lost)."""
    configured_app().signature(RECORD_FINISH_TASK, (release_id,)).apply_async(
        queue=queue_for(settings, "delivery")
    )
