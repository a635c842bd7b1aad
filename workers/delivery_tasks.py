"""Thin Celery tasks for sending a newsletter: plan the batches, then one task per batch.

Tasks take ids and re-read state from the database, so a retried or redelivered task
sends only what is still open (see ``publisher.delivery``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from celery import group

from publisher import delivery
from publisher.delivery.service import SEND_TASK
from publisher.settings import get_settings
from publisher.store import open_store
from workers.celery_app import app

__all__ = ["deliver_batch", "send_newsletter"]


@app.task(name=SEND_TASK, ignore_result=True)
def send_newsletter(release_id: int) -> None:
    """Fan the open deliveries of a release out into batch tasks."""
    settings = get_settings()
    batches = delivery.plan_batches(
        open_store(settings.database_url), release_id, settings.newsletter.batch_size
    )
    if batches:
        group(deliver_batch.s(release_id, batch) for batch in batches).apply_async()


@app.task(bind=True, name="publisher.newsletter.deliver_batch", acks_late=True, ignore_result=True)
def deliver_batch(self: Any, release_id: int, subscriber_ids: list[int], attempt: int = 0) -> None:
    """Send one batch; what is left retries with backoff (``attempt`` counts them), a warm-up cap
    waits for the next day, and after the last retry the rest is marked failed."""
    retry = delivery.run_batch(get_settings(), release_id, subscriber_ids, attempt)
    if isinstance(retry, datetime):
        raise self.retry(args=(release_id, subscriber_ids), kwargs={"attempt": attempt}, eta=retry,
                         max_retries=None)  # fmt: skip
    if retry is not None:
        raise self.retry(args=(release_id, subscriber_ids), kwargs={"attempt": attempt + 1}, countdown=retry,
                         max_retries=None)  # fmt: skip
