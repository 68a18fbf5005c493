"""Project-wide middleware."""

from __future__ import annotations

from collections.abc import Callable

import auditlog.middleware
from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse

from config.client_ip import client_ip


class ChineseFirstMiddleware:
    """Serve Chinese unless the visitor chose English with the language switch.

    Django would otherwise follow the browser's Accept-Language, and many phones and office PCs in hospitals are
    set to English while their users read Chinese. Placed before LocaleMiddleware, which then sees only the cookie.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class RejectNullBytesMiddleware:
    """Answer 400 to a URL with a NUL byte in its path or query string.

    PostgreSQL text cannot hold NUL, so such a value reaching a lookup (``/verify/%00/``) raised a DataError — a 500
    on PostgreSQL where SQLite simply found nothing. Forms already refuse NUL in posted fields; this covers URLs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", "").lower():
            raise BadRequest("NUL byte in the URL")
        return self.get_response(request)


class AuditlogMiddleware(auditlog.middleware.AuditlogMiddleware):
    """django-auditlog's middleware with the client address from ``config.client_ip``.

    Its own version takes the first entry of ``X-Forwarded-For``, which any visitor can write.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if getattr(settings, "AUDITLOG_DISABLE_REMOTE_ADDR", False):
            return None
        return client_ip(request) or None
