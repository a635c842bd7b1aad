"""Celery workers: the app with the tasks registered on it, each task a thin call of a publisher function."""
