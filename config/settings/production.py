"""Production settings: secrets come from the environment and the site refuses to start without them."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, DEBUG, DEFAULT_SECRET_KEY, SECRET_KEY, env_bool

if DEBUG:
    raise ImproperlyConfigured("生产环境不得开启 DEBUG:请设置 DEBUG=false。 (DEBUG must be off in production.)")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured(
        "生产环境必须设置至少 50 个字符的随机 SECRET_KEY。 (Set a random SECRET_KEY of 50+ characters.)"
    )
if not ALLOWED_HOSTS or ALLOWED_HOSTS == ["127.0.0.1", "localhost", "[::1]", "testserver"]:
    raise ImproperlyConfigured("生产环境必须设置 ALLOWED_HOSTS。 (Set ALLOWED_HOSTS to the site's host names.)")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail's page preview uses an iframe of the same origin; the check for DENY is silenced for that reason.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
