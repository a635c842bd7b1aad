"""The HTTP app: the subscription pages and the press office API, with security headers and body limits.

The page routes are the subscribers' (``publisher.subscribers.routes``), the API is its own app
mounted at ``/api`` (``publisher.api.press``); this module puts the app together around them:
every response, error pages included, passes the security middleware, each part has its own
body limit, and the sender of queued subscription emails runs for the app's lifetime.
"""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from pydantic import ValidationError
from starlette.types import ASGIApp

from publisher.api.limits import ClientLimit, client_limit_for
from publisher.api.press import API_PREFIX, create_press_api, too_large
from publisher.api.security import BodyLimit, ByPrefix, SecurityHeaders, security_headers
from publisher.errors import ConfigurationError
from publisher.settings import Settings, get_settings
from publisher.store import open_store
from publisher.subscribers.mail_pump import Drain, mail_pump
from publisher.subscribers.pages import Pages, locale_of
from publisher.subscribers.routes import add_subscription_routes
from publisher.tokens import token_signer

__all__ = ["create_app"]


class _SubscriptionApp(FastAPI):
    """FastAPI with middleware outside its own error handling, so that error pages pass through it too."""

    def __init__(self, outer: Callable[[ASGIApp], ASGIApp], **options: Any) -> None:
        super().__init__(**options)
        self._outer = outer

    def build_middleware_stack(self) -> ASGIApp:
        return self._outer(super().build_middleware_stack())


def create_app(
    settings: Settings | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    client_limit: ClientLimit | None = None,
    drain: Drain | None = None,
) -> FastAPI:
    """The subscription app for ``settings``; without them, the process settings or a clear exit.

    Raises ConfigurationError (without a strong signing secret, among others) instead of starting
    an app that could only fail later. ``drain`` replaces the background sender (tests).
    """
    if settings is None:
        # Started by a server (uvicorn --factory): a message and exit status 2, not a traceback.
        try:
            return create_app(get_settings(), clock=clock, client_limit=client_limit, drain=drain)
        except (ConfigurationError, ValidationError) as error:
            print(f"publisher.api: cannot start: {error}", file=sys.stderr)
            raise SystemExit(2) from None
    config = settings
    token_signer(config)  # refuse to start without a strong secret
    store = open_store(config.database_url)
    now = clock or (lambda: datetime.now(UTC))
    limit = client_limit or client_limit_for(config)
    pages = Pages(config)
    pump = mail_pump(config, store, drain, now)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if pump is not None:
            pump.start()
        yield
        if pump is not None:
            pump.stop()

    headers = security_headers(pages.public_url, pages.stylesheet)

    def outer(inner: ASGIApp) -> ASGIApp:
        forms = BodyLimit(inner, config.newsletter.form_max_bytes, lambda r: pages.refused(locale_of(r), 413))
        api = BodyLimit(inner, config.api.max_request_bytes, too_large)
        return SecurityHeaders(ByPrefix(API_PREFIX, api, forms), headers)

    app = _SubscriptionApp(
        outer, title="publisher", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan
    )
    pages.install_error_pages(app)

    def admitted(request: Request, kind: str) -> bool:
        return limit.admit(request.client.host if request.client else "", kind)

    wake = pump.wake if pump is not None else lambda: None
    add_subscription_routes(app, config, store, pages, clock=now, admit=admitted, wake=wake)
    app.mount(API_PREFIX, create_press_api(config, store, now))
    return app
