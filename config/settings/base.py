"""Settings shared by every environment; every value an operator may change comes from the environment.

Development defaults just work on a fresh clone (SQLite file, local-memory cache, console e-mail, a Whoosh
index under ``var/``). ``config.settings.production`` refuses to start without real secrets.
"""

from __future__ import annotations

import ipaddress
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SITE_DIR = BASE_DIR / "site"
# The SQLite file, search index, certificate PDFs and collected static files live here. Importing the settings
# creates nothing: scripts/bootstrap.sh makes the directory and check config.E001 names it when it is missing.
VAR_DIR = Path(os.environ.get("SHUANGGONG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable (1/true/yes/on)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The well-known development key. Production settings refuse to start with it.
DEFAULT_SECRET_KEY = "django-insecure-shuanggong-development-key-do-not-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Project apps in the order their demo content is loaded (see accounts/management/commands/load_demo.py).
LOCAL_APPS = [
    "accounts",
    "kb",
    "courses",
    "roster",
    "certificates",
    "onboarding",
    "activities",
]

INSTALLED_APPS = [
    *LOCAL_APPS,
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "auditlog",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RejectNullBytesMiddleware",
    # Anonymous page-cache hits are answered before Django (config.wsgi); here, with every inner middleware's
    # work done, a page is judged fit to be stored (no cookie, no CSRF token…); it is stored with its final headers.
    "config.page_cache.AnonymousPageCacheMiddleware",
    "config.middleware.RejectMalformedEditorJsonMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.middleware.AuditlogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "kb.middleware.PublicationBlockedMiddleware",
    # Inside it, so an approval whose publication was blocked is reported by the refusal alone.
    "kb.workflow_messages.WorkflowConfirmationMiddleware",
    # Last, so that it sees the outcome of authentication (django-axes' own advice).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "accounts.context_processors.site_context",
            ],
        },
    },
]

# Database: a SQLite file by default, anything dj-database-url understands when DATABASE_URL is set.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a writer commits; IMMEDIATE avoids "database is locked" upgrades.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: local memory unless REDIS_URL names a Redis server.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "config.cache.ReusedClientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# AxesBackend refuses locked-out logins (and answers permission checks like ModelBackend, so force_login
# works with it first); ModelBackend then checks the password.
# Volunteers may also type their mobile number or e-mail (roster/auth.py); Axes stays first and counts every
# identifier against the account it names.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "roster.auth.VolunteerContactBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "/"

# Login throttling (django-axes): lock a username from one address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
AXES_USERNAME_CALLABLE = "roster.auth.axes_username"

# The reverse proxies (addresses or CIDRs) whose X-Forwarded-For is believed; see config/client_ip.py and the
# nginx section of docs/deploy.md. Empty: REMOTE_ADDR is the client, and the header is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    ipaddress.ip_network(_proxy, strict=False)  # a typo stops the start-up here, not every request later

# Caps on imports: beyond them a file is refused with a message, before it can keep a worker busy.
COURSES_IMPORT_MAX_QUESTIONS = int(os.environ.get("COURSES_IMPORT_MAX_QUESTIONS", "2000"))
ROSTER_IMPORT_MAX_ROWS = int(os.environ.get("ROSTER_IMPORT_MAX_ROWS", "20000"))

# Password reset requests per client address and per e-mail address within the window (config/ratelimit.py).
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "10"))
PASSWORD_RESET_LIMIT_PER_ACCOUNT = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ACCOUNT", "3"))
PASSWORD_RESET_WINDOW_SECONDS = int(os.environ.get("PASSWORD_RESET_WINDOW_SECONDS", "3600"))

