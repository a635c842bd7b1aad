"""Limits per client address on the subscription app, shared through Redis by every app process.

The per-address limit on confirmation emails lives in the database (``subscribe_window``); this
module limits how many requests one client may make in ``newsletter.client_window`` seconds:
``subscribe_per_client`` subscriptions and ``links_per_client`` link pages. An IPv6 client counts
by its /64 network (one host gets a whole one). With ``newsletter.limits_url`` (default: the
governor's or broker's Redis) all processes count together; without it each process counts alone.
A refused request gets the localised 429 page before any handler runs.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
import time
from collections.abc import Callable
from typing import Protocol

from publisher.settings import Settings

__all__ = [
    "AdmitAll",
    "ClientLimit",
    "LocalClientLimit",
    "RedisClientLimit",
    "client_key",
    "client_limit_for",
]

_log = logging.getLogger(__name__)
# One counter per (kind, client, window); the first request of a window sets its expiry.
_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""


class ClientLimit(Protocol):
    """Decides whether a client may make one more request of a kind (``"subscribe"``, ``"link"``)."""

    def admit(self, client: str, kind: str) -> bool:
        """True to serve the request; ``client`` is the peer address the server reports."""
        ...


class AdmitAll:
    """No limit per client: only the per-address limit in the database applies."""

    def admit(self, client: str, kind: str) -> bool:
        return True


def client_key(client: str) -> str:
    """The unit a client is counted by: its IPv4 address, or its IPv6 /64 network.

    >>> client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    True
    >>> client_key("192.0.2.7")
    '192.0.2.7'
    """
    try:
        address = ipaddress.ip_address(client)
    except ValueError:
        return client[:64] or "unknown"
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network((address, 64), strict=False))
    return str(address)


class _Quota:
    """How many requests of each kind one client may make per window."""

    def __init__(self, limits: dict[str, int], window: int) -> None:
        self.limits = limits
        self.window = window


class LocalClientLimit(_Quota):
    """Counts in this process only (one app process, or no Redis)."""

    def __init__(
        self, limits: dict[str, int], window: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(limits, window)
        self.clock = clock
        self.counts: dict[tuple[str, str, int], int] = {}
        self.lock = threading.Lock()

    def admit(self, client: str, kind: str) -> bool:
        period = int(self.clock() // self.window)
        key = (kind, client_key(client), period)
        with self.lock:
            if len(self.counts) > 100_000:  # old windows: forget them
                self.counts = {k: v for k, v in self.counts.items() if k[2] == period}
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key] <= self.limits.get(kind, 0)


class RedisClientLimit(_Quota):
    """Counts in Redis, so that every app process behind a load balancer shares one limit."""

    def __init__(self, redis_url: str, limits: dict[str, int], window: int, prefix: str) -> None:
        import redis

        super().__init__(limits, window)
        self.prefix = prefix
        self.count = redis.Redis.from_url(redis_url, socket_timeout=2).register_script(_COUNT)

    def admit(self, client: str, kind: str) -> bool:
        import redis

        period = int(time.time() // self.window)
        key = f"{self.prefix}:{kind}:{client_key(client)}:{period}"
        try:
            count = int(self.count(keys=[key], args=[self.window + 5]))
        except redis.RedisError as error:
            # Serving beats refusing everyone; the per-address limit in the database still holds.
            _log.warning("client limit not counted, Redis unreachable: %s", error)
            return True
        return count <= self.limits.get(kind, 0)


def client_limit_for(settings: Settings) -> ClientLimit:
    """The limit the settings ask for: in Redis when one is configured, else in this process."""
    config = settings.newsletter
    limits = {"subscribe": config.subscribe_per_client, "link": config.links_per_client}
    broker = settings.broker_url or ""
    url = (
        config.limits_url
        or config.governor_url
        or (broker if broker.startswith(("redis://", "rediss://")) else None)
    )
    if url:
        # One list's app processes count together; another site on the same Redis apart.
        return RedisClientLimit(url, limits, config.client_window, f"publisher:limit:{config.list_id}")
    return LocalClientLimit(limits, config.client_window)
