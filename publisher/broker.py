"""The Celery app every process sends tasks with, configured from the settings.

Tasks are sent by name (``app.signature``, ``app.send_task``): nothing in ``publisher`` imports the
task modules, which live in ``workers/`` and register the tasks on this same app in the worker
processes (``workers.celery_app``). With no broker configured nothing is sent: callers run the
same plain functions in their own process.
"""

from __future__ import annotations

from celery import Celery

from publisher.settings import Settings, get_settings

__all__ = ["app", "configure", "configured_app", "in_process"]

app = Celery("publisher")
_configured = False


def configure(settings: Settings) -> Celery:
    """Point the app at the configured broker, or mark it as running everything in-process."""
    global _configured
    _configured = True
    broker = settings.broker_url
    app.conf.update(
        task_serializer="json",
        result_serializer="json",
        accept_content=["json"],
        # Tasks are safe to run twice (each step re-reads its state), so ack after the work.
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        result_expires=24 * 3600,
        broker_connection_retry_on_startup=True,
        task_default_queue=settings.queue,
        # A step past its limit fails its channel; the hard limit ends a step that ignores that.
        task_soft_time_limit=settings.step_time_limit,
        task_time_limit=settings.step_time_limit + 30,
        # Redis hands the unacknowledged task of a killed worker to another one after this time;
        # it exceeds the step limit, so a step that is still running is never handed out twice.
        broker_transport_options={"visibility_timeout": settings.broker_visibility_timeout},
    )
    if broker:
        app.conf.update(
            broker_url=broker,
            result_backend=settings.result_backend or broker,
            task_always_eager=False,
        )
    else:
        app.conf.update(
            broker_url="memory://",
            result_backend="cache+memory://",
            task_always_eager=True,
            task_eager_propagates=True,
        )
    return app


def configured_app() -> Celery:
    """The app, configured from the process's settings unless a caller configured it already."""
    if not _configured:
        configure(get_settings())
    return app


def in_process() -> bool:
    """True when no broker is configured: work runs in this process, nothing is sent."""
    return bool(configured_app().conf.task_always_eager)
