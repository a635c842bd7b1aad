"""The Celery app. With no broker configured every canvas runs in-process (eager)."""

from __future__ import annotations

from celery import Celery

from publisher.settings import Settings, get_settings

__all__ = ["app", "configure"]

app = Celery("publisher", include=["workers.tasks", "workers.newsletter_tasks", "workers.subscription_tasks"])


def configure(settings: Settings) -> Celery:
    """Point the app at the configured broker, or make it run tasks in-process."""
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


configure(get_settings())
