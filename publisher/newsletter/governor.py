"""The sending governor: a token bucket per SMTP provider and a warm-up cap for a new sending domain."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from datetime import date

__all__ = ["TokenBucket", "bucket_for", "warmup_cap"]


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


_BUCKETS: dict[tuple[str, float, int], TokenBucket] = {}
_BUCKETS_LOCK = threading.Lock()


def bucket_for(provider: str, rate: float, burst: int) -> TokenBucket:
    """The process-wide bucket of an SMTP provider (shared by every batch this worker sends)."""
    with _BUCKETS_LOCK:
        return _BUCKETS.setdefault((provider, rate, burst), TokenBucket(rate, burst))


def warmup_cap(first_day: date | None, today: date, start: int | None, growth: float) -> int | None:
    """Messages allowed today while the domain warms up (``start``, times ``growth`` a day); None: no cap."""
    if start is None:
        return None
    days = 0 if first_day is None else max(0, (today - first_day).days)
    # Past about 40 doublings the cap no longer matters; stop before the float overflows.
    return start * 2**40 if days * math.log(growth) > 40 * math.log(2) else math.floor(start * growth**days)
