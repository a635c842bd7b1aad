"""The workers' Celery app: the app ``publisher`` sends tasks with, with the task modules registered on it."""

from __future__ import annotations

from publisher.broker import app, configure
from publisher.settings import get_settings

__all__ = ["app", "configure"]

app.conf.include = ["workers.release_tasks", "workers.delivery_tasks", "workers.subscription_tasks"]
configure(get_settings())
