"""The yardstick for ``ratio.sh``: the smallest Django site there is, one view answering 27 KB, no middleware.

``gunicorn -c config/gunicorn.py benchmarks.load.minimal:application`` serves it with exactly the project's gunicorn
settings, so the ratio cached page / this view says how close a page-cache hit comes to the cost of Django itself.
"""

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="minimal-benchmark-view-only",  # noqa: S106 - a throw-away process that keeps no secret
        ALLOWED_HOSTS=["*"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        USE_I18N=False,
    )

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402

BODY = ("<p>" + "双工学苑 minimal view " * 20 + "</p>\n").encode() * 51  # 27 KB, like the yardstick


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("", minimal)]
application = get_wsgi_application()
