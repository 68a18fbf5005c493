"""Matching volunteers to a role and a time slot.

A candidate may serve in the role on that date (``roster.eligibility``, the rule sign-up and check-in use), is available
in every period of the weekly grid the slot touches, and is not already booked at that time. Candidates are
ranked by matching skills first, then by fewest confirmed hours in the last 90 days, so the work is shared out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from .choices import DAYS, PERIODS
from .eligibility import eligible_volunteers
from .models import ServiceRecord, ServiceRole, Signup, Volunteer

RECENT_DAYS = 90


@dataclass(frozen=True)
class Candidate:
    volunteer: Volunteer
    matching_skills: list[str]
    recent_hours: Decimal


def periods_for(starts_at: datetime, ends_at: datetime) -> set[str]:
    """Codes of the availability grid (``mon-am`` …) that the slot overlaps, in local time."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    codes: set[str] = set()
    day = start.date()
    while day <= end.date():
        for code, _label, first_hour, last_hour in PERIODS:
            period_start = timezone.make_aware(datetime(day.year, day.month, day.day, first_hour))
            period_end = period_start + timedelta(hours=last_hour - first_hour)
            if start < period_end and end > period_start:
                codes.add(f"{DAYS[day.weekday()][0]}-{code}")
        day += timedelta(days=1)
    return codes


def match_volunteers(role: ServiceRole, starts_at: datetime, ends_at: datetime) -> list[Candidate]:
    needed = periods_for(starts_at, ends_at)
    if not needed:
        return []
    volunteers = eligible_volunteers(role, timezone.localtime(starts_at).date())
    busy = Signup.objects.filter(
        status=Signup.Status.SIGNED_UP, activity__starts_at__lt=ends_at, activity__ends_at__gt=starts_at
    ).values("volunteer_id")
    volunteers = volunteers.exclude(pk__in=busy).prefetch_related("roles")
    recent = dict(
        ServiceRecord.objects.filter(
            status=ServiceRecord.Status.CONFIRMED,
            date__gte=timezone.localtime(starts_at).date() - timedelta(days=RECENT_DAYS),
            date__lt=timezone.localtime(starts_at).date(),
        )
        .values_list("volunteer_id")
        .annotate(total=Sum("hours"))
        .order_by()
    )
    wanted_skills = set(role.preferred_skills)
    candidates = []
    for volunteer in volunteers:
        if not needed <= set(volunteer.availability):
            continue
        skills = sorted(wanted_skills & set(volunteer.skills))
        candidates.append(Candidate(volunteer, skills, recent.get(volunteer.pk) or Decimal("0")))
    has_role = {v.pk for v in (c.volunteer for c in candidates) if role in v.roles.all()}
    candidates.sort(
        key=lambda c: (-len(c.matching_skills), c.volunteer.pk not in has_role, c.recent_hours, c.volunteer.number)
    )
    return candidates
