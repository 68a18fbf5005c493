"""Telling a person something: in the site always, by e-mail when they have an address, by SMS when configured.

SMS is a documented interface only: set ``SMS_SENDER`` to the dotted path of a class with
``send(phone: str, text: str) -> None`` (a hospital's SMS gateway); the default sends nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.module_loading import import_string

from .models import Notification

logger = logging.getLogger(__name__)


class NoSmsSender:
    """The default: no SMS gateway configured."""

    def send(self, phone: str, text: str) -> None:
        return None


def sms_sender():
    return import_string(getattr(settings, "SMS_SENDER", "accounts.notifications.NoSmsSender"))()


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
    if phone and getattr(settings, "SMS_SENDER", ""):
        sms_sender().send(phone, f"{title} {body}".strip())
        channels.append("sms")
    return channels


def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """Queue the reset mail for ``email`` once the request's transaction commits.

    Whether an account has the address is decided by the task worker (accounts.tasks), never while the visitor
    waits: the page answers alike, in about the same time, for a known and an unknown address.
    """
    from .tasks import send_password_reset_mail

    transaction.on_commit(lambda: send_password_reset_mail.enqueue(email, domain, use_https))
