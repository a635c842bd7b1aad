"""Thin Celery tasks of a release: each calls one plain function of ``publisher.release``.

The canvas that chains them is built by name in ``publisher.release.dispatch``; these are the tasks
behind those names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery.signals import task_failure

from publisher.release.dispatch import (
    CHECK_TASK,
    FINISH_TASK,
    RENDER_TASK,
    START_TASK,
    after_finish,
    start_scheduled,
)
from publisher.release.finish import finish_release
from publisher.release.steps import check_channel, render_channel
from publisher.release.tracking import mark_stopped
from workers.celery_app import app

__all__ = ["check", "finish", "render", "start"]


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
