"""Project-wide middleware."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


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
