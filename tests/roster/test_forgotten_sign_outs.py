"""A volunteer who never signs out is closed at the activity's end at ZERO hours and flagged 未签退."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from roster.actions import do_check_out, do_confirm_service_record, do_correct_service_record
from roster.models import ServiceRecord, ServiceRecordChange, Signup

from .factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def forgotten():
    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(hours=10), hours=4, name="上午导诊")
    return Signup.objects.create(
        activity=activity, volunteer=make_volunteer(), checked_in_at=activity.starts_at + timedelta(minutes=5)
    )


def test_command_closes_forgotten_sign_outs_at_zero_hours_and_flags_them(forgotten):
    out = StringIO()
    call_command("close_forgotten_sign_outs", stdout=out)
    record = ServiceRecord.objects.get(signup=forgotten)
    assert record.hours == Decimal("0") and record.missing_check_out
    assert record.status == ServiceRecord.Status.PENDING
    assert "1" in out.getvalue()
    call_command("close_forgotten_sign_outs", stdout=StringIO())
    assert ServiceRecord.objects.count() == 1


def test_activities_still_running_are_left_open():
    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(hours=1), hours=4)
    Signup.objects.create(activity=activity, volunteer=make_volunteer(), checked_in_at=activity.starts_at)
    call_command("close_forgotten_sign_outs", stdout=StringIO())
    assert not ServiceRecord.objects.exists()


def test_flagged_record_cannot_be_confirmed_or_checked_out_until_corrected(forgotten, social_worker):
    call_command("close_forgotten_sign_outs", stdout=StringIO())
    record = ServiceRecord.objects.get()
    with pytest.raises(ValidationError, match="未签退"):
        do_confirm_service_record(record, social_worker)
    with pytest.raises(ValidationError, match="未签退"):
        do_check_out(forgotten)


def test_social_worker_sets_the_real_time_with_a_reason_in_the_hours_queue(client, forgotten, social_worker):
    call_command("close_forgotten_sign_outs", stdout=StringIO())
    record = ServiceRecord.objects.get()
    client.force_login(social_worker)
    queue = reverse("roster_admin:hours_queue")
    assert "未签退" in client.get(queue).content.decode()
    start = timezone.localtime(forgotten.checked_in_at)
    times = {
        "record": record.pk,
        "action": "correct",
        "checked_in_at": start.strftime("%Y-%m-%dT%H:%M"),
        "checked_out_at": (start + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    client.post(queue, {**times, "reason": ""})
    record.refresh_from_db()
    assert record.missing_check_out and record.hours == 0
    client.post(queue, {**times, "reason": "护士长确认11点离开"})
    record.refresh_from_db()
    assert not record.missing_check_out and record.hours == Decimal("3")
    change = ServiceRecordChange.objects.get(record=record)
    assert change.reason == "护士长确认11点离开" and change.changed_by == social_worker
    assert change.before["hours"] == "0.00" and change.after["hours"] == "3.00"


def test_correction_needs_a_reason(forgotten, social_worker):
    call_command("close_forgotten_sign_outs", stdout=StringIO())
    record = ServiceRecord.objects.get()
    with pytest.raises(ValidationError, match="更正原因"):
        do_correct_service_record(record, social_worker, forgotten.checked_in_at, timezone.now(), "  ")
