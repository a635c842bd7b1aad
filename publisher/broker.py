"""The Celery app every process sends tasks with, configured from the settings.

Tasks are sent by name (``app.signature``, ``app.send_task``): nothing in ``publisher`` imports the
task modules, which live in ``workers/`` and register the tasks on this same app in the worker
processes (``workers.celery_app``). With no broker configured nothing is sent: callers run the
same plain functions in their own process, and Celery is not even imported (it costs more start-up
time than a web page's whole release).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from publisher.settings import Settings, get_settings

if TYPE_CHECKING:
    from celery import Celery

__all__ = ["configure", "configured_app", "in_process"]  # and ``app``, made on first use (__getattr__)

_app: Celery | None = None
_settings: Settings | None = None  # what configure() was given, applied once the app exists
_applied = False


def __getattr__(name: str) -> Celery:
    """``broker.app``: the app, created on first use (the workers register their tasks on it)."""
    if name == "app":
        return _celery()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _celery() -> Celery:
    global _app
    if _app is None:
        from celery import Celery

        _app = Celery("publisher")
    return _app


def configure(settings: Settings) -> None:
    """Point the app at the configured broker, or mark it as running everything in-process."""
    global _settings, _applied
    _settings, _applied = settings, False
    if _app is not None:
        _apply(_app, settings)


def _apply(app: Celery, settings: Settings) -> None:
    global _applied
    _applied = True
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


def configured_app() -> Celery:
    """The app, configured from the process's settings unless a caller configured it already."""
    app = _celery()
    if not _applied:
        _apply(app, _settings or get_settings())
    return app


def in_process() -> bool:
    """True when no broker is configured: work runs in this process, nothing is sent."""
    return not (_settings or get_settings()).broker_url
