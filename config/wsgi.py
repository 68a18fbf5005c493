"""WSGI entry point; production deployments set DJANGO_SETTINGS_MODULE=config.settings.production.

Django's application wrapped in the page cache (``config.page_cache``): an anonymous visitor's page that is already
cached is answered before Django builds a request or runs any middleware."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django_application = get_wsgi_application()

from config.page_cache import PageCacheApplication  # noqa: E402 — needs the settings configured above

application = PageCacheApplication(django_application)
