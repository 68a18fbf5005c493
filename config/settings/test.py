"""Test settings: fast hashing, tasks run immediately, files and indexes in a throw-away directory."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
_TMP = Path(tempfile.mkdtemp(prefix="shuanggong-test-"))
MEDIA_ROOT = _TMP / "media"
SEARCH_INDEX_DIR = _TMP / "search-index"
STATIC_ROOT = _TMP
CERTIFICATES_PDF_ROOT = _TMP / "certificates"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(_TMP / "test.sqlite3")}
ALLOW_DEMO_ACCOUNTS = True
