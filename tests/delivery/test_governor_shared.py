"""With Redis, every worker sending through one SMTP provider shares one sending rate."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import redis

from publisher.delivery.governor import RedisTokenBucket, TokenBucket, bucket_for

REDIS_URL = "redis://127.0.0.1:6379/3"


@pytest.fixture
def key() -> Iterator[str]:
    name = f"publisher:test-rate:{uuid.uuid4().hex}"
    yield name
    redis.Redis.from_url(REDIS_URL).delete(name)


def test_two_workers_draw_from_one_bucket(key: str) -> None:
    """A second worker waits for tokens the first one took; separate local buckets would not."""
    waits: list[float] = []
    # One token per 100 s (the waits are recorded, not slept): the seconds a loaded machine takes
    # between the calls refill next to nothing, so the test never races Redis's clock.
    first = RedisTokenBucket(REDIS_URL, key, rate=0.01, burst=2, sleep=waits.append)
    second = RedisTokenBucket(REDIS_URL, key, rate=0.01, burst=2, sleep=waits.append)
    first.acquire()
    first.acquire()
    assert waits == []
    second.acquire()
    second.acquire()
    # Both waits come from the shared deficit: about 100 s, then about 200 s (less the time that passed).
    assert len(waits) == 2
    assert 50 < waits[0] <= 100
    assert waits[0] + 50 < waits[1] <= 200


def test_bucket_for_uses_redis_when_given_a_url_and_a_local_bucket_otherwise() -> None:
    assert isinstance(bucket_for("smtp.example.org", 5.0, 3, REDIS_URL), RedisTokenBucket)
    assert isinstance(bucket_for("smtp.example.org", 5.0, 3), TokenBucket)
