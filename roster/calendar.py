"""Private calendar feeds (iCalendar, RFC 5545, written by the ``icalendar`` library).

A volunteer's feed holds their own sign-ups (signed up, and waitlist places marked 候补); a social worker's feed
holds the activities they are in charge of. Nothing else, and no other person's name, is in either.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Activity, CalendarFeed, Signup

# Past events kept in the feed, so last week's shifts stay visible in the phone's calendar.
PAST_DAYS = 30


def feed_url(feed: CalendarFeed) -> str:
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{reverse('roster:calendar_feed', args=[feed.token])}"


def active_feed(user: User) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).first()


def _host() -> str:
    return settings.WAGTAILADMIN_BASE_URL.split("//")[-1].split("/")[0] or "shuanggong"


def _event(uid: str, activity: Activity, summary: str, description: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{_host()}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", timezone.localtime(activity.starts_at))
    event.add("dtend", timezone.localtime(activity.ends_at))
    event.add("summary", summary)
    event.add("location", activity.department)
    if description:
        event.add("description", description)
    return event


def feed_calendar(user: User) -> Calendar:
    """The owner's events only: their own sign-ups, and the activities they lead."""
    since = timezone.now() - timedelta(days=PAST_DAYS)
    calendar = Calendar()
    calendar.add("prodid", "-//Shuanggong//roster//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("双工学苑 · 我的排班"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    signups = (
        Signup.objects.filter(
            volunteer__user=user,
            volunteer__anonymised_at__isnull=True,
            status__in=[Signup.Status.SIGNED_UP, Signup.Status.WAITLISTED],
            activity__ends_at__gte=since,
        )
        .select_related("activity__role")
        .order_by("activity__starts_at")
    )
    for signup in signups:
        activity = signup.activity
        summary = activity.name
        if signup.status == Signup.Status.WAITLISTED:
            summary = _("(候补)%(name)s") % {"name": activity.name}
        calendar.add_component(_event(f"signup-{signup.pk}", activity, summary, activity.role.name))
    led = (
        Activity.objects.filter(social_worker=user, ends_at__gte=since)
        .annotate(signed=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP)))
        .select_related("role")
        .order_by("starts_at")
    )
    for activity in led:
        description = _("%(role)s,已报名 %(signed)s/%(capacity)s 人") % {
            "role": activity.role.name,
            "signed": activity.signed,
            "capacity": activity.capacity,
        }
        calendar.add_component(
            _event(f"activity-{activity.pk}", activity, _("[负责] %(name)s") % {"name": activity.name}, description)
        )
    return calendar
