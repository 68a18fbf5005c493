"""The project's URLs plus /minimal/, the smallest Django view: the yardstick for the search page's throughput."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("minimal/", minimal), *project_urlpatterns]
