"""Telling a person something: in the site always, by e-mail when they have an address, by SMS when configured.

Everything goes out only once the transaction that caused it commits (``transaction.on_commit``): a rolled-back
action never told anyone, and a failing mail server or SMS gateway is logged and never undoes the action.

SMS is a documented interface only: set ``SMS_SENDER`` to the dotted path of a class with
``send(phone: str, text: str) -> None`` (a hospital's SMS gateway); the default sends nothing.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .models import Notification

logger = logging.getLogger(__name__)


class NoSmsSender:
    """The default: no SMS gateway configured."""

    def send(self, phone: str, text: str) -> None:
        return None


def sms_sender():
    return import_string(settings.SMS_SENDER or "accounts.notifications.NoSmsSender")()


def notify(
    user, title: str, body: str = "", url: str = "", phone: str = "", email_body: str | None = None
) -> list[str]:
    """Notify ``user`` on every channel available, after commit; returns the channels it will use.

    ``email_body`` replaces ``body`` in the e-mail only: for a one-time link that must not be kept in the database.
    """
    channels = ["site"]
    if user.email:
        channels.append("email")
    if phone and settings.SMS_SENDER:
        channels.append("sms")
    link = f"\n\n{settings.WAGTAILADMIN_BASE_URL}{url}" if url else ""
    text = body if email_body is None else email_body
    transaction.on_commit(lambda: _deliver(user, title, body, url, f"{text}{link}", phone, channels))
    return channels


def _deliver(user, title: str, body: str, url: str, email_text: str, phone: str, channels: list[str]) -> None:
    """Each channel on its own: one failing never stops the others, and none raises into the request."""
    try:
        Notification.objects.create(user=user, title=title, body=body, url=url)
    except Exception:
        logger.exception("in-site notification for user %s failed", user.pk)
    if "email" in channels:
        try:
            send_mail(title, email_text, None, [user.email])
        except Exception:
            logger.warning("e-mail to user %s failed", user.pk, exc_info=True)
    if "sms" in channels:
        try:
            sms_sender().send(phone, f"{title} {body}".strip())
        except Exception:
            logger.warning("SMS to user %s failed", user.pk, exc_info=True)


def notify_phone(phone: str, text: str) -> list[str]:
    """Send an SMS to someone without an account (e.g. a patient registered for an activity), after commit.

    Returns the channels it will use: ``["sms"]`` when a gateway is configured, else nothing (the caller shows the
    same text on screen, so nobody depends on the SMS alone).
    """
    if not (phone and settings.SMS_SENDER):
        return []
    transaction.on_commit(lambda: _send_sms(phone, text))
    return ["sms"]


def _send_sms(phone: str, text: str) -> None:
    try:
        sms_sender().send(phone, text)
    except Exception:
        logger.warning("SMS to a registered visitor failed", exc_info=True)


def unread_messages(user, limit: int = 10) -> list[Notification]:
    """The in-site messages "我的" shows: the newest unread ones."""
    return list(Notification.objects.filter(user=user, read_at__isnull=True)[:limit])


def do_mark_read(user, notification_id: int | None = None) -> Notification | None:
    """Mark one of the user's messages read (returned, so its link can be followed), or all of them (None).

    Only the user's own messages: another person's number finds nothing."""
    now = timezone.now()
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is None:
        unread.update(read_at=now)
        return None
    note = Notification.objects.filter(user=user, pk=notification_id).first()
    if note is not None and note.read_at is None:
        unread.filter(pk=note.pk).update(read_at=now)
    return note


def send_password_reset(email: str, domain: str, use_https: bool) -> None:
    """Queue the reset mail for ``email`` once the request's transaction commits.

    Whether an account has the address is decided by the task worker (accounts.tasks), never while the visitor
    waits: the page answers alike, in about the same time, for a known and an unknown address.
    """
    from .tasks import send_password_reset_mail

    transaction.on_commit(lambda: send_password_reset_mail.enqueue(email, domain, use_https))
