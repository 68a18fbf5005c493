"""Django's Redis cache backend, keeping one ``redis.Redis`` client per connection pool.

Django's own ``RedisCacheClient`` builds a new ``redis.Redis`` object for every cache call, and building one copies
its table of ~170 response callbacks: for an anonymous page-cache hit, whose only work is one ``MGET``, that was a
third of the hit's CPU (``benchmarks/load/hit_cpu.py``: about 450 µs → 300 µs per hit). redis-py clients are safe to
share between threads (each command takes a connection from the pool), so one per pool is enough. Everything else —
pools, serialisation, keys, timeouts — is Django's.
"""

from __future__ import annotations

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _ReusedClient(RedisCacheClient):
    def __init__(self, servers: list[str], **options: Any) -> None:
        super().__init__(servers, **options)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # Django's, not in the stubs
        client = self._clients.get(id(pool))
        if client is None:  # two threads may both build one; either is fine, the pool is the same
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ReusedClientRedisCache(RedisCache):
    """``django.core.cache.backends.redis.RedisCache`` with one client per pool (see the module's docstring)."""

    def __init__(self, server: str | list[str], params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusedClient
