"""How a release's steps run: in this process, or on Celery workers, sent by task name.

On workers a release is a canvas: a chord over lanes, each lane a chain of render and check for one
channel (side by side: a channel that shows facts of another's output, ``Channel.after``, shows
markers until the ``finish`` step fills them in), and one final ``finish`` step that releases
every channel together, or none. The tasks are named here
and registered by ``workers.release_tasks``; without a broker the same plain functions run here, in
the same order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.broker import configured_app, in_process
from publisher.channels import get_channel
from publisher.release.finish import finish_release
from publisher.release.report import ReleaseReport
from publisher.release.staging import StagedRelease, load_release
from publisher.release.steps import check_channel, is_finished, render_channel
from publisher.release.tracking import forget_release, track_release

if TYPE_CHECKING:
    from celery.result import AsyncResult

__all__ = [
    "CHECK_TASK",
    "FINISH_TASK",
    "RENDER_TASK",
    "START_TASK",
    "after_finish",
    "channel_lanes",
    "close_result_listener",
    "release_canvas",
    "run_in_process",
    "run_release",
    "schedule_release",
    "send_release",
    "start_scheduled",
]

# The names workers register the release steps under (``workers.release_tasks``).
RENDER_TASK = "publisher.render"
CHECK_TASK = "publisher.check"
FINISH_TASK = "publisher.finish"
START_TASK = "publisher.start"

_STARTED = "started"


def channel_lanes(channels: tuple[str, ...]) -> list[list[str]]:
    """One lane per channel, those another channel describes first (run in this order in one process).

    Lanes run side by side on workers: a channel rendered before the output it describes is finished
    shows markers that the release step fills in (``publisher.late_values``).
    """
    described = {other for name in channels for other in _outputs_described_by(name, channels)}
    return [[name] for name in sorted(channels, key=lambda name: name not in described)]


def _outputs_described_by(name: str, channels: tuple[str, ...]) -> list[str]:
    return [other for other in get_channel(name).after if other in channels and other != name]


def release_canvas(staged: StagedRelease) -> Any:
    """The canvas of one staged release, by task name (not yet sent)."""
    from celery import chain, chord, group  # only with a broker: a release in this process needs no Celery

    app = configured_app()
    folder = str(staged.folder)
    lanes = [
        chain(*(app.signature(step, (folder, name), immutable=True) for name in lane for step in _STEPS))
        for lane in channel_lanes(staged.channels)
    ]
    return chord(group(lanes), app.signature(FINISH_TASK, (folder,)))


_STEPS = (RENDER_TASK, CHECK_TASK)


def run_in_process(
    staged: StagedRelease, before_step: Callable[[StagedRelease, str], None] | None = None
) -> ReleaseReport:
    """Render and check every channel lane by lane in this process, then finish: no broker involved.

    ``before_step`` is told of the channel before its render and before its check (to record them).
    """
    for lane in channel_lanes(staged.channels):
        for name in lane:
            for step in (render_channel, check_channel):
                if before_step is not None:
                    before_step(staged, name)
                step(staged.folder, name)
    return finish_release(staged.folder)


def send_release(staged: StagedRelease) -> AsyncResult:
    """Send the release's canvas to the workers; its result is the release's report (as JSON data)."""
    result: AsyncResult = release_canvas(staged).apply_async()
    track_release(staged.release_id)
    return result


def run_release(staged: StagedRelease, timeout: float) -> ReleaseReport:
    """Run the release: in this process without a broker, else on the workers, waiting for its report."""
    if in_process():
        return run_in_process(staged)
    return ReleaseReport.model_validate(send_release(staged).get(timeout=timeout))


def schedule_release(staged: StagedRelease, eta: datetime) -> None:
    """Queue the release to start on the workers at ``eta`` (an embargo's end)."""
    (staged.folder / _STARTED).unlink(missing_ok=True)
    configured_app().signature(START_TASK, (str(staged.folder),)).apply_async(eta=eta)
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


def after_finish(release_folder: str, report: ReleaseReport) -> None:
    """What the workers do once the release step decided: schedule again, or let the broker forget it."""
    if report.status == "scheduled":
        # Sent before its embargo (a clock behind the sender's): queue it again for the embargo's end.
        staged = load_release(release_folder)
        if staged.article.embargo is not None:
            schedule_release(staged, staged.article.embargo)
    elif report.status not in ("pending", "unwritable"):
        forget_release(report.release or "")


def close_result_listener() -> None:
    """Stop listening for results before the process exits.

    Results left for garbage collection would otherwise unsubscribe from Redis during
    interpreter shutdown, when the client can no longer connect, and print tracebacks.
    """
    if in_process():
        return
    app = configured_app()
    consumer = getattr(app.backend, "result_consumer", None)
    if consumer is not None and hasattr(consumer, "subscribed_to"):
        consumer.stop()
        consumer.subscribed_to.clear()