# Content-Security-Policy (django-csp): public and volunteer pages run no inline script and carry no inline style
# (progress bars are <progress> elements, every rule lives in a static stylesheet). The Wagtail admin is excluded:
# it relies on inline scripts and styles.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF, *env_list("CSP_FRAME_SOURCES", "https://player.bilibili.com")],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# Audit log (django-auditlog): who changed what, when, from where. Roles, users and the records of the roster and
# certificates are tracked; password hashes are never stored in the log.
_PERSONAL_FIELDS = [
    "id_number_encrypted",
    "id_number_hash",
    "mobile",
    "email",
    "date_of_birth",
    "emergency_contact_name",
    "emergency_contact_phone",
]
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "auth.user", "m2m_fields": ["groups", "user_permissions"], "exclude_fields": ["password", "last_login"]},
    {"model": "auth.group", "m2m_fields": ["permissions"]},
    # Roster and certificate records: who changed a status, hours or a certificate. Personal details (ID number,
    # phones, birth date, e-mail, emergency contact) stay out of the log, so an erasure leaves nothing behind there.
    {"model": "roster.volunteer", "m2m_fields": ["roles"], "exclude_fields": _PERSONAL_FIELDS},
    {"model": "roster.application", "exclude_fields": _PERSONAL_FIELDS + ["guardian_name", "interview_notes"]},
    {"model": "roster.servicerecord"},
    {"model": "roster.commendation"},
    {"model": "roster.evaluation"},
    # A health result is sensitive (PIPL 第二十八条): the log keeps that a check was recorded, not its result.
    {"model": "roster.healthcheck", "exclude_fields": ["result"]},
    {"model": "roster.signedagreement"},
    {"model": "roster.insurancepolicy", "m2m_fields": ["covered"]},
    {"model": "roster.nationalentry"},
    {"model": "roster.holiday"},
    {"model": "certificates.certificate"},
    {"model": "certificates.certificatetemplate"},
    {"model": "certificates.issuingrule"},
    {"model": "onboarding.steprecord"},
)

# Language and time: Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [SITE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Static and media files. WhiteNoise serves static files in every environment: no CDN, no separate server.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [SITE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "config.static_storage.StaticFilesStorage"},  # WhiteNoise's, URLs remembered
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Search: Wagtail's search (modelsearch) configured through WAGTAILSEARCH_BACKENDS. The default is the
# project's Whoosh + jieba (rjieba) Chinese backend (kb/search/), its index at SEARCH_INDEX_DIR (read when the backend
# is created, so the test settings' temporary directory applies). See README "中文搜索 Search".
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
# What gunicorn's master loads before forking its workers (config/gunicorn.py, when_ready), named here because config
# sits below the apps: functions that load something every worker would otherwise load on its first request.
LOAD_BEFORE_FORK = ["kb.search.analysis.load_dictionary"]
# SEARCH_BACKEND chooses the project's backend: "whoosh" (the index on this server's disk; one web server) or
# "postgres" (the index in the kb_searchentry table; several web servers sharing the database). Whoosh by default.
SEARCH_BACKENDS_BY_NAME = {"whoosh": "kb.search.backend", "postgres": "kb.search.pg_backend"}
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh").strip().lower()
if SEARCH_BACKEND not in SEARCH_BACKENDS_BY_NAME:
    raise ImproperlyConfigured(f"SEARCH_BACKEND={SEARCH_BACKEND!r}: choose one of {sorted(SEARCH_BACKENDS_BY_NAME)}")
if SEARCH_BACKEND == "postgres" and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL")
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": SEARCH_BACKENDS_BY_NAME[SEARCH_BACKEND]},
}

# Background tasks (django-tasks): run in-process by default; a database queue with a worker at scale.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}

# E-mail: the console in development, SMTP from the environment otherwise.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "双工学苑 <noreply@localhost>")

# Wagtail.
WAGTAIL_SITE_NAME = "双工学苑"
# The public address (https://xuey.example-hospital.cn): absolute links in mail, feeds, the sitemap, canonical
# URLs and certificates' QR codes. Empty: the Wagtail Site's hostname and port.
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL or "http://127.0.0.1:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_USER_LOGIN_FORM = "accounts.forms.AdminLoginForm"
# No Gravatar: it would send a hash of each staff member's e-mail to a third party (PIPL) and the CSP blocks it
# anyway (a broken image); the admin shows Wagtail's default avatar or an uploaded one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "csv", "jpg", "png"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Upload limits: images by type, size and pixels; documents by type and size (Wagtail checks both); the apps'
# import files through config/uploads.py.
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp", "gif"]
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40 * 1000 * 1000
WAGTAILDOCS_MAX_UPLOAD_SIZE = int(os.environ.get("WAGTAILDOCS_MAX_UPLOAD_SIZE", 20 * 1024 * 1024))
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = True

