"""Thin Celery tasks: each calls one plain function of ``publisher.release`` (steps, finish)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from celery.signals import task_failure

from publisher.release.finish import finish_release
from publisher.release.staging import load_release
from publisher.release.steps import check_channel, render_channel
from workers.celery_app import app
from workers.tracking import forget_release, mark_stopped

__all__ = ["check", "finish", "render", "start"]


@app.task(name="publisher.render", ignore_result=True)
def render(release_folder: str, channel: str) -> None:
    render_channel(release_folder, channel)


@app.task(name="publisher.check", ignore_result=True)
def check(release_folder: str, channel: str) -> None:
    check_channel(release_folder, channel)


@app.task(name="publisher.finish")
def finish(_lane_results: list[Any], release_folder: str) -> dict[str, Any]:
    # Outcomes are re-read from the staging folder: a lane's result says nothing.
    report = finish_release(release_folder)
    if report["status"] == "scheduled" and not app.conf.task_always_eager:
        # Sent before its embargo (a clock behind the sender's): queue it again for the embargo's end.
        from workers.canvas import schedule_release

        staged = load_release(release_folder)
        if staged.article.embargo is not None:
            schedule_release(staged, staged.article.embargo)
    elif report["status"] not in ("pending", "unwritable"):
        forget_release(str(report.get("release", "")))
    return report


@app.task(name="publisher.start", ignore_result=True)
def start(release_folder: str) -> None:
    """Send a scheduled release's canvas when its embargo ends (once, however often this arrives)."""
    from workers.canvas import start_scheduled

    start_scheduled(release_folder)


# Which argument of each release task names the release folder.
_FOLDER_ARGUMENT = {"publisher.render": 0, "publisher.check": 0, "publisher.finish": 1, "publisher.start": 0}


@task_failure.connect
def _release_stopped(sender: Any = None, args: Any = None, **_: Any) -> None:
    """A release step that raised ends its chain: note it, so that resume sends the release again."""
    position = _FOLDER_ARGUMENT.get(getattr(sender, "name", ""))
    if position is not None and args and len(args) > position:
        mark_stopped(Path(str(args[position])).name)
