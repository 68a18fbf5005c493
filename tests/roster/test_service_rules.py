"""Hours that cannot be true are refused, with a Chinese message naming the conflict (roster.service_rules)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from roster.actions import do_check_in, do_check_out, do_record_attendance
from roster.models import ServiceRecord, ServiceRecordChange, Signup

from .factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


def signed_up(volunteer=None, starts_in: timedelta = timedelta(hours=-2), hours: int = 4, name: str = "门诊导诊服务"):
    activity = make_activity(
        make_role(name=f"岗位{name}"), starts_at=timezone.now() + starts_in, hours=hours, name=name
    )
    return Signup.objects.create(activity=activity, volunteer=volunteer or make_volunteer())


def test_check_in_for_an_activity_that_has_not_started_is_refused():
    signup = signed_up(starts_in=timedelta(days=2))
    with pytest.raises(ValidationError, match="尚未开始"):
        do_check_in(signup)
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_hand_entered_times_for_a_future_activity_are_refused():
    signup = signed_up(starts_in=timedelta(days=2))
    start = signup.activity.starts_at
    with pytest.raises(ValidationError, match="尚未开始"):
        do_record_attendance(signup, start, start + timedelta(hours=2))
    assert not ServiceRecord.objects.exists()


def test_times_in_the_future_are_refused():
    signup = signed_up(starts_in=timedelta(hours=-1))
    with pytest.raises(ValidationError, match="晚于现在"):
        do_record_attendance(signup, timezone.now() - timedelta(minutes=30), timezone.now() + timedelta(hours=1))
    assert not ServiceRecord.objects.exists()


@override_settings(ROSTER_SERVICE_TIME_MARGIN_MINUTES=30)
def test_times_outside_the_activity_hours_are_refused_without_a_reason():
    signup = signed_up(starts_in=timedelta(days=-1), hours=3)
    start = signup.activity.starts_at
    with pytest.raises(ValidationError, match="不在活动时间") as refused:
        do_record_attendance(signup, start - timedelta(hours=5), start + timedelta(hours=2))
    assert "前后 30 分钟" in " ".join(refused.value.messages)
    assert not ServiceRecord.objects.exists()


def test_a_social_workers_deliberate_correction_outside_the_hours_is_kept_with_its_reason(social_worker):
    signup = signed_up(starts_in=timedelta(days=-1), hours=3)
    start = signup.activity.starts_at
    record = do_record_attendance(
        signup, start, start + timedelta(hours=5), by=social_worker, reason="活动延长,患者家属需要陪同"
    )
    assert record.hours == Decimal("5")
    change = ServiceRecordChange.objects.get(record=record)
    assert change.changed_by == social_worker and change.reason == "活动延长,患者家属需要陪同"


def test_two_records_of_one_volunteer_cannot_overlap():
    volunteer = make_volunteer()
    first = signed_up(volunteer, starts_in=timedelta(days=-1), hours=4, name="上午导诊")
    second = signed_up(volunteer, starts_in=timedelta(days=-1, hours=1), hours=4, name="病房陪伴")
    start = first.activity.starts_at
    do_record_attendance(first, start, start + timedelta(hours=3))
    with pytest.raises(ValidationError, match="时间重叠"):
        do_record_attendance(second, start + timedelta(hours=1), start + timedelta(hours=4))
    assert ServiceRecord.objects.count() == 1


def test_cannot_check_in_at_a_second_activity_while_checked_in_at_another():
    volunteer = make_volunteer()
    first = signed_up(volunteer, name="上午导诊")
    second = signed_up(volunteer, name="病房陪伴")
    do_check_in(first)
    with pytest.raises(ValidationError, match="上午导诊"):
        do_check_in(second)


def test_admin_attendance_entry_shows_the_conflict(client, social_worker):
    signup = signed_up(starts_in=timedelta(days=2))
    client.force_login(social_worker)
    start = timezone.localtime(signup.activity.starts_at)
    response = client.post(
        reverse("roster_admin:activity_detail", args=[signup.activity.pk]),
        {
            "signup": signup.pk,
            "checked_in_at": start.strftime("%Y-%m-%dT%H:%M"),
            "checked_out_at": (start + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )
    assert response.status_code == 200 and "尚未开始" in response.content.decode()
    assert not ServiceRecord.objects.exists()


def test_check_in_and_out_within_the_hours_still_work():
    signup = signed_up(starts_in=timedelta(hours=-3), hours=4)
    do_check_in(signup, timezone.now() - timedelta(hours=3))
    record = do_check_out(signup)
    assert record.hours == Decimal("3") and record.started_at and record.ended_at
