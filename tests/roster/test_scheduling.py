"""Leave of absence, the inactive follow-up list, weekly series and self-scheduling (with the one gating rule)."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from roster import actions
from roster.eligibility import eligible_volunteers
from roster.models import Activity, SchedulingRules, Signup, StatusChange, Volunteer
from roster.scheduling import inactive_volunteers
from tests.roster.factories import add_hours, make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


def _next_weekday(weekday: int) -> date:
    today = timezone.localdate() + timedelta(days=1)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def test_leave_gives_back_places_inside_it_and_refuses_sign_up_and_matching():
    role = make_role()
    volunteer = make_volunteer()
    inside = make_activity(role, starts_at=timezone.now() + timedelta(days=3))
    outside = make_activity(role, starts_at=timezone.now() + timedelta(days=20))
    actions.do_sign_up(volunteer, inside)
    actions.do_sign_up(volunteer, outside)
    day = timezone.localtime(inside.starts_at).date()
    actions.do_record_leave(volunteer, day - timedelta(days=1), day + timedelta(days=1), "回老家")
    kept = dict(Signup.objects.filter(volunteer=volunteer).values_list("activity_id", "status"))
    assert kept == {inside.pk: "cancelled", outside.pk: "signed_up"}
    assert not Signup.objects.get(activity=inside).late_cancellation
    with pytest.raises(ValidationError, match="已请假"):
        actions.do_sign_up(volunteer, inside)
    assert volunteer not in eligible_volunteers(role, day)
    assert volunteer in eligible_volunteers(role, day + timedelta(days=5))


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [(5, 2, "结束日期不能早于开始日期"), (-10, -5, "不能早于今天"), (0, 400, "不能超过一年")],
)
def test_wrong_leave_dates_are_refused_and_change_nothing(start, end, message):
    volunteer = make_volunteer()
    today = timezone.localdate()
    with pytest.raises(ValidationError, match=message):
        actions.do_record_leave(volunteer, today + timedelta(days=start), today + timedelta(days=end))
    assert not volunteer.leaves.exists()


def test_overlapping_leave_is_refused():
    volunteer = make_volunteer()
    today = timezone.localdate()
    actions.do_record_leave(volunteer, today, today + timedelta(days=5))
    with pytest.raises(ValidationError, match="重叠"):
        actions.do_record_leave(volunteer, today + timedelta(days=3), today + timedelta(days=9))


def test_quiet_volunteers_are_listed_and_set_inactive_in_one_action(social_worker):
    rules = SchedulingRules.load()
    rules.inactive_after_days = 60
    rules.save()
    long_ago = timezone.localdate() - timedelta(days=200)
    quiet = make_volunteer("久未服务", joined_on=long_ago)
    add_hours(quiet, "2", date=timezone.localdate() - timedelta(days=90))
    never = make_volunteer("从未服务", joined_on=long_ago)
    busy = make_volunteer("常来", joined_on=long_ago)
    add_hours(busy, "2", date=timezone.localdate() - timedelta(days=10))
    make_volunteer("新人", joined_on=timezone.localdate() - timedelta(days=5))
    away = make_volunteer("请假中", joined_on=long_ago)
    actions.do_record_leave(away, timezone.localdate(), timezone.localdate() + timedelta(days=30))

    listed = list(inactive_volunteers())
    assert [v.name for v in listed] == ["从未服务", "久未服务"] or {v.name for v in listed} == {"从未服务", "久未服务"}
    assert {v.name: v.last_service for v in listed}["久未服务"] == timezone.localdate() - timedelta(days=90)

    changed = actions.do_set_inactive([quiet, never, busy], social_worker)
    assert changed == 2  # 常来 is not on the list, so the action leaves them alone
    assert set(Volunteer.objects.filter(status=Volunteer.Status.PAUSED).values_list("name", flat=True)) == {
        "久未服务",
        "从未服务",
    }
    assert StatusChange.objects.filter(volunteer=quiet, to_status="paused", changed_by=social_worker).exists()


def test_follow_up_screen_records_leave_and_deactivates(client, social_worker):
    client.force_login(social_worker)
    quiet = make_volunteer("久未服务", joined_on=timezone.localdate() - timedelta(days=200))
    page = client.get(reverse("roster_admin:followup"))
    assert page.status_code == 200 and "久未服务" in page.content.decode()
    assert quiet.mobile not in page.content.decode()  # masked in the list
    empty = client.post(reverse("roster_admin:followup"), {"number": "", "starts_on": "", "ends_on": ""})
    assert "error-message" in empty.content.decode()
    unknown = client.post(
        reverse("roster_admin:followup"), {"number": "SG1999-9999", "starts_on": "2099-01-01", "ends_on": "2099-01-02"}
    )
    assert "没有编号为 SG1999-9999" in unknown.content.decode()
    today = timezone.localdate()
    client.post(
        reverse("roster_admin:followup"),
        {"number": quiet.number, "starts_on": today.isoformat(), "ends_on": (today + timedelta(days=3)).isoformat()},
    )
    assert quiet.leaves.count() == 1
    nobody = client.post(reverse("roster_admin:followup"), {"action": "deactivate"}, follow=True)
    assert "请先勾选" in nobody.content.decode()


def test_series_creates_one_activity_per_weekday_date(social_worker):
    role = make_role()
    first = _next_weekday(1)  # a Tuesday
    spec = actions.SeriesSpec(
        name="门诊导诊",
        department="门诊大厅",
        role=role,
        capacity=4,
        weekday=1,
        start_time=time(9),
        end_time=time(11, 30),
        first_date=first - timedelta(days=1),
        last_date=first + timedelta(weeks=3, days=2),
        social_worker=social_worker,
    )
    series = actions.do_create_series(spec, by=social_worker)
    dates = [timezone.localtime(a.starts_at) for a in series.activities.order_by("starts_at")]
    assert [d.date() for d in dates] == [first + timedelta(weeks=n) for n in range(4)]
    assert all(d.weekday() == 1 and (d.hour, d.minute) == (9, 0) for d in dates)
    assert Activity.objects.filter(series=series, capacity=4, social_worker=social_worker).count() == 4


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end_time": time(8)}, "结束时间应晚于开始时间"),
        ({"first_date": date(2020, 1, 1)}, "不能早于今天"),
        ({"last_date_weeks": 60}, "最多 53 次"),
    ],
)
def test_wrong_series_is_refused_and_creates_nothing(change, message):
    role = make_role()
    first = _next_weekday(1)
    weeks = change.pop("last_date_weeks", 3)
    values = {
        "name": "门诊导诊",
        "department": "门诊大厅",
        "role": role,
        "capacity": 4,
        "weekday": 1,
        "start_time": time(9),
        "end_time": time(11, 30),
        "first_date": first,
        "last_date": first + timedelta(weeks=weeks),
        **change,
    }
    with pytest.raises(ValidationError, match=message):
        actions.do_create_series(actions.SeriesSpec(**values))
    assert not Activity.objects.exists()


def test_self_scheduling_a_series_signs_up_each_date_through_the_gating(client, volunteer):
    role = make_role()
    own = make_volunteer("李小萌", user=volunteer)
    own.roles.add(role)
    first = _next_weekday(1)
    spec = actions.SeriesSpec(
        name="门诊导诊",
        department="门诊大厅",
        role=role,
        capacity=1,
        weekday=1,
        start_time=time(9),
        end_time=time(11),
        first_date=first,
        last_date=first + timedelta(weeks=3),
    )
    series = actions.do_create_series(spec)
    dated = list(series.activities.order_by("starts_at"))
    actions.do_sign_up(make_volunteer("别人"), dated[1])  # the second date is full
    leave_day = timezone.localtime(dated[2].starts_at).date()
    actions.do_record_leave(own, leave_day, leave_day)  # the third date falls in a leave

    client.force_login(volunteer)
    page = client.post(reverse("roster:series_sign_up", args=[series.pk]), follow=True).content.decode()
    assert "已报名 2 次,候补 1 次" in page
    assert "已请假" in page
    status = [Signup.objects.filter(activity=a, volunteer=own).values_list("status", flat=True).first() for a in dated]
    assert status == ["signed_up", "waitlisted", None, "signed_up"]


def test_schedule_page_shows_places_waitlist_and_cancels(client, volunteer):
    role = make_role()
    own = make_volunteer("李小萌", user=volunteer)
    own.roles.add(role)
    open_one = make_activity(role, name="门诊导诊", starts_at=timezone.now() + timedelta(days=5))
    full = make_activity(role, name="病房陪伴", capacity=1, starts_at=timezone.now() + timedelta(days=6))
    actions.do_sign_up(make_volunteer("别人"), full)
    client.force_login(volunteer)
    page = client.get(reverse("roster:schedule")).content.decode()
    assert "门诊导诊" in page and "加入候补" in page
    joined = client.post(reverse("roster:schedule_sign_up", args=[full.pk]), {"waitlist": "1"}, follow=True)
    assert "候补第 1 位" in joined.content.decode()
    client.post(reverse("roster:schedule_sign_up", args=[open_one.pk]))
    signup = Signup.objects.get(activity=open_one, volunteer=own)
    assert signup.status == Signup.Status.SIGNED_UP
    cancelled = client.post(reverse("roster:schedule_cancel", args=[signup.pk]), follow=True)
    assert "已取消报名" in cancelled.content.decode()
    assert Signup.objects.get(pk=signup.pk).status == Signup.Status.CANCELLED


def test_another_volunteer_cannot_cancel_a_place_or_end_a_leave(client, volunteer):
    from tests.conftest import make_user

    role = make_role()
    owner = make_volunteer("李小萌", user=volunteer)
    intruder_user = make_user("intruder")
    make_volunteer("闯入者", user=intruder_user)
    signup = actions.do_sign_up(owner, make_activity(role))
    leave = actions.do_record_leave(
        owner, timezone.localdate() + timedelta(days=10), timezone.localdate() + timedelta(days=12)
    )
    client.force_login(intruder_user)
    assert client.post(reverse("roster:schedule_cancel", args=[signup.pk])).status_code == 404
    assert client.post(reverse("roster:end_leave", args=[leave.pk])).status_code == 404
    assert Signup.objects.get(pk=signup.pk).status == Signup.Status.SIGNED_UP
    assert owner.leaves.count() == 1


def _four_tuesdays(capacity: int = 1):
    first = _next_weekday(1)
    spec = actions.SeriesSpec(
        name="门诊导诊",
        department="门诊大厅",
        role=make_role(),
        capacity=capacity,
        weekday=1,
        start_time=time(9),
        end_time=time(11),
        first_date=first,
        last_date=first + timedelta(weeks=3),
    )
    series = actions.do_create_series(spec)
    return series, list(series.activities.order_by("starts_at"))


def test_ending_a_series_early_cancels_its_later_dates_tells_the_signed_up_and_clears_waitlists(
    client, social_worker, django_capture_on_commit_callbacks
):
    from accounts.models import Notification
    from tests.conftest import make_user

    series, dated = _four_tuesdays()
    signed = make_volunteer("已报名", user=make_user("signed"))
    waiting = make_volunteer("候补中", user=make_user("waiting"))
    for activity in dated:
        actions.do_sign_up(signed, activity)
        actions.do_sign_up(waiting, activity, waitlist=True)
    assert Signup.objects.filter(volunteer=waiting, status=Signup.Status.WAITLISTED).count() == 4
    from_day = timezone.localtime(dated[2].starts_at).date()
    client.force_login(social_worker)
    url = reverse("roster_admin:series")
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(
            url, {"action": "end", "series": series.pk, "from_date": from_day.isoformat()}, follow=True
        ).content.decode()
    assert "取消 2 次活动" in page and "已通知 1 名" in page
    assert list(series.activities.order_by("starts_at")) == dated[:2]
    # The kept dates are untouched: both still hold their place and their waitlist.
    assert Signup.objects.filter(volunteer=waiting, status=Signup.Status.WAITLISTED).count() == 2
    told = Notification.objects.get(user=signed.user, title__contains="活动取消")
    assert timezone.localtime(dated[3].starts_at).strftime("%m-%d") in told.body
    series.refresh_from_db()
    assert series.ended_from == from_day and series.last_date == timezone.localtime(dated[1].starts_at).date()
    assert "已于" not in page  # the series still has coming dates: it can be ended earlier still


@pytest.mark.parametrize(
    ("from_date", "message"),
    [("", "请选择要结束的系列"), ("2020-01-01", "不能早于今天"), ("far", "请选择要结束的系列")],
)
def test_ending_a_series_with_a_wrong_date_is_refused_and_cancels_nothing(client, social_worker, from_date, message):
    series, dated = _four_tuesdays()
    client.force_login(social_worker)
    page = client.post(
        reverse("roster_admin:series"), {"action": "end", "series": series.pk, "from_date": from_date}, follow=True
    ).content.decode()
    assert message in page
    assert series.activities.count() == 4


def test_ending_a_series_after_its_last_date_is_refused():
    series, dated = _four_tuesdays()
    with pytest.raises(ValidationError, match="没有未开始的活动"):
        actions.do_end_series(series, timezone.localtime(dated[-1].starts_at).date() + timedelta(days=1))
    assert series.activities.count() == 4
