"""Whole-page cache of Wagtail pages for anonymous visitors, emptied whenever any page is published or removed.

Most traffic is the public reading guides and stories; those pages are the same for every anonymous visitor, so
they are rendered once per cache generation. Publishing, unpublishing, moving or deleting any page starts a new
generation (menus and listings show other pages, so a per-page purge would miss them). Pages that used a CSRF
token, set a cookie, or are private are never stored. With Redis (``REDIS_URL``) every worker shares the cache.

A hit is answered by ``PageCacheApplication``, the WSGI application of ``config.wsgi`` wrapped around Django's: before
Django builds a request, sends its signals or runs any middleware, with one cache round trip (the generation and the
page in one ``get_many``) and no database query. The key is made of the request as it arrived — scheme (and the
proxy's HTTPS header), host, path, query — and the language, so a hit is only ever the answer Django gave to that
same request: a plain-HTTP request that Django redirects to HTTPS, a host Django refuses, a path it rejects never
produced a stored page, so they never hit one either. A page is stored with its final headers, every middleware's
(CSP, X-Frame-Options, Content-Language, Vary, the security middleware's…), once Django has answered.

Who decides what may be stored: Wagtail's ``on_serve_page`` hook marks a response as a candidate (a Wagtail page
without view restrictions, rendered for an anonymous visitor); ``AnonymousPageCacheMiddleware``, near the top of the
middleware list, keeps it only if nothing on the way out set a cookie or asked for a CSRF token, the status is 200,
it is not private or streaming, and it was rendered in the language of its key.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.cookie import parse_cookie
from django.template.response import SimpleTemplateResponse
from django.utils import translation

GENERATION_KEY = "page-cache:generation"
HEADER = "X-Page-Cache"
ENVIRON_KEY = "shuanggong.page_cache"  # the request's PageLookup, for the middleware and the store on the way out
_CANDIDATE = "_page_cache_candidate"  # set on the response by the on_serve_page hook: the language it was rendered in
_TO_STORE = "_page_cache_store"  # set on the response by the middleware: every rule allows storing it

logger = logging.getLogger(__name__)
Answer = TypeVar("Answer")


def current_generation() -> int:
    return int(cache.get_or_set(GENERATION_KEY, 1, None) or 1)


def invalidate_page_cache(**_signal_kwargs) -> None:
    """Start a new generation: every cached page becomes unreachable and expires on its own."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


# Keys a view reads on every request it renders (kb.search.freshness' tokens), read in the lookup's round trip.
_READ_WITH_LOOKUP: list[str] = []


def read_with_page_lookup(*keys: str) -> None:
    """Read ``keys`` in the same round trip as the page lookup, for the view to take from :func:`read_by_lookup`.

    A round trip to Redis costs about as much CPU (~0.25 ms on the 2-core VM) as a small view; a search that misses
    the page cache made two, the lookup and its own read of the search's tokens, before it started."""
    _READ_WITH_LOOKUP.extend(key for key in keys if key not in _READ_WITH_LOOKUP)


def read_by_lookup(request: HttpRequest) -> dict[str, Any]:
    """The values of the :func:`read_with_page_lookup` keys that this request's page lookup found, as they were when
    the request arrived (empty without a lookup: a signed-in user, a POST, the test client)."""
    lookup: PageLookup | None = request.META.get(ENVIRON_KEY)
    return dict(lookup.also_read) if lookup is not None else {}


@dataclass(frozen=True)
class PageLookup:
    """One anonymous GET/HEAD looked up in the cache: its key, the generation read, and the stored page if any."""

    key: str
    generation: int
    language: str
    stored: tuple[bytes, list[tuple[str, str]]] | None
    also_read: dict[str, Any] = field(default_factory=dict)  # the read_with_page_lookup keys found

    def replay(self) -> HttpResponse:
        """The stored page as a response (the test client's view of a hit; the WSGI layer sends the bytes itself)."""
        assert self.stored is not None
        response = HttpResponse(self.stored[0])
        for name, value in self.stored[1]:
            response[name] = value
        response[HEADER] = "hit"
        return response


def _language(cookies: dict[str, str]) -> str:
    """The language the page will be rendered in: the language switch's cookie, else Chinese.

    The same rule as ``config.middleware.ChineseFirstMiddleware`` + ``LocaleMiddleware`` (the browser's
    Accept-Language is ignored). Should they ever disagree, the page is simply not stored (see ``_may_store``).
    """
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


def _raw_host(environ: dict[str, Any]) -> str:
    """The host as Django's ``HttpRequest.get_host`` reads it, unvalidated: a host Django refuses is never stored."""
    if settings.USE_X_FORWARDED_HOST and "HTTP_X_FORWARDED_HOST" in environ:
        return environ["HTTP_X_FORWARDED_HOST"]
    if "HTTP_HOST" in environ:
        return environ["HTTP_HOST"]
    port = environ.get("HTTP_X_FORWARDED_PORT") if settings.USE_X_FORWARDED_PORT else None
    return f"{environ.get('SERVER_NAME', '')}:{port or environ.get('SERVER_PORT', '')}"


