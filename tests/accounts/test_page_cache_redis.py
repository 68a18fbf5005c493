"""The page cache and the rate limiters on the Redis backend production uses, not only on local memory.

Redis runs on this machine's loopback (and in CI). Each xdist worker has a Redis database of its own, because
``cache.clear()`` empties the whole database (FLUSHDB), whatever the key prefix.
"""

import os

import pytest
from django.core.cache import cache
from django.test import override_settings

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379")
FIRST_DATABASE = 4  # gw0 uses 4, gw1 5… (the benchmarks use 11–15)


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not _redis_answers(), reason=f"no Redis server at {REDIS_URL}")


@pytest.fixture
def redis_cache(worker_id):
    number = FIRST_DATABASE + (int(worker_id[2:]) if worker_id.startswith("gw") else 0)
    caches = {"default": {"BACKEND": "config.cache.ReusedClientRedisCache", "LOCATION": f"{REDIS_URL}/{number}"}}
    with override_settings(CACHES=caches):  # Django's setting_changed handler opens the caches anew
        from django.core.cache import caches as opened

        assert type(opened["default"]).__name__ == "ReusedClientRedisCache"
        cache.clear()
        yield cache
        cache.clear()


def test_a_page_is_stored_in_redis_served_as_a_hit_and_replaced_after_publishing(client, home_page, redis_cache):
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get("/")["X-Page-Cache"] == "hit"
    home_page.title = "双工学苑 · Redis 新版"
    home_page.save_revision().publish()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "双工学苑 · Redis 新版" in response.content.decode()


def test_the_rate_limit_counts_in_redis(redis_cache):
    from config.ratelimit import hit

    results = [hit("test-bucket", "127.0.0.1", limit=3, window=60) for _ in range(5)]
    assert results == [False, False, False, True, True]
