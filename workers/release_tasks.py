"""Thin Celery tasks of a release: each calls one plain function of ``publisher.release``.

The canvases that chain them are built by name in ``publisher.release.dispatch`` (a release staged
by ``publisher publish``, by folder) and ``publisher.release.record_dispatch`` (a recorded release,
by id, each step on its channel's queue); these are the tasks behind those names. The recorded
release's tasks are acknowledged after the work and handed to another worker when theirs is
killed; a database or disk error retries with backoff, a bounded number of times.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery.signals import task_failure
from sqlalchemy.exc import SQLAlchemyError

from publisher.release.dispatch import (
    CHECK_TASK,
    FINISH_TASK,
    RENDER_TASK,
    START_TASK,
    after_finish,
    start_scheduled,
)
from publisher.release.finish import finish_release
from publisher.release.record_dispatch import (
    RECORD_CHECK_TASK,
    RECORD_FINISH_TASK,
    RECORD_RENDER_TASK,
    SWEEP_TASK,
)
from publisher.release.record_steps import check_step, finish_step, render_step
from publisher.release.steps import check_channel, render_channel
from publisher.release.sweeper import sweep
from publisher.release.tracking import mark_stopped
from publisher.settings import get_settings
from publisher.store import StoreError
from workers.celery_app import app

__all__ = [
    "check",
    "check_release",
    "finish",
    "finish_release_task",
    "render",
    "render_release",
    "start",
    "sweep_releases",
]

_LIMIT = get_settings().step_time_limit
# Declared on each step of a recorded release: redelivery, bounded retries with backoff, time limits.
_STEP_OPTIONS: dict[str, Any] = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (StoreError, SQLAlchemyError, OSError),
    "max_retries": 5,
    "retry_backoff": 2,
    "retry_backoff_max": 120,
    "retry_jitter": True,
    "soft_time_limit": _LIMIT,
    "time_limit": _LIMIT + 30,
}


@app.task(name=RECORD_RENDER_TASK, ignore_result=True, **_STEP_OPTIONS)
def render_release(release_id: str, channel: str) -> None:
    render_step(get_settings(), release_id, channel)


@app.task(name=RECORD_CHECK_TASK, ignore_result=True, **_STEP_OPTIONS)
def check_release(release_id: str, channel: str) -> None:
    check_step(get_settings(), release_id, channel)


@app.task(name=RECORD_FINISH_TASK, ignore_result=True, **_STEP_OPTIONS)
def finish_release_task(release_id: str) -> None:
    finish_step(get_settings(), release_id)


@app.task(name=SWEEP_TASK, ignore_result=True, acks_late=True, soft_time_limit=60, time_limit=90)
def sweep_releases() -> None:
    """Release the ended embargoes and send the work of stuck releases again (run by beat)."""
    sweep(get_settings())


@app.task(name=RENDER_TASK, ignore_result=True)
def render(release_folder: str, channel: str) -> None:
    render_channel(release_folder, channel)


@app.task(name=CHECK_TASK, ignore_result=True)
def check(release_folder: str, channel: str) -> None:
    check_channel(release_folder, channel)


@app.task(name=FINISH_TASK)
def finish(_lane_results: list[Any], release_folder: str) -> dict[str, Any]:
    # Outcomes are re-read from the staging folder: a lane's result says nothing.
    report = finish_release(release_folder)
    after_finish(release_folder, report)
    return report.as_json()


@app.task(name=START_TASK, ignore_result=True)
def start(release_folder: str) -> None:
    """Send a scheduled release's canvas when its embargo ends (once, however often this arrives)."""
    start_scheduled(release_folder)


# Which argument of each release task names the release folder.
_FOLDER_ARGUMENT = {RENDER_TASK: 0, CHECK_TASK: 0, FINISH_TASK: 1, START_TASK: 0}


@task_failure.connect
def _release_stopped(sender: Any = None, args: Any = None, **_: Any) -> None:
    """A release step that raised ends its chain: note it, so that resume sends the release again."""
    position = _FOLDER_ARGUMENT.get(getattr(sender, "name", ""))
    if position is not None and args and len(args) > position:
        mark_stopped(Path(str(args[position])).name)
