"""Signed service agreements (条例 第十四条) and the daily record reminders (health expiry, entries due)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from roster.actions import add_months, do_record_health_check, do_sign_agreement
from roster.models import AgreementVersion, HealthCheck, HealthItem, ServiceRecord, SignedAgreement
from roster.reminders import send_record_reminders
from tests.conftest import make_user

from .factories import add_hours, make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def version():
    return AgreementVersion.objects.create(version="2026版", text="甲乙双方……", term_months=12)


def test_agreement_runs_for_its_term_and_renewal_keeps_the_earlier_one(version, social_worker):
    volunteer = make_volunteer("签协议")
    first = do_sign_agreement(volunteer, version, date(2025, 3, 1), social_worker)
    assert first.expires_on == date(2026, 2, 28)
    renewal = do_sign_agreement(volunteer, version, date(2026, 2, 20), social_worker, "online")
    assert list(volunteer.agreements.all()) == [renewal, first]
    with pytest.raises(ValidationError, match="签署日期不能晚于今天"):
        do_sign_agreement(volunteer, version, timezone.localdate() + timedelta(days=1), social_worker)


def test_add_months_at_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 27)
    assert add_months(date(2026, 12, 15), 12) == date(2027, 12, 14)


def test_record_page_registers_an_agreement_and_a_health_check_and_refuses_empty_forms(client, social_worker, version):
    volunteer = make_volunteer("档案")
    item = HealthItem.objects.create(name="流感疫苗", validity_days=365)
    item.roles.add(make_role("病房陪伴"))
    url = reverse("roster_admin:volunteer_record", args=[volunteer.pk])
    client.force_login(social_worker)
    page = client.post(url, {"action": "agreement"}).content.decode()
    assert "必需字段" in page
    assert not SignedAgreement.objects.exists()
    today = timezone.localdate().isoformat()
    client.post(
        url,
        {
            "action": "agreement",
            "agreement-version": version.pk,
            "agreement-signed_on": today,
            "agreement-how": "paper",
        },
    )
    assert SignedAgreement.objects.get().recorded_by == social_worker
    page = client.post(
        url, {"action": "health", "health-item": item.pk, "health-checked_on": "2999-01-01", "health-result": "pass"}
    )
    assert "检查日期不能晚于今天" in page.content.decode() and not HealthCheck.objects.exists()
    client.post(url, {"action": "health", "health-item": item.pk, "health-checked_on": today, "health-result": "pass"})
    check = HealthCheck.objects.get()
    assert (check.result, check.checked_by) == (HealthCheck.Result.PASS, social_worker)
    page = client.get(url).content.decode()
    assert "流感疫苗" in page and "2026版" in page


def test_volunteer_is_reminded_a_week_before_a_check_expires_once_a_day(django_capture_on_commit_callbacks):
    user = make_user("tb")
    volunteer = make_volunteer("快到期", user=user)
    item = HealthItem.objects.create(name="年度结核筛查", validity_days=365, remind_days=30)
    today = timezone.localdate()
    do_record_health_check(volunteer, item, today - timedelta(days=365 - 8), HealthCheck.Result.PASS, None)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_record_reminders(today).sent == 1
        assert send_record_reminders(today).sent == 0
    assert Notification.objects.filter(user=user, title__contains="年度结核筛查").count() == 1


def test_social_worker_is_reminded_of_overdue_entries(django_capture_on_commit_callbacks, social_worker):
    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(days=30), social_worker=social_worker)
    add_hours(
        make_volunteer("待确认"),
        "2",
        status=ServiceRecord.Status.PENDING,
        activity=activity,
        date=timezone.localdate() - timedelta(days=30),
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert send_record_reminders().sent == 1
    assert Notification.objects.filter(user=social_worker, title__contains="已逾期").exists()


def test_office_is_told_once_of_insurance_ending_within_30_days_without_a_later_policy(
    django_capture_on_commit_callbacks, social_worker, coordinator
):
    from roster.models import InsurancePolicy

    today = timezone.localdate()
    ending = make_volunteer("保险将止")
    continued = make_volunteer("已续保")
    old = InsurancePolicy.objects.create(
        insurer="平安", number="P-1", starts_on=today - timedelta(days=300), ends_on=today + timedelta(days=20)
    )
    old.covered.add(ending, continued)
    renewal = InsurancePolicy.objects.create(
        insurer="平安", number="P-2", starts_on=today + timedelta(days=21), ends_on=today + timedelta(days=400)
    )
    renewal.covered.add(continued)
    with django_capture_on_commit_callbacks(execute=True):
        send_record_reminders(today)
        send_record_reminders(today)
        send_record_reminders(today + timedelta(days=1))  # the next day: already told about this cover
    for user in (social_worker, coordinator):
        told = Notification.objects.filter(user=user, title__contains="意外保险")
        assert told.count() == 1
        assert ending.name in told.get().body and continued.name not in told.get().body
    # A second volunteer's cover coming into the 30 days later is told on its own.
    later = make_volunteer("后到期")
    InsurancePolicy.objects.create(
        insurer="人保", number="R-1", starts_on=today, ends_on=today + timedelta(days=32)
    ).covered.add(later)
    with django_capture_on_commit_callbacks(execute=True):
        send_record_reminders(today + timedelta(days=3))
    latest = Notification.objects.filter(user=social_worker, title__contains="意外保险").order_by("-pk").first()
    assert Notification.objects.filter(user=social_worker, title__contains="意外保险").count() == 2
    assert later.name in latest.body and ending.name not in latest.body
