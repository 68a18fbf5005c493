"""办法 第十三条: a volunteer reports a missing or wrong record; a social worker accepts or declines, with a trace."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from accounts.roles import VOLUNTEER
from roster.models import CorrectionRequest, ServiceRecord, ServiceRecordChange, Signup
from tests.conftest import make_user

from .factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def served(settings, tmp_path):
    """A volunteer who took part in yesterday's activity but whose sign-in was never recorded."""
    settings.MEDIA_ROOT = tmp_path
    volunteer = make_volunteer("漏记者", user=make_user("missing", VOLUNTEER, email="lj@example.com"))
    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(days=1), hours=3, name="周二导诊")
    Signup.objects.create(activity=activity, volunteer=volunteer)
    return volunteer, activity


def report(client, volunteer, activity, **extra):
    client.force_login(volunteer.user)
    start = timezone.localtime(activity.starts_at)
    data = {
        "kind": "missing",
        "activity": activity.pk,
        "date": start.date().isoformat(),
        "started_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ended_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
        "description": "当天手机没电,社工没有扫码",
        **extra,
    }
    return client.post(reverse("roster:request_correction"), data)


def test_volunteer_reports_a_missing_record_from_me(client, served):
    volunteer, activity = served
    client.force_login(volunteer.user)
    assert reverse("roster:request_correction") in client.get(reverse("accounts:me")).content.decode()
    response = report(client, volunteer, activity, evidence=SimpleUploadedFile("sheet.png", PNG, "image/png"))
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.activity == activity and request.status == CorrectionRequest.Status.PENDING
    assert request.evidence.name.endswith(".png") and "sheet" not in request.evidence.name
    page = client.get(reverse("accounts:me")).content.decode()
    assert "漏记" in page and "待处理" in page


def test_empty_or_wrong_report_is_refused_and_saves_nothing(client, served):
    volunteer, activity = served
    client.force_login(volunteer.user)
    empty = client.post(reverse("roster:request_correction"), {})
    assert empty.status_code == 200 and 'class="errorlist' in empty.content.decode()
    bad_file = report(client, volunteer, activity, evidence=SimpleUploadedFile("virus.exe", b"MZ", "application/x"))
    assert "不支持的文件类型" in bad_file.content.decode()
    future = report(client, volunteer, activity, date=(timezone.localdate() + timedelta(days=3)).isoformat())
    assert "服务日期不能晚于今天" in future.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_social_worker_accepts_and_the_record_is_created_with_a_trace(
    client, served, social_worker, django_capture_on_commit_callbacks
):
    volunteer, activity = served
    report(client, volunteer, activity)
    request = CorrectionRequest.objects.get()
    client.force_login(social_worker)
    queue = reverse("roster_admin:correction_queue")
    page = client.get(queue).content.decode()
    assert "当天手机没电" in page and "<title>服务记录更正申请" in page
    start = timezone.localtime(activity.starts_at)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            queue,
            {
                "correction": request.pk,
                f"c{request.pk}-decision": "accept",
                f"c{request.pk}-started_at": start.strftime("%Y-%m-%dT%H:%M"),
                f"c{request.pk}-ended_at": (start + timedelta(hours=2, minutes=30)).strftime("%Y-%m-%dT%H:%M"),
                f"c{request.pk}-reason": "核对纸质签到表属实",
            },
        )
    assert response.status_code == 302
    record = ServiceRecord.objects.get(volunteer=volunteer)
    assert record.hours == Decimal("2.5") and record.status == ServiceRecord.Status.PENDING
    change = ServiceRecordChange.objects.get(record=record)
    assert change.changed_by == social_worker and change.reason == "核对纸质签到表属实"
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.ACCEPTED and request.record == record
    assert Notification.objects.filter(user=volunteer.user, title__contains="已采纳").exists()


def test_social_worker_declines_with_a_reason_the_volunteer_sees(
    client, served, social_worker, django_capture_on_commit_callbacks
):
    from django.core import mail

    volunteer, activity = served
    report(client, volunteer, activity)
    request = CorrectionRequest.objects.get()
    client.force_login(social_worker)
    queue = reverse("roster_admin:correction_queue")
    client.post(queue, {"correction": request.pk, f"c{request.pk}-decision": "decline", f"c{request.pk}-reason": ""})
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            queue,
            {
                "correction": request.pk,
                f"c{request.pk}-decision": "decline",
                f"c{request.pk}-reason": "签到表上没有您的签名",
            },
        )
    request.refresh_from_db()
    assert request.status == CorrectionRequest.Status.DECLINED
    assert not ServiceRecord.objects.exists()
    assert len(mail.outbox) == 1 and "签到表上没有您的签名" in mail.outbox[0].body
    client.force_login(volunteer.user)
    page = client.get(reverse("accounts:me")).content.decode()
    assert "未采纳" in page and "签到表上没有您的签名" in page


def test_evidence_photo_is_for_social_workers_only(client, served, social_worker):
    volunteer, activity = served
    report(client, volunteer, activity, evidence=SimpleUploadedFile("sheet.png", PNG, "image/png"))
    url = reverse("roster_admin:correction_evidence", args=[CorrectionRequest.objects.get().pk])
    assert client.get(url).status_code in (302, 403)
    client.force_login(social_worker)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG


def test_service_records_cannot_be_edited_in_the_snippet_forms(client, served, social_worker):
    volunteer, _activity = served
    record = ServiceRecord.objects.create(volunteer=volunteer, date=timezone.localdate(), hours=Decimal("2"))
    client.force_login(social_worker)
    response = client.post(
        reverse("wagtailsnippets_roster_servicerecord:edit", args=[record.pk]),
        {"volunteer": volunteer.pk, "date": record.date.isoformat(), "hours": "20"},
    )
    assert response.status_code in (302, 403)
    record.refresh_from_db()
    assert record.hours == Decimal("2")
