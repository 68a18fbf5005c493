from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .roles import ROLE_LABELS, role_of


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own page ("我的"); later parts of the platform add their panels here."""
    return render(request, "accounts/me.html", {"role": ROLE_LABELS.get(role_of(request.user))})
