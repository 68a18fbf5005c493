"""Private calendar feeds: valid iCalendar, only the owner's events, and a revoked or unknown token is a 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from roster import actions
from tests.conftest import make_user
from tests.roster.factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


def _events(response) -> dict[str, object]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


@pytest.fixture
def two_volunteers(volunteer):
    role = make_role()
    mine = make_volunteer("李小萌", user=volunteer)
    other = make_volunteer("赵六", user=make_user("zhaoliu"))
    soon = timezone.now() + timedelta(days=2)
    own_activity = make_activity(role, name="门诊导诊", starts_at=soon)
    other_activity = make_activity(role, name="病房陪伴", starts_at=soon + timedelta(days=1))
    full = make_activity(role, name="住院部探访", starts_at=soon + timedelta(days=2), capacity=1)
    actions.do_sign_up(mine, own_activity)
    actions.do_sign_up(other, other_activity)
    actions.do_sign_up(other, full)
    actions.do_sign_up(mine, full, waitlist=True)
    return mine, other


def test_volunteer_feed_is_valid_icalendar_with_only_their_sign_ups(client, volunteer, two_volunteers):
    feed = actions.do_issue_calendar_feed(volunteer)
    events = _events(client.get(reverse("roster:calendar_feed", args=[feed.token])))
    assert set(events) == {"门诊导诊", "(候补)住院部探访"}
    event = events["门诊导诊"]
    assert str(event["location"]) == "门诊大厅"
    assert event["dtend"].dt > event["dtstart"].dt
    assert "赵六" not in client.get(reverse("roster:calendar_feed", args=[feed.token])).content.decode()


def test_social_worker_feed_lists_the_activities_they_lead(client, social_worker, two_volunteers):
    role = make_role("病区陪伴")
    make_activity(role, name="周二门诊导诊", social_worker=social_worker)
    make_activity(role, name="别人负责的活动")
    feed = actions.do_issue_calendar_feed(social_worker)
    events = _events(client.get(reverse("roster:calendar_feed", args=[feed.token])))
    assert set(events) == {"[负责] 周二门诊导诊"}
    assert "0/5" in str(events["[负责] 周二门诊导诊"]["description"])


def test_revoked_and_replaced_tokens_are_404(client, volunteer, two_volunteers):
    first = actions.do_issue_calendar_feed(volunteer)
    second = actions.do_issue_calendar_feed(volunteer)
    assert client.get(reverse("roster:calendar_feed", args=[first.token])).status_code == 404
    assert client.get(reverse("roster:calendar_feed", args=[second.token])).status_code == 200
    actions.do_revoke_calendar_feed(volunteer)
    assert client.get(reverse("roster:calendar_feed", args=[second.token])).status_code == 404
    assert client.get(reverse("roster:calendar_feed", args=["not-a-token"])).status_code == 404


def test_calendar_page_creates_shows_and_stops_the_address(client, volunteer):
    client.force_login(volunteer)
    page = client.get(reverse("roster:my_calendar"))
    assert "生成订阅地址" in page.content.decode()
    client.post(reverse("roster:my_calendar"), {"action": "issue"})
    feed = volunteer.calendar_feeds.get(revoked_at__isnull=True)
    assert feed.token in client.get(reverse("roster:my_calendar")).content.decode()
    client.post(reverse("roster:my_calendar"), {"action": "revoke"})
    assert not volunteer.calendar_feeds.filter(revoked_at__isnull=True).exists()
    client.logout()
    assert client.get(reverse("roster:my_calendar")).status_code == 302  # sign-in first
