"""The press office's HTTP API as its own FastAPI app, mounted at ``/api`` beside the subscription pages.

It answers in JSON only (errors included) and publishes its OpenAPI document at
``/api/openapi.json``; its endpoints need a bearer token (``publisher.api.auth``) except the
health check, which a load balancer or compose file asks without one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from starlette.requests import Request

from publisher import __version__
from publisher.settings import Settings
from publisher.store import Store

__all__ = ["API_PREFIX", "create_press_api", "too_large"]

API_PREFIX = "/api"


def too_large(request: Request) -> JSONResponse:
    """The answer to a request body over ``api.max_request_bytes``, before any handler reads it."""
    return JSONResponse({"detail": "the request body is too large"}, status_code=413)


def create_press_api(config: Settings, store: Store, clock: Callable[[], datetime]) -> FastAPI:
    """The API app for ``config``; the caller mounts it at ``API_PREFIX``."""
    api = FastAPI(
        title="publisher API",
        version=__version__,
        summary="Queue, follow and steer releases of the press office.",
        docs_url=None,  # the interactive pages load scripts from elsewhere, which the policy forbids
        redoc_url=None,
        openapi_url="/openapi.json",
    )

    @api.get("/health", tags=["service"], summary="Whether the app is up")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    return api
