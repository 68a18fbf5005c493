"""Health credentials and accident insurance gate a role at sign-up, matching and check-in (roster.eligibility)."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from roster.actions import do_check_in, do_record_health_check, do_sign_up
from roster.credentials import expiring_health, expiring_insurance
from roster.matching import match_volunteers
from roster.models import HealthCheck, HealthItem, InsurancePolicy, Signup

from .factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def ward_role():
    role = make_role("病房陪伴", needs_insurance=True)
    tb = HealthItem.objects.create(name="年度结核筛查", validity_days=365)
    tb.roles.add(role)
    return role, tb


def insure(volunteer, starts_on, ends_on, number="PA2026-001"):
    policy, _ = InsurancePolicy.objects.get_or_create(
        number=number, defaults={"insurer": "人保财险", "starts_on": starts_on, "ends_on": ends_on}
    )
    policy.covered.add(volunteer)
    return policy


def screened(volunteer, item, days_ago=10, result=HealthCheck.Result.PASS, by=None):
    return do_record_health_check(volunteer, item, timezone.localdate() - timedelta(days=days_ago), result, by)


def test_volunteer_without_insurance_or_screening_cannot_sign_up_and_is_told_both(ward_role):
    role, _tb = ward_role
    volunteer = make_volunteer("小陈")
    with pytest.raises(ValidationError) as refused:
        do_sign_up(volunteer, make_activity(role))
    text = " ".join(refused.value.messages)
    assert "年度结核筛查" in text and "意外险" in text
    assert not Signup.objects.exists()


def test_insured_and_screened_volunteer_signs_up(ward_role, social_worker):
    role, tb = ward_role
    volunteer = make_volunteer("小陈")
    today = timezone.localdate()
    insure(volunteer, today - timedelta(days=30), today + timedelta(days=300))
    screened(volunteer, tb, by=social_worker)
    assert do_sign_up(volunteer, make_activity(role)).status == Signup.Status.SIGNED_UP


def test_failed_or_expired_screening_blocks_sign_up(ward_role):
    role, tb = ward_role
    today = timezone.localdate()
    failed, expired = make_volunteer("不合格"), make_volunteer("已过期")
    for volunteer in (failed, expired):
        insure(volunteer, today - timedelta(days=400), today + timedelta(days=300))
    screened(failed, tb, result=HealthCheck.Result.FAIL)
    screened(expired, tb, days_ago=366)
    for volunteer in (failed, expired):
        with pytest.raises(ValidationError, match="年度结核筛查"):
            do_sign_up(volunteer, make_activity(role, name=f"陪伴{volunteer.name}"))


def test_cover_must_run_on_the_activity_date(ward_role):
    role, tb = ward_role
    volunteer = make_volunteer("快到期")
    today = timezone.localdate()
    insure(volunteer, today - timedelta(days=300), today + timedelta(days=3))
    screened(volunteer, tb)
    later = make_activity(role, starts_at=timezone.now() + timedelta(days=10))
    with pytest.raises(ValidationError, match="意外险"):
        do_sign_up(volunteer, later)


def test_matching_offers_only_insured_and_screened_volunteers(ward_role):
    role, tb = ward_role
    today = timezone.localdate()
    ready, uninsured, unscreened = make_volunteer("齐全"), make_volunteer("没保险"), make_volunteer("没筛查")
    for volunteer in (ready, unscreened):
        insure(volunteer, today - timedelta(days=30), today + timedelta(days=300))
    for volunteer in (ready, uninsured):
        screened(volunteer, tb)
    monday = today + timedelta(days=(7 - today.weekday()) % 7 or 7)
    starts = timezone.make_aware(datetime.datetime.combine(monday, datetime.time(9)))
    offered = {candidate.volunteer.name for candidate in match_volunteers(role, starts, starts + timedelta(hours=2))}
    assert offered == {"齐全"}


def test_check_in_is_refused_once_the_screening_is_withdrawn(ward_role):
    role, tb = ward_role
    volunteer = make_volunteer("签到")
    today = timezone.localdate()
    insure(volunteer, today - timedelta(days=30), today + timedelta(days=300))
    check = screened(volunteer, tb)
    activity = make_activity(role, starts_at=timezone.now() - timedelta(minutes=10))
    signup = Signup.objects.create(activity=activity, volunteer=volunteer)
    HealthCheck.objects.filter(pk=check.pk).update(result=HealthCheck.Result.FAIL)
    with pytest.raises(ValidationError, match="年度结核筛查"):
        do_check_in(signup)
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_role_without_requirements_is_not_gated():
    role = make_role("门诊导诊")
    assert do_sign_up(make_volunteer("随便"), make_activity(role)).status == Signup.Status.SIGNED_UP


def test_health_check_keeps_only_date_result_and_checker(ward_role, social_worker):
    _role, tb = ward_role
    check = screened(make_volunteer("小陈"), tb, by=social_worker)
    fields = {field.name for field in HealthCheck._meta.concrete_fields}
    assert fields == {"id", "volunteer", "item", "checked_on", "result", "checked_by", "recorded_at"}
    assert check.checked_by == social_worker
    with pytest.raises(ValidationError, match="合格或不合格"):
        do_record_health_check(check.volunteer, tb, timezone.localdate(), "maybe", social_worker)


def test_cover_ending_within_30_days_is_listed_unless_renewed(ward_role):
    today = timezone.localdate()
    ending, renewed, later = make_volunteer("将到期"), make_volunteer("已续保"), make_volunteer("还早")
    insure(ending, today - timedelta(days=300), today + timedelta(days=20), number="A")
    insure(renewed, today - timedelta(days=300), today + timedelta(days=20), number="A")
    insure(renewed, today + timedelta(days=21), today + timedelta(days=400), number="B")
    insure(later, today - timedelta(days=300), today + timedelta(days=45), number="C")
    assert [row.volunteer.name for row in expiring_insurance(today)] == ["将到期"]


def test_screening_nearing_expiry_is_listed(ward_role):
    _role, tb = ward_role
    soon, fresh = make_volunteer("快过期"), make_volunteer("新筛查")
    screened(soon, tb, days_ago=350)
    screened(fresh, tb, days_ago=5)
    assert [row.volunteer.name for row in expiring_health(timezone.localdate())] == ["快过期"]
