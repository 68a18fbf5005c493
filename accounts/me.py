"""The notifications panel of "我的"."""

from __future__ import annotations

from django.http import HttpRequest

from .models import Notification
from .panels import MePanel


def me_panels(request: HttpRequest) -> list[MePanel]:
    if not request.user.is_authenticated:
        return []
    notifications = list(Notification.objects.filter(user=request.user, read_at__isnull=True)[:5])
    if not notifications:
        return []
    return [MePanel(template="accounts/me_notifications.html", context={"notifications": notifications}, order=5)]
