"""Project-wide middleware."""

from __future__ import annotations

import json
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


class RejectMalformedEditorJsonMiddleware:
    """Answer 400 when a form post carries something else where the editor posts JSON.

    Draftail (Wagtail's rich-text editor) posts its content as JSON; raw HTML posted in its place (a script, not the
    editor) made Wagtail's field raise ``JSONDecodeError`` while the form was being validated, a 500. Nothing has
    been saved at that point, so the post is simply refused.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> None:
        if request.method == "POST" and isinstance(exception, json.JSONDecodeError):
            raise BadRequest("a posted editor field is not the editor's JSON") from exception


class AuditlogMiddleware(auditlog.middleware.AuditlogMiddleware):
    """django-auditlog's middleware with the client address from ``config.client_ip``.

    Its own version takes the first entry of ``X-Forwarded-For``, which any visitor can write.
    """

    @staticmethod
    def _get_remote_addr(request: HttpRequest) -> str | None:
        if getattr(settings, "AUDITLOG_DISABLE_REMOTE_ADDR", False):
            return None
        return client_ip(request) or None
