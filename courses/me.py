"""The "我的学习" panel on the "我的" page (collected by accounts.panels)."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.panels import MePanel

from .progress import my_learning


def me_panels(request: HttpRequest) -> list[MePanel]:
    return [MePanel(template="courses/me_panel.html", context=my_learning(request.user), order=20)]
