"""The public search page, ``/search/?q=…&type=…&page=…``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.page_cache import offer_to_page_cache, read_by_lookup

from . import freshness
from .public import search_pages
from .sites import site_for_request


def search(request: HttpRequest) -> HttpResponse:
    """Results are public pages only, the same for every anonymous visitor until a page is published (which starts a
    new page-cache generation), so a repeated query is answered from the page cache."""
    # The Site and the search read the cache's tokens once between them, as the page lookup read them.
    with freshness.pinned(read_by_lookup(request)):
        outcome = search_pages(
            request.GET.get("q", ""),
            type_label=request.GET.get("type", ""),
            page_number=request.GET.get("page", 1),
            site=site_for_request(request),
        )
    return offer_to_page_cache(request, render(request, "kb/search/results.html", {"search": outcome}))
