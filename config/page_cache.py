"""Whole-page cache of Wagtail pages for anonymous visitors, emptied whenever any page is published or removed.

Most traffic is the public reading guides and stories; those pages are the same for every anonymous visitor, so
they are rendered once per cache generation. Publishing, unpublishing, moving or deleting any page starts a new
generation (menus and listings show other pages, so a per-page purge would miss them). Pages that used a CSRF
token, set a cookie, or are private are never stored. With Redis (``REDIS_URL``) every worker shares the cache.

Pages are stored by Wagtail's ``on_serve_page`` hook (only Wagtail pages, only once rendered for an anonymous
visitor) and served by ``AnonymousPageCacheMiddleware``, the innermost middleware, before URL routing and the
page-tree queries: a hit costs two cache reads and no database query.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"


def current_generation() -> int:
    return int(cache.get_or_set(GENERATION_KEY, 1, None) or 1)


def invalidate_page_cache(**_signal_kwargs) -> None:
    """Start a new generation: every cached page becomes unreachable and expires on its own."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _key(request: HttpRequest) -> str:
    """Hashed so any query string gives a short key, whatever the cache backend."""
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page-cache:{current_generation()}:{get_language()}:{address}"


def _may_use_cache(request: HttpRequest) -> bool:
    """GET or HEAD by someone without a session or pending messages (so never a signed-in user)."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _stored_response(request: HttpRequest) -> HttpResponse | None:
    stored = cache.get(_key(request))
    if stored is None:
        return None
    content, content_type = stored
    response = HttpResponse(content, content_type=content_type)
    response[HEADER] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Answer anonymous visitors from the page cache before Django resolves the URL."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _may_use_cache(request):
            response = _stored_response(request)
            if response is not None:
                return response
        return self.get_response(request)


def _may_store(request: HttpRequest, response: HttpResponse, page) -> bool:
    return (
        response.status_code == 200
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and not response.streaming
        and not page.get_view_restrictions().exists()
    )


def serve_with_page_cache(serve: Callable) -> Callable:
    """``on_serve_page`` hook body: store what Wagtail rendered for an anonymous visitor."""

    def cached_serve(page, request: HttpRequest, args, kwargs) -> HttpResponse:
        response = serve(page, request, args, kwargs)
        if not _may_use_cache(request) or request.user.is_authenticated:
            return response
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _may_store(request, response, page):
            cache.set(_key(request), (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response

    return cached_serve
