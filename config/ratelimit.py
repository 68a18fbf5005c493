"""One rate limiter for every public form: at most ``limit`` hits per key in a window, counted atomically.

``cache.add`` creates the counter with its expiry only if it is absent and ``cache.incr`` adds one in a single
step (a lock in local memory, ``INCR`` in Redis), so parallel requests cannot all read the same old count the way
a get-then-set did (8 parallel applications stored 9 against a limit of 5).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.cache import cache


def hit(scope: str, key: str, limit: int, window: int) -> bool:
    """Count one attempt for ``key`` in ``scope``; True when it goes beyond ``limit`` within ``window`` seconds."""
    digest = hmac.new(settings.SECRET_KEY.encode(), key.encode(), hashlib.sha256).hexdigest()[:24]
    cache_key = f"ratelimit:{scope}:{digest}"
    for _attempt in range(3):
        if cache.add(cache_key, 1, window):
            return 1 > limit
        try:
            return cache.incr(cache_key) > limit
        except ValueError:  # the counter expired between add and incr: start a new window
            continue
    return True
