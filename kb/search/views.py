"""The public search page, ``/search/?q=…&type=…&page=…``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from wagtail.models import Site

from .public import search_pages


def search(request: HttpRequest) -> HttpResponse:
    outcome = search_pages(
        request.GET.get("q", ""),
        type_label=request.GET.get("type", ""),
        page_number=request.GET.get("page", 1),
        site=Site.find_for_request(request),
    )
    return render(request, "kb/search/results.html", {"search": outcome})
