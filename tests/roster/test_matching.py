"""Matching by status, availability, bookings and ranking (certificates: test_matching_certificates.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from roster.matching import match_volunteers, periods_for
from roster.models import Signup, Volunteer

from .factories import add_hours, local, make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db

# 2030-01-07 is a Monday.
MONDAY_MORNING = (local(2030, 1, 7, 9), local(2030, 1, 7, 11))


def names(candidates) -> list[str]:
    return [candidate.volunteer.name for candidate in candidates]


def test_slot_periods_follow_the_weekly_grid():
    assert periods_for(*MONDAY_MORNING) == {"mon-am"}
    assert periods_for(local(2030, 1, 7, 11), local(2030, 1, 7, 13)) == {"mon-am", "mon-pm"}
    assert periods_for(local(2030, 1, 12, 19), local(2030, 1, 12, 21)) == {"sat-eve"}


def test_volunteer_outside_their_availability_is_not_offered():
    role = make_role()
    make_volunteer("上午有空", availability=["mon-am"])
    make_volunteer("只有周六", availability=["sat-am", "sat-pm"])
    make_volunteer("只有下午", availability=["mon-pm"])
    assert names(match_volunteers(role, *MONDAY_MORNING)) == ["上午有空"]
    assert names(match_volunteers(role, local(2030, 1, 7, 11), local(2030, 1, 7, 13))) == []


def test_only_active_volunteers_are_offered():
    role = make_role()
    for status in Volunteer.Status.values:
        make_volunteer(f"v-{status}", status=status, availability=["mon-am"])
    assert names(match_volunteers(role, *MONDAY_MORNING)) == ["v-active"]


def test_volunteer_already_booked_at_that_time_is_not_offered():
    role = make_role()
    busy = make_volunteer("已有排班", availability=["mon-am"])
    make_volunteer("空闲", availability=["mon-am"])
    other = make_activity(role, starts_at=local(2030, 1, 7, 8), hours=2)
    Signup.objects.create(activity=other, volunteer=busy)
    assert names(match_volunteers(role, *MONDAY_MORNING)) == ["空闲"]


def test_ranked_by_matching_skills_then_fewest_recent_hours():
    role = make_role("外宾导诊", preferred_skills=["language", "sign"])
    make_volunteer("无特长少时长", availability=["mon-am"], skills=[])
    both = make_volunteer("双语手语", availability=["mon-am"], skills=["language", "sign"])
    busy = make_volunteer("外语多时长", availability=["mon-am"], skills=["language"])
    make_volunteer("外语少时长", availability=["mon-am"], skills=["language", "art"])
    add_hours(busy, "40", date=MONDAY_MORNING[0].date() - timedelta(days=10))
    add_hours(both, "80", date=MONDAY_MORNING[0].date() - timedelta(days=10))
    assert names(match_volunteers(role, *MONDAY_MORNING)) == ["双语手语", "外语少时长", "外语多时长", "无特长少时长"]


def test_matching_page_invites_chosen_volunteers_to_the_activity(client, social_worker):
    role = make_role()
    activity = make_activity(role, starts_at=MONDAY_MORNING[0], hours=2)
    chosen = make_volunteer("被邀请者", availability=["mon-am"], email="inv@example.com", mobile="13811112222")
    client.force_login(social_worker)
    page = client.get(reverse("roster_admin:match"), {"activity": activity.pk}).content.decode()
    assert "被邀请者" in page and "138****2222" in page and "13811112222" not in page
    client.post(f"{reverse('roster_admin:match')}?activity={activity.pk}", {"volunteer": [chosen.pk]})
    assert Signup.objects.get().status == Signup.Status.INVITED
