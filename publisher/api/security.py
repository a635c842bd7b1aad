"""Security headers on every response and a size limit on request bodies, as plain ASGI middleware.

The headers wrap the whole app, outside Starlette's error handling, so error pages, 404s and
500s carry them too. The Content-Security-Policy allows no script at all and exactly one
stylesheet, the pages' own, by its SHA-256 hash.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["BodyLimit", "ByPrefix", "SecurityHeaders", "security_headers"]

# No sensor, device or payment feature is used by a subscription form.
_PERMISSIONS = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "picture-in-picture=(), publickey-credentials-get=(), screen-wake-lock=(), usb=(), "
    "xr-spatial-tracking=(), browsing-topics=()"
)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def security_headers(public_url: str, stylesheet: str) -> list[tuple[bytes, bytes]]:
    """The headers every response carries; forms may post only to this app and ``public_url``'s origin."""
    style_hash = base64.b64encode(hashlib.sha256(stylesheet.encode("utf-8")).digest()).decode("ascii")
    policy = "; ".join(
        (
            "default-src 'none'",
            "script-src 'none'",
            f"style-src 'sha256-{style_hash}'",
            "img-src 'self'",
            f"form-action 'self' {_origin(public_url)}",
            "frame-ancestors 'none'",
            "base-uri 'none'",
        )
    )
    headers = {
        "content-security-policy": policy,
        "x-content-type-options": "nosniff",
        # Tokens are in the URLs: no other site may learn them from a Referer.
        "referrer-policy": "no-referrer",
        "x-frame-options": "DENY",
        "permissions-policy": _PERMISSIONS,
        "cross-origin-opener-policy": "same-origin",
        "cross-origin-resource-policy": "same-origin",
        # Pages show addresses and carry tokens: no cache may keep them.
        "cache-control": "no-store",
    }
    if public_url.startswith("https://"):
        headers["strict-transport-security"] = "max-age=31536000"
    return [(name.encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()]


class SecurityHeaders:
    """Sets the security headers on every HTTP response, replacing any a handler set."""

    def __init__(self, app: ASGIApp, headers: list[tuple[bytes, bytes]]) -> None:
        self.app = app
        self.headers = headers
        self._names = {name for name, _ in headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [
                    (name, value) for name, value in message.get("headers", []) if name not in self._names
                ]
                message = {**message, "headers": [*kept, *self.headers]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with the page ``too_large`` makes, before any handler runs.

    The body is read here (at most ``limit`` bytes are kept) and handed on unchanged when it fits,
    so a client that sends no Content-Length, or a false one, is held to the same limit.
    """

    def __init__(self, app: ASGIApp, limit: int, too_large: Callable[[Request], Response]) -> None:
        self.app = app
        self.limit = limit
        self.too_large = too_large

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.limit:
            await self.too_large(Request(scope))(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.limit:
                await self.too_large(Request(scope))(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if delivered:
                return await receive()
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


class ByPrefix:
    """Hands a request to ``matched`` when its path starts with ``prefix``, else to ``other``."""

    def __init__(self, prefix: str, matched: ASGIApp, other: ASGIApp) -> None:
        self.prefix = prefix.rstrip("/")
        self.matched = matched
        self.other = other

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        inside = path == self.prefix or path.startswith(self.prefix + "/")
        await (self.matched if inside else self.other)(scope, receive, send)
