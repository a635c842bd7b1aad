"""Which releases the broker holds: one key per sent release in the broker's own Redis database.

The key is set when a release is sent or scheduled and removed when it finishes. A broker that
is emptied (FLUSHDB) or restarted without its data loses the key together with the release's
messages, so an unfinished release whose key is gone was lost and has to be sent again
(``publisher releases resume``). Brokers other than Redis are not tracked (the answer is None).
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Literal

from publisher.broker import configured_app, in_process

if TYPE_CHECKING:
    import redis

__all__ = ["BrokerState", "broker_client", "broker_state", "forget_release", "mark_stopped", "track_release"]

BrokerState = Literal["queued", "stopped", "lost", "unknown"]

_STOPPED = b"stopped"
# Kept this long past an embargo (or the sending) at most; a finished release removes its key.
_KEEP_SECONDS = 7 * 24 * 3600


def track_release(release_id: str, not_before: datetime | None = None) -> None:
    """Note that the broker now holds the release (until ``not_before``, for a scheduled one)."""
    client = broker_client()
    if client is None:
        return
    wait = max(0.0, (not_before - datetime.now(UTC)).total_seconds()) if not_before else 0.0
    client.set(_key(release_id), "1", ex=int(wait) + _KEEP_SECONDS)


def forget_release(release_id: str) -> None:
    """The release has finished: the broker no longer needs to hold it."""
    client = broker_client()
    if client is not None:
        client.delete(_key(release_id))


def mark_stopped(release_id: str) -> None:
    """A step of the release raised: its chain ended, the broker holds nothing of it any more."""
    client = broker_client()
    if client is not None:
        client.set(_key(release_id), _STOPPED, keepttl=True, xx=True)


def broker_state(release_id: str) -> BrokerState:
    """Whether the broker holds the release: 'queued'; 'stopped' (a step raised); 'lost'; or 'unknown'."""
    client = broker_client()
    if client is None:
        return "unknown"
    from redis import RedisError

    try:
        value = client.get(_key(release_id))
    except RedisError:
        return "unknown"  # unreachable (e.g. restarting): ask again later
    if value is None:
        return "lost"
    return "stopped" if value == _STOPPED else "queued"


def _key(release_id: str) -> str:
    return f"publisher:release:{release_id}"


def broker_client() -> redis.Redis | None:
    """The Redis client of the broker, or None without a broker or with one that is not Redis."""
    if in_process():  # no broker, nothing held: and no Celery or Redis client to load
        return None
    conf = configured_app().conf
    url = str(conf.broker_url or "")
    if conf.task_always_eager or not url.startswith(("redis://", "rediss://", "unix://")):
        return None
    return _connect(url)


@cache
def _connect(url: str) -> redis.Redis:
    import redis

    return redis.Redis.from_url(url, socket_timeout=5, socket_connect_timeout=5)
