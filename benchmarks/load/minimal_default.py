"""A second yardstick for ``ratio.sh``: the same 27 KB view in the project ``django-admin startproject`` makes.

``benchmarks/load/minimal.py`` is Django with nothing installed and no middleware: the floor of a Django request, a
view no real site serves. This one is a minimal Django view as a Django developer writes it on the first day: the
apps and the seven middleware of Django's project template (sessions, CSRF, authentication, messages, clickjacking,
security, common), an in-memory SQLite database that the view never reads (no session cookie is sent), the same
body. ``MINIMAL_APP=benchmarks.load.minimal_default:application benchmarks/load/ratio.sh`` measures against it.
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="minimal-benchmark-view-only",  # noqa: S106 - a throw-away process that keeps no secret
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        # django/conf/project_template/project_name/settings.py-tpl, as startproject writes it
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
        ],
        MIDDLEWARE=[
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        STATIC_URL="static/",
        USE_I18N=True,
        USE_TZ=True,
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import path  # noqa: E402

from benchmarks.load.minimal import minimal  # noqa: E402 — the same view and body as the bare yardstick

urlpatterns = [path("", minimal)]
application = get_wsgi_application()
