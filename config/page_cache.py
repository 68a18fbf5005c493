"""Whole-page cache of Wagtail pages for anonymous visitors, emptied whenever any page is published or removed.

Most traffic is the public reading guides and stories; those pages are the same for every anonymous visitor, so
they are rendered once per cache generation. Publishing, unpublishing, moving or deleting any page starts a new
generation (menus and listings show other pages, so a per-page purge would miss them). Pages that used a CSRF
token, set a cookie, or are private are never stored. With Redis (``REDIS_URL``) every worker shares the cache.

``AnonymousPageCacheMiddleware`` sits near the top of the middleware list (after the security headers, static files
and the NUL check): a hit is answered there, before sessions, locale, CSRF, authentication, messages, CSP, the audit
log and axes run, with one cache round trip (the generation and the page in one ``get_many``) and no database query.
So that a hit is the same response a render would give, a page is stored *on its way out through that middleware*:
with the headers every inner middleware added (CSP, X-Frame-Options, Content-Language, Vary…). Wagtail's
``on_serve_page`` hook only marks the response as a candidate (a Wagtail page without view restrictions, rendered
for an anonymous visitor); the middleware stores it only if nothing on the way out set a cookie or asked for a CSRF
token, the status is 200, it is not private or streaming, and it was rendered in the language of its key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.response import SimpleTemplateResponse
from django.utils import translation

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"
_CANDIDATE = "_page_cache_candidate"  # set on the response by the on_serve_page hook: the language it was rendered in


def current_generation() -> int:
    return int(cache.get_or_set(GENERATION_KEY, 1, None) or 1)


def invalidate_page_cache(**_signal_kwargs) -> None:
    """Start a new generation: every cached page becomes unreachable and expires on its own."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def _language(request: HttpRequest) -> str:
    """The language the page will be rendered in: the language switch's cookie, else Chinese.

    The same rule as ``config.middleware.ChineseFirstMiddleware`` + ``LocaleMiddleware`` (the browser's
    Accept-Language is ignored). Should they ever disagree, the page is simply not stored (see ``_may_store``).
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def _key(request: HttpRequest, language: str) -> str:
    """Host, path, query and language; hashed so any query string gives a short key, whatever the cache backend.

    The generation is not in the key but in the stored value, so a lookup reads both in one round trip."""
    address = hashlib.sha256(f"{request.get_host()}{request.get_full_path()}".encode()).hexdigest()
    return f"page-cache:{language}:{address}"


def _may_use_cache(request: HttpRequest) -> bool:
    """GET or HEAD by someone without a session or pending messages (so never a signed-in user)."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def _may_store(request: HttpRequest, response: HttpResponse, language: str) -> bool:
    """What the whole middleware stack made of a candidate page is the same for every anonymous visitor."""
    user = getattr(request, "user", None)
    return (
        getattr(response, _CANDIDATE, None) == language
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and "Set-Cookie" not in response
        and not (user is not None and user.is_authenticated)
    )


def _replay(stored_content: bytes, stored_headers: list[tuple[str, str]]) -> HttpResponse:
    response = HttpResponse(stored_content)
    for name, value in stored_headers:
        response[name] = value
    response[HEADER] = "hit"
    return response


class AnonymousPageCacheMiddleware:
    """Answer anonymous visitors from the page cache before the rest of the middleware stack and URL routing."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _may_use_cache(request):
            return self.get_response(request)
        language = _language(request)
        key = _key(request, language)
        found = cache.get_many([GENERATION_KEY, key])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = current_generation()
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            return _replay(stored[1], stored[2])
        response = self.get_response(request)
        if _may_store(request, response, language):
            # Stored under the generation read before rendering: a page published meanwhile makes this copy stale
            # at once, never the other way round.
            headers = [(name, value) for name, value in response.items() if name != HEADER]
            cache.set(key, (generation, response.content, headers), settings.PAGE_CACHE_SECONDS)
            response[HEADER] = "miss"
        return response


def offer_to_page_cache(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Mark what was rendered for an anonymous visitor as a cache candidate (the middleware still decides).

    For views whose output is the same for every anonymous visitor and changes only when pages are published: the
    Wagtail pages (``serve_with_page_cache``) and the public search page, whose results are those pages."""
    if not _may_use_cache(request) or request.user.is_authenticated:
        return response
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response.render()
    setattr(response, _CANDIDATE, translation.get_language())
    return response


def serve_with_page_cache(serve: Callable) -> Callable:
    """``on_serve_page`` hook body: offer what Wagtail rendered for an anonymous visitor to the cache."""

    def cached_serve(page, request: HttpRequest, args, kwargs) -> HttpResponse:
        response = serve(page, request, args, kwargs)
        if page.get_view_restrictions().exists():
            return response
        return offer_to_page_cache(request, response)

    return cached_serve
