from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

from .panels import collect_me_panels
from .roles import ROLE_LABELS, role_of


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page ("我的"): profile, then the panels each app contributes (accounts.panels)."""
    context = {"role": ROLE_LABELS.get(role_of(request.user) or ""), "panels": collect_me_panels(request)}
    return render(request, "accounts/me.html", context)


@require_GET
def switch_language(request: HttpRequest, language: str) -> HttpResponse:
    """Remember the visitor's language in a cookie and go back.

    A plain link rather than Django's POST-only ``set_language``: a form would put a CSRF token in every public
    page, and pages with a token cannot be shared from the page cache.
    """
    if language not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
    )
    return response
