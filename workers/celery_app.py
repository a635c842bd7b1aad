"""The workers' Celery app: the app ``publisher`` sends tasks with, with the task modules registered on it."""

from __future__ import annotations

import threading
from types import FrameType
from typing import Any

from billiard.process import current_process
from celery import platforms
from celery.beat import Service
from celery.signals import beat_init

from publisher.broker import app, configure, queue_for
from publisher.release.record_dispatch import SWEEP_TASK
from publisher.settings import get_settings

__all__ = ["app", "configure", "stop_between_ticks"]

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


@beat_init.connect
def stop_between_ticks(sender: Service, **_: Any) -> None:
    """On SIGTERM or SIGINT, ``celery beat`` stops and saves its schedule, wherever the signal lands.

    Celery's own handler closes the schedule file and then raises SystemExit. Python drops an
    exception raised in a weakref callback or a ``__del__``, and the signal handler runs wherever
    the interpreter is: when the signal lands in one, beat ticks on against the closed file and
    dies with a traceback. Here the handler only marks beat stopped and raises: the exit ends the
    tick at once, or, where it is dropped, the loop ends after the tick. Either way ``Service.start``
    saves and closes the schedule itself. Beat embedded in a worker keeps the worker's signals.
    """
    if current_process().name != "MainProcess" or threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: FrameType | None) -> None:
        sender._is_shutdown.set()  # what Service.stop() sets, without its log line inside a handler
        raise SystemExit()

    platforms.signals.update(SIGTERM=stop, SIGINT=stop)
