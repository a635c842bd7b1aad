"""Thin Celery task that sends the queued subscription emails (when the subscription app has a broker).

The database is the queue: the task sends whatever is due, so a duplicate or late task sends
nothing twice, and the app asks again on its next wake for anything still waiting.
"""

from __future__ import annotations

from publisher.settings import get_settings
from publisher.subscribers.mail import send_subscription_mails
from publisher.subscribers.mail_pump import SEND_TASK
from workers.celery_app import app

__all__ = ["send_subscription_mails_task"]


@app.task(name=SEND_TASK, ignore_result=True)
def send_subscription_mails_task() -> None:
    """Send the subscription emails that are due now."""
    send_subscription_mails(get_settings())
