"""Settings for the page-level throughput run (``page_bench.sh``): production-like (DEBUG off) on the dev database,
with a minimal Django view at /minimal/ to compare the search page against, through the same middleware."""

from config.settings.base import *  # noqa: F403

DEBUG = False
ROOT_URLCONF = "page_urls"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}
