"""Waitlist, late cancellation and no-shows: a full activity takes a waitlist, a cancellation promotes the first
waiting volunteer and tells them, and a late cancellation or an unused place is recorded and counted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Notification
from roster import actions
from roster.models import SchedulingRules, Signup
from roster.scheduling import attendance_rates, waitlist_position
from tests.conftest import make_user
from tests.roster.factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_activity():
    role = make_role()
    activity = make_activity(role, capacity=1, starts_at=timezone.now() + timedelta(days=3))
    holder = make_volunteer("甲")
    actions.do_sign_up(holder, activity)
    return activity, holder


def test_full_activity_refuses_without_waitlist_and_queues_with_it(full_activity):
    activity, _holder = full_activity
    first, second = make_volunteer("乙"), make_volunteer("丙")
    with pytest.raises(ValidationError, match="名额已满"):
        actions.do_sign_up(first, activity)
    a = actions.do_sign_up(first, activity, waitlist=True)
    b = actions.do_sign_up(second, activity, waitlist=True)
    assert (a.status, b.status) == (Signup.Status.WAITLISTED, Signup.Status.WAITLISTED)
    assert (waitlist_position(a), waitlist_position(b)) == (1, 2)
    # joining the waitlist twice keeps the first place in the queue
    again = actions.do_sign_up(first, activity, waitlist=True)
    assert waitlist_position(again) == 1


def test_cancellation_promotes_the_first_waiting_volunteer_and_tells_them(
    full_activity, django_capture_on_commit_callbacks
):
    activity, holder = full_activity
    user = make_user("yi")
    first = make_volunteer("乙", user=user)
    second = make_volunteer("丙")
    actions.do_sign_up(first, activity, waitlist=True)
    actions.do_sign_up(second, activity, waitlist=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_cancel_signup(Signup.objects.get(activity=activity, volunteer=holder))
    statuses = dict(Signup.objects.filter(activity=activity).values_list("volunteer__name", "status"))
    assert statuses == {"甲": "cancelled", "乙": "signed_up", "丙": "waitlisted"}
    assert Notification.objects.filter(user=user, title__contains="候补成功").exists()


def test_promotion_skips_a_waiting_volunteer_who_may_not_serve(full_activity):
    activity, holder = full_activity
    first, second = make_volunteer("乙"), make_volunteer("丙")
    actions.do_sign_up(first, activity, waitlist=True)
    actions.do_sign_up(second, activity, waitlist=True)
    day = timezone.localtime(activity.starts_at).date()
    actions.do_record_leave(first, day, day, "出差")  # on leave that day: their waitlist place is given back
    actions.do_cancel_signup(Signup.objects.get(activity=activity, volunteer=holder))
    assert Signup.objects.get(activity=activity, volunteer=second).status == Signup.Status.SIGNED_UP
    assert Signup.objects.get(activity=activity, volunteer=first).status == Signup.Status.CANCELLED


def test_cancelling_a_waitlist_place_promotes_nobody(full_activity):
    activity, _holder = full_activity
    first, second = make_volunteer("乙"), make_volunteer("丙")
    a = actions.do_sign_up(first, activity, waitlist=True)
    actions.do_sign_up(second, activity, waitlist=True)
    actions.do_cancel_signup(a)
    assert Signup.objects.filter(activity=activity, status=Signup.Status.SIGNED_UP).count() == 1
    assert Signup.objects.get(activity=activity, volunteer=second).status == Signup.Status.WAITLISTED
    assert not Signup.objects.get(pk=a.pk).late_cancellation


def test_cancelling_less_than_the_set_time_before_start_is_a_late_cancellation():
    rules = SchedulingRules.load()
    rules.late_cancellation_hours = 48
    rules.save()
    role = make_role()
    soon = make_activity(role, starts_at=timezone.now() + timedelta(hours=30))
    later = make_activity(role, starts_at=timezone.now() + timedelta(hours=60))
    volunteer = make_volunteer()
    late = actions.do_cancel_signup(actions.do_sign_up(volunteer, soon))
    early = actions.do_cancel_signup(actions.do_sign_up(volunteer, later))
    assert late.late_cancellation and late.cancelled_at
    assert not early.late_cancellation


def test_no_show_is_recorded_once_the_activity_has_ended_and_rates_follow():
    role = make_role()
    volunteer = make_volunteer()
    past = [make_activity(role, starts_at=timezone.now() - timedelta(days=d, hours=1), hours=1) for d in (1, 2, 3, 4)]
    for activity in past:
        Signup.objects.create(activity=activity, volunteer=volunteer)
    attended = Signup.objects.get(activity=past[0])
    Signup.objects.filter(pk=attended.pk).update(checked_in_at=past[0].starts_at, checked_out_at=past[0].ends_at)
    Signup.objects.filter(activity=past[1]).update(
        status=Signup.Status.CANCELLED, late_cancellation=True, cancelled_at=past[1].starts_at
    )
    Signup.objects.filter(activity=past[2]).update(status=Signup.Status.CANCELLED)  # given back in good time
    upcoming = make_activity(role, starts_at=timezone.now() + timedelta(days=1))
    actions.do_sign_up(volunteer, upcoming)

    assert actions.do_record_no_shows() == 1
    assert Signup.objects.get(activity=past[3]).no_show
    assert not Signup.objects.get(activity=upcoming).no_show
    assert actions.do_record_no_shows() == 0  # recorded once

    rates = attendance_rates(volunteer)
    assert (rates.due, rates.late_cancellations, rates.no_shows) == (3, 1, 1)
    assert str(rates.no_show_rate) == "33.3"
    assert attendance_rates(make_volunteer("新人")).no_show_rate is None


def test_cancelling_after_check_in_is_refused(full_activity):
    activity, holder = full_activity
    signup = Signup.objects.get(activity=activity, volunteer=holder)
    Signup.objects.filter(pk=signup.pk).update(checked_in_at=timezone.now())
    with pytest.raises(ValidationError, match="已签到"):
        actions.do_cancel_signup(signup)


def test_record_page_and_dashboard_show_the_rates(client, coordinator):
    role = make_role()
    volunteer = make_volunteer()
    ended = [make_activity(role, starts_at=timezone.now() - timedelta(days=d, hours=2), hours=1) for d in (1, 2)]
    Signup.objects.create(activity=ended[0], volunteer=volunteer, no_show=True)
    Signup.objects.create(
        activity=ended[1], volunteer=volunteer, status=Signup.Status.CANCELLED, late_cancellation=True
    )
    client.force_login(coordinator)
    record = client.get(reverse("roster_admin:volunteer_record", args=[volunteer.pk])).content.decode()
    assert "临时取消 1 次(50.0%),未到岗 1 次(50.0%)" in record
    dashboard = client.get(reverse("roster_admin:dashboard")).content.decode()
    assert "临时取消率与未到岗率" in dashboard and "50.0%" in dashboard


def test_raising_capacity_in_the_activity_editor_gives_the_new_place_to_the_waitlist(
    full_activity, client, social_worker
):
    activity, _holder = full_activity
    waiting = actions.do_sign_up(make_volunteer("乙"), activity, waitlist=True)
    client.force_login(social_worker)
    url = reverse("wagtailsnippets_roster_activity:edit", args=[activity.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        capacity=2,
        starts_at=timezone.localtime(activity.starts_at).strftime("%Y-%m-%d %H:%M"),
        ends_at=timezone.localtime(activity.ends_at).strftime("%Y-%m-%d %H:%M"),
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    waiting.refresh_from_db()
    assert waiting.status == Signup.Status.SIGNED_UP
