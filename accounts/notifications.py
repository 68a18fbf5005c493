"""Telling a person something: in the site always, by e-mail when they have an address, by SMS when configured.

SMS is a documented interface only: set ``SMS_SENDER`` to the dotted path of a class with
``send(phone: str, text: str) -> None`` (a hospital's SMS gateway); the default sends nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

from .models import Notification

logger = logging.getLogger(__name__)


class NoSmsSender:
    """The default: no SMS gateway configured."""

    def send(self, phone: str, text: str) -> None:
        return None


def sms_sender():
    return import_string(settings.SMS_SENDER or "accounts.notifications.NoSmsSender")()


def notify(user, title: str, body: str = "", url: str = "", phone: str = "") -> list[str]:
    """Notify ``user`` on every channel available; returns the channels used."""
    Notification.objects.create(user=user, title=title, body=body, url=url)
    channels = ["site"]
    if user.email:
        link = f"\n\n{settings.WAGTAILADMIN_BASE_URL}{url}" if url else ""
        try:
            send_mail(title, f"{body}{link}", None, [user.email])
            channels.append("email")
        except OSError:
            logger.warning("e-mail to user %s failed", user.pk, exc_info=True)
    if phone and settings.SMS_SENDER:
        sms_sender().send(phone, f"{title} {body}".strip())
        channels.append("sms")
    return channels
