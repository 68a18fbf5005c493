"""ASGI entry point; production deployments set DJANGO_SETTINGS_MODULE=config.settings.production.

The project deploys with gunicorn's WSGI workers (``config.wsgi``); the anonymous page cache lives in that WSGI
wrapper, so a site served through this entry point renders every page (nothing is cached, nothing stale is served)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
application = get_asgi_application()
