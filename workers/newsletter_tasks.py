"""Thin Celery tasks for sending a newsletter: plan the batches, then one task per batch.

Tasks take ids and re-read state from the database, so a retried or redelivered task
sends only what is still open (see ``publisher.delivery``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from celery import group

from publisher import delivery
from publisher.newsletter.smtp import TemporaryFailure
from publisher.settings import get_settings
from publisher.store import open_store
from workers.celery_app import app

__all__ = ["deliver_batch", "send_newsletter"]


@app.task(name="publisher.newsletter.send", ignore_result=True)
def send_newsletter(release_id: int) -> None:
    """Fan the open deliveries of a release out into batch tasks."""
    settings = get_settings()
    batches = delivery.plan_batches(
        open_store(settings.database_url), release_id, settings.newsletter.batch_size
    )
    if batches:
        group(deliver_batch.s(release_id, batch) for batch in batches).apply_async()


@app.task(
    bind=True,
    name="publisher.newsletter.deliver_batch",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(TemporaryFailure,),
    retry_backoff=60,
    retry_jitter=True,
    max_retries=5,
)
def deliver_batch(self: Any, release_id: int, subscriber_ids: list[int]) -> None:
    """Send one batch; deferred (4xx) rows retry with backoff, a warm-up cap waits for the next day."""
    settings = get_settings()
    result = delivery.deliver_batch(settings, release_id, subscriber_ids)
    if result.capped:
        tomorrow = datetime.combine(datetime.now(UTC).date() + timedelta(days=1), datetime.min.time(), UTC)
        raise self.retry(eta=tomorrow, max_retries=None)
    if result.deferred:
        delay = settings.newsletter.retry_backoff * 2**self.request.retries
        raise self.retry(countdown=delay, max_retries=settings.newsletter.max_retries)
