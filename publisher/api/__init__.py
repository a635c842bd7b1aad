"""The subscription web app: subscribe, confirm, preferences, unsubscribe.

Run with ``uvicorn --factory publisher.api:create_app``.
"""

from publisher.api.app import create_app

__all__ = ["create_app"]
