"""Benchmark settings: the project's settings with both backends side by side, in a throw-away directory.

``run.py`` sets DATABASE_URL, SEARCH_INDEX_DIR and SHUANGGONG_VAR_DIR to a temporary directory before
Django starts, so nothing under var/ is touched.
"""

from config.settings.base import *  # noqa: F403

DEBUG = False
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "kb.search.backend"},
    # Wagtail's default (modelsearch's database backend: SQLite FTS5 here), rebuilt explicitly by run.py.
    "database": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    # The project's PostgreSQL backend beside Whoosh (BENCH_DATABASE_URL, see run.py), rebuilt explicitly.
    WAGTAILSEARCH_BACKENDS["postgres"] = {"BACKEND": "kb.search.pg_backend", "AUTO_UPDATE": False}
LOGGING = {"version": 1, "disable_existing_loggers": True, "root": {"level": "ERROR"}}
