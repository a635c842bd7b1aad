"""The workers' Celery app: the app ``publisher`` sends tasks with, with the task modules registered on it."""

from __future__ import annotations

from publisher.broker import app, configure, queue_for
from publisher.release.record_dispatch import SWEEP_TASK
from publisher.settings import get_settings

__all__ = ["app", "configure"]

app.conf.include = [
    "workers.release_tasks", "workers.delivery_tasks", "workers.subscription_tasks", "workers.search_tasks",
]  # fmt: skip
_settings = get_settings()
configure(_settings)
# Beat (``publisher worker --beat``) runs the sweeper; a sweep not started within one interval is
# dropped, the next one does the same work.
app.conf.beat_schedule = {
    "sweep-releases": {
        "task": SWEEP_TASK,
        "schedule": _settings.sweep_interval,
        "options": {"queue": queue_for(_settings, "delivery"), "expires": _settings.sweep_interval},
    }
}
