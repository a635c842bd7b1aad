"""Sending a whole release: in this process with retries, or one batch at a time as a worker task does."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from publisher.broker import configure, configured_app
from publisher.channels.newsletter.content import AudioLink
from publisher.delivery.batches import deliver_batch, plan_batches, queue_release
from publisher.delivery.preflight import require_safe_sending
from publisher.delivery.smtp import SmtpTarget
from publisher.delivery.state import (
    DeliverySummary,
    delivery_summary,
    give_up,
    log,
    resume_release,
    stop_release,
)
from publisher.errors import ConfigurationError
from publisher.model import Article
from publisher.settings import Settings
from publisher.store import Store, open_store
from publisher.tokens import token_signer

__all__ = [
    "SEND_TASK",
    "check_sending",
    "resume_send",
    "run_batch",
    "send_on_workers",
    "send_queued",
    "send_release",
]

# The task that fans a release out into batches on the workers (``workers.delivery_tasks``).
SEND_TASK = "publisher.newsletter.send"


def check_sending(settings: Settings) -> None:
    """Raise ConfigurationError unless these settings can send: an SMTP URL that parses, a secret key.

    Called before anything is released, so a send that cannot start never follows a release.
    """
    url = settings.newsletter.smtp_url
    if not url:
        raise ConfigurationError(
            "--send needs an SMTP server: set PUBLISHER_SMTP_URL (or newsletter.smtp_url), "
            "e.g. smtp://user:password@mail.example.org:587; nothing was released"
        )
    SmtpTarget.parse(url)
    token_signer(settings)
    require_safe_sending(settings)


def send_release(
    settings: Settings,
    article: Article,
    *,
    audio: AudioLink | None = None,
    store: Store | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> DeliverySummary:
    """Send ``article`` to every confirmed subscriber in this process; see ``send_queued``.

    On workers (``send_on_workers``) the same happens with one task per batch.
    """
    store = store or open_store(settings.database_url)
    return send_queued(settings, queue_release(store, article, audio), store=store, sleep=sleep)


def send_queued(
    settings: Settings,
    release_id: int,
    *,
    store: Store | None = None,
    sleep: Callable[[float], None] = time.sleep,
    progress: Callable[[DeliverySummary], None] | None = None,
) -> DeliverySummary:
    """Send a queued release, retrying what is left with backoff; after the last retry it is ``failed``.

    Returns at once when the send is stopped (circuit breaker) or the warm-up cap of the day is
    reached, with those deliveries still open.
    """
    store = store or open_store(settings.database_url)
    config = settings.newsletter
    delay = config.retry_backoff
    for attempt in range(config.max_retries + 1):
        retry = False
        for batch in plan_batches(store, release_id, config.batch_size):
            result = deliver_batch(settings, release_id, batch, store=store)
            if progress is not None:
                progress(delivery_summary(store, release_id))
            if result.stopped or result.capped:
                return delivery_summary(store, release_id)
            retry = retry or result.retry
            if result.paused:  # the other batches would meet the same server now
                break
        if not retry:
            break
        if attempt == config.max_retries:
            give_up(store, settings, release_id)
            break
        log.warning(
            "newsletter release %s: not everyone could be reached yet; trying again in %g s "
            "(retry %d of %d)", release_id, delay, attempt + 1, config.max_retries,
        )  # fmt: skip
        try:
            sleep(delay)
        except KeyboardInterrupt:
            with store.engine.begin() as connection:
                stop_release(connection, release_id, "interrupted while waiting to retry")
            raise
        delay *= 2
    return delivery_summary(store, release_id)


def run_batch(
    settings: Settings,
    release_id: int,
    subscriber_ids: list[int],
    attempt: int,
    *,
    store: Store | None = None,
) -> float | datetime | None:
    """One batch as a worker runs it: seconds until its retry, the time to go on (warm-up), or None: done.

    After the last retry the batch's open deliveries are ``failed``; settings that cannot send, or
    a message that cannot be built, stop the release with that as its alert instead of failing the
    task unseen.
    """
    store = store or open_store(settings.database_url)
    try:
        result = deliver_batch(settings, release_id, subscriber_ids, store=store)
    except (ConfigurationError, ValueError) as error:  # ValueError: a message that cannot be built
        with store.engine.begin() as connection:
            stop_release(connection, release_id, f"the worker cannot send: {error}")
        return None
    if result.capped:
        return datetime.combine(datetime.now(UTC).date() + timedelta(days=1), datetime.min.time(), UTC)
    if not result.retry:
        return None
    if attempt >= settings.newsletter.max_retries:
        give_up(store, settings, release_id, subscriber_ids)
        return None
    return float(settings.newsletter.retry_backoff * 2**attempt)


def send_on_workers(release_id: int) -> None:
    """Hand the send of a queued release to the workers, which cut it into batches and send them."""
    configured_app().send_task(SEND_TASK, args=(release_id,))


def resume_send(settings: Settings, release_id: int, *, force: bool = False) -> dict[str, Any]:
    """Go on with a stopped or failed send: what was not sent is sent (here, or queued for the workers).

    A send still under way (sending, paused for a retry, waiting for the warm-up cap on workers) is
    refused unless ``force`` says its workers lost it. Returns the send's summary (``as_dict``), with
    ``outcome: queued`` and the number of ``recipients`` when the workers send it.
    """
    check_sending(settings)
    store = open_store(settings.database_url)
    before = delivery_summary(store, release_id)
    # Workers go on by themselves after a retry's pause or the warm-up cap; without workers
    # nothing continues a send that waits for the cap.
    under_way = ("sending", "paused", "waiting") if settings.broker_url else ("sending", "paused")
    if before.state in under_way and not force:
        raise ConfigurationError(
            f"the send of release {release_id} is still under way ({before.state}, "
            f"{before.pending + before.deferred} to send): its retries go on by themselves; "
            "use --force only if its workers lost it"
        )
    waiting = resume_release(store, release_id)
    if settings.broker_url and waiting:
        configure(settings)
        send_on_workers(release_id)
        return delivery_summary(store, release_id).as_dict() | {"outcome": "queued", "recipients": waiting}
    return send_queued(settings, release_id, store=store).as_dict()
