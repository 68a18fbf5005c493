from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .panels import collect_me_panels
from .roles import ROLE_LABELS, role_of


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page ("我的"): profile, then the panels each app contributes (accounts.panels)."""
    context = {"role": ROLE_LABELS.get(role_of(request.user)), "panels": collect_me_panels(request)}
    return render(request, "accounts/me.html", context)
