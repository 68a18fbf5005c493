"""accounts.notifications.notify: nothing is sent for a rolled-back action; a failing channel is only logged."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from accounts.models import Notification
from accounts.notifications import notify

pytestmark = pytest.mark.django_db


class Refused(Exception):
    pass


def test_a_rolled_back_action_notifies_no_one(volunteer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        with transaction.atomic():
            notify(volunteer, "报名成功")
            raise Refused
    assert not Notification.objects.exists() and mail.outbox == []


def test_notification_is_delivered_after_commit(volunteer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        channels = notify(volunteer, "报名成功", "周六上午门诊导诊", url="/accounts/me/")
    assert channels == ["site", "email"]
    assert Notification.objects.get(user=volunteer).title == "报名成功"
    assert len(mail.outbox) == 1 and "/accounts/me/" in mail.outbox[0].body


class ExplodingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise RuntimeError("backend misconfigured")


def test_any_mail_backend_error_is_logged_not_raised(volunteer, settings, django_capture_on_commit_callbacks, caplog):
    settings.EMAIL_BACKEND = "tests.accounts.test_notifications.ExplodingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        notify(volunteer, "证书已签发")
    assert Notification.objects.filter(user=volunteer, title="证书已签发").exists()
    assert "e-mail to user" in caplog.text
