"""Who may serve: one rule (roster.eligibility) for sign-up, invitation, check-in, matching and the list in 我的."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from accounts.roles import VOLUNTEER
from certificates.actions import do_issue_certificate
from roster.actions import do_check_in, do_invite, do_sign_up
from roster.matching import match_volunteers
from roster.models import Signup, Volunteer
from tests.certificates.conftest import template  # noqa: F401 - fixture
from tests.conftest import make_user

from .factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def guide_role(home_page):
    course = home_page.add_child(instance=Page(title="门诊导诊岗位培训", slug="guide-course"))
    role = make_role("门诊导诊")
    role.required_courses.add(course)
    return role, course


def volunteer_with_account(name: str, username: str, status: str = Volunteer.Status.ACTIVE) -> Volunteer:
    return make_volunteer(name, status=status, user=make_user(username, VOLUNTEER), availability=["mon-am", "sat-am"])


def test_trainee_sees_once_why_they_cannot_sign_up_and_no_button(client, guide_role):
    role, _course = guide_role
    volunteer = volunteer_with_account("小培", "trainee", status=Volunteer.Status.TRAINING)
    volunteer.roles.add(role)
    activity = make_activity(role, name="门诊导诊服务")
    make_activity(role, starts_at=timezone.now() + timedelta(days=9), name="门诊导诊服务")
    client.force_login(volunteer.user)
    page = client.get(reverse("accounts:me")).content.decode()
    assert "门诊导诊服务" in page and "你现在还不能报名活动" in page
    assert page.count("只有在岗志愿者可以参加活动") == 1
    assert reverse("roster:sign_up", args=[activity.pk]) not in page


def test_active_volunteer_without_the_roles_certificate_sees_what_is_missing(client, guide_role):
    role, _course = guide_role
    volunteer = volunteer_with_account("小岗", "active")
    volunteer.roles.add(role)
    activity = make_activity(role, name="门诊导诊服务")
    client.force_login(volunteer.user)
    page = client.get(reverse("accounts:me")).content.decode()
    assert "暂不能报名" in page and "门诊导诊岗位培训" in page
    assert reverse("roster:sign_up", args=[activity.pk]) not in page


def test_leaving_active_service_gives_back_upcoming_places_and_says_so(django_capture_on_commit_callbacks):
    from accounts.models import Notification
    from roster.actions import do_change_status

    role = make_role("病房陪伴")
    volunteer = volunteer_with_account("小离", "leaving")
    upcoming = do_sign_up(volunteer, make_activity(role, name="病房陪伴服务"))
    with django_capture_on_commit_callbacks(execute=True):
        do_change_status(volunteer, Volunteer.Status.PAUSED, by=None, reason="请假")
    upcoming.refresh_from_db()
    assert upcoming.status == Signup.Status.CANCELLED
    assert Notification.objects.filter(user=volunteer.user, body__contains="病房陪伴服务").exists()


def test_trainee_cannot_sign_up_even_by_posting(client, guide_role):
    role, _course = guide_role
    volunteer = volunteer_with_account("小培", "trainee", status=Volunteer.Status.TRAINING)
    activity = make_activity(role)
    client.force_login(volunteer.user)
    response = client.post(reverse("roster:sign_up", args=[activity.pk]), follow=True)
    assert "只有在岗志愿者可以参加活动" in response.content.decode()
    assert not Signup.objects.exists()


def test_active_volunteer_without_required_certificate_cannot_sign_up(guide_role):
    role, _course = guide_role
    volunteer = volunteer_with_account("小岗", "active")
    with pytest.raises(ValidationError, match="门诊导诊岗位培训"):
        do_sign_up(volunteer, make_activity(role))
    assert not Signup.objects.exists()


def test_certified_active_volunteer_signs_up(guide_role, template):  # noqa: F811
    role, course = guide_role
    volunteer = volunteer_with_account("小证", "certified")
    do_issue_certificate(volunteer.user, template, title=course.title, course_page=course)
    assert do_sign_up(volunteer, make_activity(role)).status == Signup.Status.SIGNED_UP


def test_certificate_must_be_valid_on_the_activity_date_not_today(guide_role, template):  # noqa: F811
    role, course = guide_role
    volunteer = volunteer_with_account("快过期", "expiring")
    certificate = do_issue_certificate(
        volunteer.user, template, title=course.title, course_page=course, issued_on=timezone.localdate()
    )
    after_expiry = timezone.make_aware(
        datetime.datetime.combine(certificate.valid_until + timedelta(days=7), datetime.time(9))
    )
    with pytest.raises(ValidationError, match="有效的证书"):
        do_sign_up(volunteer, make_activity(role, starts_at=after_expiry))


def test_ineligible_volunteer_is_not_invited(guide_role):
    role, _course = guide_role
    volunteer = volunteer_with_account("未持证", "nocert")
    assert do_invite([volunteer], make_activity(role)) == 0
    assert not Signup.objects.exists()


def test_paused_volunteer_cannot_be_checked_in():
    volunteer = make_volunteer("暂停者")
    activity = make_activity(make_role(), starts_at=timezone.now() - timedelta(minutes=30))
    signup = Signup.objects.create(activity=activity, volunteer=volunteer)
    Volunteer.objects.filter(pk=volunteer.pk).update(status=Volunteer.Status.PAUSED)
    with pytest.raises(ValidationError, match="暂停"):
        do_check_in(signup)
    signup.refresh_from_db()
    assert signup.checked_in_at is None


def test_matching_and_sign_up_agree_on_who_may_serve(guide_role, template):  # noqa: F811
    role, course = guide_role
    certified = volunteer_with_account("持证在岗", "ok")
    do_issue_certificate(certified.user, template, title=course.title, course_page=course)
    trainee = volunteer_with_account("持证培训中", "trainee", status=Volunteer.Status.TRAINING)
    do_issue_certificate(trainee.user, template, title=course.title, course_page=course)
    volunteer_with_account("在岗无证", "nocert")
    saturday = timezone.localdate() + timedelta(days=(5 - timezone.localdate().weekday()) % 7 or 7)
    activity = make_activity(role, starts_at=timezone.make_aware(datetime.datetime.combine(saturday, datetime.time(9))))
    offered = {c.volunteer.name for c in match_volunteers(role, activity.starts_at, activity.ends_at)}
    allowed = set()
    for volunteer in Volunteer.objects.all():
        try:
            do_sign_up(volunteer, activity)
        except ValidationError:
            continue
        allowed.add(volunteer.name)
    assert offered == allowed == {"持证在岗"}
