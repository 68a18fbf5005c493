"""Mail goes out only after the action's transaction commits, and a failing mail server never undoes the action."""

from __future__ import annotations

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from roster.models import Application, Volunteer

from .test_screening import make_application

pytestmark = pytest.mark.django_db


class BrokenMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("connection refused")


def test_acceptance_stands_when_the_mail_server_fails(
    client, social_worker, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.roster.test_after_commit.BrokenMailServer"
    application = make_application(email="zm@example.com")
    client.force_login(social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roster_admin:screening_detail", args=[application.pk]),
            {"decision": "accept", "cohort": "", "interview_notes": ""},
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED
    assert Volunteer.objects.filter(application=application).exists()


def test_invitation_mail_waits_for_the_commit(client, social_worker, django_capture_on_commit_callbacks):
    application = make_application(email="zm@example.com")
    client.force_login(social_worker)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(
            reverse("roster_admin:screening_detail", args=[application.pk]),
            {"decision": "accept", "cohort": "", "interview_notes": ""},
        )
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body