# Who may apply on /join/: from VOLUNTEER_MINIMUM_AGE, with a guardian's consent below VOLUNTEER_ADULT_AGE.
# The form, its page and the demo FAQ all state the rule from these two figures.
VOLUNTEER_MINIMUM_AGE = int(os.environ.get("VOLUNTEER_MINIMUM_AGE", "14"))
VOLUNTEER_ADULT_AGE = 18

# The hospital's name, printed on certificates and in the footer.
HOSPITAL_NAME = os.environ.get("HOSPITAL_NAME", "示范医院医务社工部")

# Anonymous visitors' whole-page cache (config/page_cache.py), in seconds; 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))

# Notifications (accounts/notifications.py): an SMS gateway class path ("" sends no SMS).
SMS_SENDER = os.environ.get("SMS_SENDER", "")
# Demo accounts (accounts/demo.py) are refused unless DEBUG is on or this says yes (the test settings do).
ALLOW_DEMO_ACCOUNTS = env_bool("ALLOW_DEMO_ACCOUNTS", False)

# Knowledge base: published numbers (switchboard, hotline) that pages may show; any other phone number in a page
# stops its publication (kb/publishing.py).
KB_PUBLIC_PHONE_NUMBERS = env_list("KB_PUBLIC_PHONE_NUMBERS")

# courses
# Seconds after a quiz deadline during which autosaves sent just before it are still accepted.
COURSES_NETWORK_GRACE_SECONDS = int(os.environ.get("COURSES_NETWORK_GRACE_SECONDS", "5"))

# Fernet key encrypting volunteers' ID numbers at rest (roster). Empty: derived from SECRET_KEY (development only).
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")
# Certificates: PDFs are private files (handed out only to their holder and staff); the CJK font is found by
# fontconfig unless CERTIFICATES_CJK_FONT names a file ("path" or "path#index" for a collection).
CERTIFICATES_PDF_ROOT = Path(os.environ.get("CERTIFICATES_PDF_ROOT", VAR_DIR / "certificates"))
CERTIFICATES_FONT_CACHE_DIR = Path(os.environ.get("CERTIFICATES_FONT_CACHE_DIR", VAR_DIR / "certificate-fonts"))
CERTIFICATES_CJK_FONT = os.environ.get("CERTIFICATES_CJK_FONT", "")
# Serial numbers read PREFIX-YEAR-NNNNNN; "expiring soon" on the verification page; public verification lookups
# allowed per client address and window (certificates/issuing.py, certificates/verification.py).
CERTIFICATES_SERIAL_PREFIX = os.environ.get("CERTIFICATES_SERIAL_PREFIX", "SG")
CERTIFICATES_EXPIRING_SOON_DAYS = int(os.environ.get("CERTIFICATES_EXPIRING_SOON_DAYS", "30"))
CERTIFICATES_VERIFY_LIMIT = int(os.environ.get("CERTIFICATES_VERIFY_LIMIT", "20"))
CERTIFICATES_VERIFY_WINDOW_SECONDS = int(os.environ.get("CERTIFICATES_VERIFY_WINDOW_SECONDS", "600"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": os.environ.get("LOG_FORMAT", "plain")}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# roster
# Check-in and check-out times may fall this many minutes before an activity starts or after it ends; anything
# further out is refused unless a social worker records it as a correction with a reason.
ROSTER_SERVICE_TIME_MARGIN_MINUTES = int(os.environ.get("ROSTER_SERVICE_TIME_MARGIN_MINUTES", 60))
