"""Celery app and thin tasks over publisher/ functions."""