def _key(environ: dict[str, Any], language: str) -> str:
    """Scheme, host, path, query and language, as they arrived; hashed so any query string gives a short key.

    The generation is not in the key but in the stored value, so a lookup reads both in one round trip."""
    proxy_https = settings.SECURE_PROXY_SSL_HEADER
    scheme = environ.get("wsgi.url_scheme", "") + "|" + (environ.get(proxy_https[0], "") if proxy_https else "")
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    address = f"{scheme}|{_raw_host(environ)}|{path}?{environ.get('QUERY_STRING', '')}"
    return f"page-cache:{language}:{hashlib.sha256(address.encode('utf-8', 'surrogateescape')).hexdigest()}"


def _uncached_prefixes() -> tuple[str, ...]:
    """Static files and media are WhiteNoise's and the web server's; they would only cost a cache round trip."""
    return tuple(prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix and prefix != "/")


def look_up(environ: dict[str, Any]) -> PageLookup | None:
    """Read the page for this request from the cache; ``None`` when the request may never be answered from it.

    Only a GET or HEAD by someone without a session or pending messages (so never a signed-in user). A cache that
    does not answer is logged and the request is served by Django as if nothing was cached."""
    if settings.PAGE_CACHE_SECONDS <= 0 or environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
        return None
    path = environ.get("PATH_INFO", "")
    if path.startswith(_uncached_prefixes()):
        return None
    cookies = parse_cookie(environ.get("HTTP_COOKIE", ""))
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        return None
    language = _language(cookies)
    key = _key(environ, language)
    try:
        found = cache.get_many([GENERATION_KEY, key, *_READ_WITH_LOOKUP])
        generation = found.get(GENERATION_KEY)
        if generation is None:
            generation = current_generation()
    except Exception:  # noqa: BLE001 — any failure of the cache backend: serve the page from Django
        logger.warning("page cache unavailable; the page is rendered", exc_info=True)
        return None
    stored = found.get(key)
    if stored is not None and stored[0] == generation:
        return PageLookup(key, generation, language, (stored[1], stored[2]))
    also_read = {name: found[name] for name in _READ_WITH_LOOKUP if name in found}
    return PageLookup(key, generation, language, None, also_read)


def store(lookup: PageLookup, response: HttpResponse) -> None:
    """Keep what Django answered, with its final headers, if the middleware allowed it.

    Stored under the generation read before rendering: a page published meanwhile makes this copy stale at once,
    never the other way round."""
    if not getattr(response, _TO_STORE, False):
        return
    headers = [(name, value) for name, value in response.items() if name != HEADER]
    try:
        cache.set(lookup.key, (lookup.generation, response.content, headers), settings.PAGE_CACHE_SECONDS)
    except Exception:  # noqa: BLE001 — the page was answered; not keeping it is harmless
        logger.warning("page cache unavailable; the page was not stored", exc_info=True)


def through_page_cache(
    environ: dict[str, Any], render: Callable[[dict[str, Any]], Answer], replay: Callable[[PageLookup], Answer]
) -> Answer:
    """Answer from the cache when a stored page fits, else render with Django and offer the result to the cache."""
    lookup = look_up(environ)
    if lookup is None:
        return render(environ)
    if lookup.stored is not None:
        return replay(lookup)
    environ[ENVIRON_KEY] = lookup
    response = render(environ)
    store(lookup, response)  # type: ignore[arg-type]  # Django's WSGIHandler answers with the response itself
    return response


class PageCacheApplication:
    """A WSGI application answering anonymous page-cache hits before Django, and Django for everything else."""

    def __init__(self, application: Callable[..., Iterable[bytes]]) -> None:
        self.application = application

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        def send(lookup: PageLookup) -> Iterable[bytes]:
            content, headers = lookup.stored  # type: ignore[misc]  # a hit has its stored page
            start_response("200 OK", [*headers, (HEADER, "hit")])
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [content]

        return through_page_cache(environ, lambda environ: self.application(environ, start_response), send)


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


class AnonymousPageCacheMiddleware:
    """Decide, with every inner middleware's work done, whether the page may be stored for later visitors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        lookup: PageLookup | None = request.META.get(ENVIRON_KEY)
        if lookup is not None and _may_store(request, response, lookup.language):
            setattr(response, _TO_STORE, True)
            response[HEADER] = "miss"
        return response


def offer_to_page_cache(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Mark what was rendered for an anonymous visitor as a cache candidate (the middleware still decides).

    For views whose output is the same for every anonymous visitor and changes only when pages are published: the
    Wagtail pages (``serve_with_page_cache``) and the public search page, whose results are those pages."""
    if ENVIRON_KEY not in request.META or request.user.is_authenticated:
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
