"""The subscription app's background sender: queued subscription emails go out after the answer.

A daemon thread wakes when a request queued an email, when a retry falls due, and every
``newsletter.mail_poll_seconds`` (for emails queued by other processes). Without a broker it
sends them itself; with one it hands the sending to a Celery worker, so the public web process
needs no SMTP password. Either way the database is the queue: a failed hand-over or send is
logged and tried again on the next wake, never lost.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from publisher.settings import Settings
from publisher.store import Store
from publisher.store.subscription_mails import due_mails, next_due
from publisher.subscribers.mail import send_subscription_mails

__all__ = ["SEND_TASK", "MailPump", "celery_handover", "local_sender", "mail_pump"]

log = logging.getLogger("publisher.subscriptions")

SEND_TASK = "publisher.subscriptions.send_mails"

# One pass over the queue; returns when the next queued email falls due, if any.
Drain = Callable[[], datetime | None]


Clock = Callable[[], datetime]


def _utc_now() -> datetime:
    return datetime.now(UTC)


def local_sender(settings: Settings, store: Store, clock: Clock = _utc_now) -> Drain:
    """Send due emails from this process."""

    def drain() -> datetime | None:
        return send_subscription_mails(settings, store, now=clock()).next_due

    return drain


def celery_handover(settings: Settings, store: Store, clock: Clock = _utc_now) -> Drain:
    """Ask a Celery worker (through ``settings.broker_url``) to send the emails, whenever any is due."""
    from celery import Celery

    client = Celery("publisher-subscriptions", broker=settings.broker_url, set_as_current=False)
    client.conf.update(
        task_publish_retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 1},
        broker_connection_retry_on_startup=False,
    )

    def drain() -> datetime | None:
        with store.session() as session:
            due_now = bool(due_mails(session, clock(), 1))
            upcoming = next_due(session)
        if due_now:
            client.send_task(SEND_TASK, queue=settings.queue, ignore_result=True)
            return None  # the worker has it now; the next poll looks again
        return upcoming

    return drain


class MailPump:
    """Runs ``drain`` on a daemon thread when woken, when an email falls due, or every ``poll`` seconds."""

    def __init__(self, drain: Drain, poll: float, clock: Clock = _utc_now) -> None:
        self.drain = drain
        self.poll = poll
        self.clock = clock
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="subscription-mail", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Look at the queue now (a request has just queued an email)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        wait = 0.0
        while not self._stop.is_set():
            self._wake.wait(wait)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                due = self.drain()
            except Exception:  # the thread must outlive any failure; the queue keeps the emails
                log.exception("subscription emails could not be sent now; trying again later")
                due = None
            wait = self.poll
            if due is not None:
                wait = min(self.poll, max(0.0, (due - self.clock()).total_seconds()))


def mail_pump(
    settings: Settings, store: Store, drain: Drain | None = None, clock: Clock = _utc_now
) -> MailPump | None:
    """The app's sender: ``drain`` if given, else Celery with a broker, else SMTP from this process."""
    if drain is None and settings.broker_url:
        drain = celery_handover(settings, store, clock)
    elif drain is None and settings.newsletter.smtp_url:
        drain = local_sender(settings, store, clock)
    if drain is None:
        log.warning(
            "neither PUBLISHER_NEWSLETTER__SMTP_URL nor PUBLISHER_BROKER_URL is set: subscription emails "
            "are queued in the database and sent once one of them is"
        )
        return None
    return MailPump(drain, settings.newsletter.mail_poll_seconds, clock)
