"""Thin Celery tasks: each calls one plain function of ``publisher.pipeline``."""

from __future__ import annotations

from typing import Any

from publisher import pipeline
from workers.celery_app import app

__all__ = ["check", "finish", "release", "render"]


@app.task(name="publisher.render", ignore_result=True)
def render(release_folder: str, channel: str) -> None:
    pipeline.render_channel(release_folder, channel)


@app.task(name="publisher.check", ignore_result=True)
def check(release_folder: str, channel: str) -> None:
    pipeline.check_channel(release_folder, channel)


@app.task(name="publisher.release")
def release(release_folder: str, channel: str) -> dict[str, Any]:
    return pipeline.release_channel(release_folder, channel)


@app.task(name="publisher.finish")
def finish(_lane_results: list[Any], release_folder: str) -> dict[str, Any]:
    # Outcomes are re-read from the staging folder: a lane's result is only its last channel's.
    return pipeline.finish_release(release_folder)
