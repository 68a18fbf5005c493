"""The onboarding timeline summary at the top of "我的"."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.panels import MePanel

from .progress import membership_of, progress_for


def me_panels(request: HttpRequest) -> list[MePanel]:
    membership = membership_of(request.user)
    if membership is None:
        return []
    return [MePanel("onboarding/me_panel.html", {"membership": membership, "progress": progress_for(membership)}, 10)]
