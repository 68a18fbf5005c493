"""The notifications panel of "我的"."""

from __future__ import annotations

from django.http import HttpRequest

from .notifications import unread_messages
from .panels import MePanel


def me_panels(request: HttpRequest) -> list[MePanel]:
    if not request.user.is_authenticated:
        return []
    notifications = unread_messages(request.user)
    if not notifications:
        return []
    return [MePanel(template="accounts/me_notifications.html", context={"notifications": notifications}, order=5)]
