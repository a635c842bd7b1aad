"""The press office's HTTP API as its own FastAPI app, mounted at ``/api`` beside the subscription pages.

It answers in JSON only (errors included) and publishes its OpenAPI document at
``/api/openapi.json``; its endpoints need a bearer token (``publisher.api.auth``) except the
health check, which a load balancer or compose file asks without one.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.requests import Request

from publisher import __version__
from publisher.api.auth import bearer_holder
from publisher.api.release_bodies import request_body_schemas
from publisher.api.releases import refusal, releases_router, service_errors
from publisher.errors import Problem
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

    api.include_router(releases_router(config, bearer_holder(store), clock))
    _document_request_bodies(api)
    for error, handler in service_errors().items():
        api.add_exception_handler(error, handler)
    api.add_exception_handler(RequestValidationError, _invalid_request)
    return api


def _document_request_bodies(api: FastAPI) -> None:
    """Add the schemas of the bodies an endpoint reads itself (``openapi_extra``) to the document."""
    generate = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is None:
            document = generate()
            document.setdefault("components", {}).setdefault("schemas", {}).update(request_body_schemas())
            api.openapi_schema = document
        return api.openapi_schema

    api.openapi = openapi  # type: ignore[method-assign]


def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    """422 in the shape of every other refusal: each problem names the field at fault."""
    assert isinstance(error, RequestValidationError)
    problems = [
        Problem(Path("request"), str(item["msg"]), field=".".join(str(part) for part in item["loc"]))
        for item in error.errors()
    ]
    return refusal(422, "; ".join(f"field '{p.field}': {p.message}" for p in problems), problems)
