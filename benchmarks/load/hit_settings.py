"""Production settings with the cache backend chosen by ``HIT_CACHE_BACKEND`` (for ``hit_cpu.py``'s comparison)."""

import os

from config.settings.production import *  # noqa: F403

CACHES = {"default": {"BACKEND": os.environ["HIT_CACHE_BACKEND"], "LOCATION": os.environ["REDIS_URL"]}}
