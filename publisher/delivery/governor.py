"""The sending governor: a token bucket per SMTP provider and a warm-up cap for a new sending domain."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from datetime import date

__all__ = ["RedisTokenBucket", "TokenBucket", "bucket_for", "warmup_cap"]

# Tokens and the time they were counted live in one Redis hash per provider; the server's clock
# is the only clock, so workers on several machines share one rate.
_TAKE_TOKEN = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1]) or burst
local updated = tonumber(state[2]) or now
tokens = math.min(burst, tokens + (now - updated) * rate) - 1
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'updated', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 60)
if tokens < 0 then return tostring(-tokens / rate) end
return '0'
"""


class TokenBucket:
    """Lets ``rate`` messages per second through on average, up to ``burst`` at once."""

    def __init__(
        self,
        rate: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self.clock = clock
        self.sleep = sleep
        self.tokens = float(burst)
        self.updated = clock()
        self.lock = threading.Lock()

    def acquire(self) -> None:
        """Take one token, waiting as long as the rate requires."""
        with self.lock:
            now = self.clock()
            self.tokens = min(self.burst, self.tokens + (now - self.updated) * self.rate)
            self.updated = now
            self.tokens -= 1
            wait = -self.tokens / self.rate if self.tokens < 0 else 0.0
        if wait > 0:
            self.sleep(wait)


class RedisTokenBucket:
    """A token bucket kept in Redis: every worker sending through the provider shares its rate."""

    def __init__(
        self, redis_url: str, key: str, rate: float, burst: int, sleep: Callable[[float], None] = time.sleep
    ) -> None:
        import redis

        self.key = key
        self.rate = rate
        self.burst = burst
        self.sleep = sleep
        self.take = redis.Redis.from_url(redis_url).register_script(_TAKE_TOKEN)

    def acquire(self) -> None:
        """Take one token, waiting as long as the shared rate requires."""
        wait = float(self.take(keys=[self.key], args=[self.rate, self.burst]))
        if wait > 0:
            self.sleep(wait)


_BUCKETS: dict[tuple[str, float, int, str | None], TokenBucket | RedisTokenBucket] = {}
_BUCKETS_LOCK = threading.Lock()


def bucket_for(
    provider: str, rate: float, burst: int, redis_url: str | None = None
) -> TokenBucket | RedisTokenBucket:
    """The bucket of an SMTP provider: shared by all workers through Redis when ``redis_url`` is
    given, else by every batch of this process."""
    key = (provider, rate, burst, redis_url)
    with _BUCKETS_LOCK:
        if key not in _BUCKETS:
            _BUCKETS[key] = (
                RedisTokenBucket(redis_url, f"publisher:smtp-rate:{provider}", rate, burst)
                if redis_url
                else TokenBucket(rate, burst)
            )
        return _BUCKETS[key]


def warmup_cap(first_day: date | None, today: date, start: int | None, growth: float) -> int | None:
    """Messages allowed today while the domain warms up (``start``, times ``growth`` a day); None: no cap."""
    if start is None:
        return None
    days = 0 if first_day is None else max(0, (today - first_day).days)
    # Past about 40 doublings the cap no longer matters; stop before the float overflows.
    return start * 2**40 if days * math.log(growth) > 40 * math.log(2) else math.floor(start * growth**days)
