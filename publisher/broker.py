"""The Celery app every process sends tasks with, configured from the settings.

Tasks are sent by name (``app.signature``, ``app.send_task``): nothing in ``publisher`` imports the
task modules, which live in ``workers/`` and register the tasks on this same app in the worker
processes (``workers.celery_app``). With no broker configured nothing is sent: callers run the
same plain functions in their own process, and Celery is not even imported (it costs more start-up
time than a web page's whole release).

The broker has one queue per channel, so slow audio never waits in front of a web page: ``web``,
``newsletter`` and ``audio`` carry their channel's render and check steps; ``delivery`` the release
step, the sweeper and the newsletter's sending. Sites sharing one broker give each site its own
``queue`` setting: its queues are then named ``<queue>.web`` and so on. A channel without a queue
of its own runs on the site's default queue. A worker started without ``-Q`` consumes them all.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from publisher.settings import Settings, get_settings

if TYPE_CHECKING:
    from celery import Celery

# ``app`` too, made on first use (__getattr__)
__all__ = ["CHANNEL_QUEUES", "all_queues", "configure", "configured_app", "in_process", "queue_for"]

_app: Celery | None = None
_settings: Settings | None = None  # what configure() was given, applied once the app exists
_applied = False

CHANNEL_QUEUES = ("web", "newsletter", "audio", "delivery")
# The default of the ``queue`` setting: its queues take the plain names.
_DEFAULT_QUEUE = "publisher"


def queue_for(settings: Settings, name: str) -> str:
    """The queue of ``name`` (a channel, or ``delivery``) for this site."""
    if name not in CHANNEL_QUEUES:
        return settings.queue
    return name if settings.queue == _DEFAULT_QUEUE else f"{settings.queue}.{name}"


def all_queues(settings: Settings) -> tuple[str, ...]:
    """Every queue of this site."""
    return (settings.queue, *(queue_for(settings, name) for name in CHANNEL_QUEUES))


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
    from kombu import Queue  # type: ignore[attr-defined]

    global _applied
    _applied = True
    broker = settings.broker_url
    if app.conf.broker_url and app.conf.broker_url != (broker or "memory://"):
        _forget_connections(app)
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
        task_queues=[Queue(name, routing_key=name) for name in all_queues(settings)],  # type: ignore[no-untyped-call]
        # The newsletter's sending shares the delivery queue with the release step.
        task_routes={"publisher.newsletter.*": {"queue": queue_for(settings, "delivery")}},
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


def _forget_connections(app: Celery) -> None:
    """Close and drop the pools and result backend made for the broker the app pointed at before.

    Celery makes them on first use and keeps them: a process that is pointed at another broker
    (the API app for a new site, a test after another test) would otherwise still send to the old
    one. kombu keeps the pools too, in groups of the whole process keyed by the broker's address:
    they leave those groups with the app, or a process pointed back at that broker would be handed
    the closed pool again ("Acquire on closed pool").
    """
    from kombu import pools
    from kombu.utils.collections import eqhash

    # The address the pools were made for: the app's settings still name the old broker here.
    previous = eqhash(app.connection_for_write())  # type: ignore[no-untyped-call]
    for group in (pools.producers, pools.connections):  # producers first: they hold connections
        pool = dict.pop(group, previous, None)
        if pool is not None:
            pool.force_close_all()
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    app._backend_cache = None
    app._local = threading.local()


def configured_app() -> Celery:
    """The app, configured from the process's settings unless a caller configured it already."""
    app = _celery()
    if not _applied:
        _apply(app, _settings or get_settings())
    return app


def in_process() -> bool:
    """True when no broker is configured: work runs in this process, nothing is sent."""
    return not (_settings or get_settings()).broker_url
