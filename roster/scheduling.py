"""Reads of the scheduling rules (issue 16 part B): the office's time limits, late-cancellation and no-show rates,
waitlist positions, who needs a follow-up call, and which sign-up a kiosk checks in.

Writes are ``do_*`` functions in ``roster/actions.py``; these functions only read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from .models import Activity, LeaveOfAbsence, SchedulingRules, ServiceRecord, Signup, Volunteer
from .service_rules import margin


def rules() -> SchedulingRules:
    """The office's settings, or the defaults until someone saves them (a read never writes the settings row)."""
    return SchedulingRules.objects.order_by("pk").first() or SchedulingRules()


def late_cancellation_limit() -> timedelta:
    """Cancelling less than this before the start is recorded as 临时取消."""
    return timedelta(hours=rules().late_cancellation_hours)


@dataclass(frozen=True)
class AttendanceRates:
    """Of the places held at activities that have ended: how many were given back late, how many left unused."""

    due: int
    late_cancellations: int
    no_shows: int

    def _percent(self, part: int) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(part) * 100 / Decimal(self.due)).quantize(Decimal("0.1"))

    @property
    def late_cancellation_rate(self) -> Decimal | None:
        return self._percent(self.late_cancellations)

    @property
    def no_show_rate(self) -> Decimal | None:
        return self._percent(self.no_shows)


def attendance_rates(
    volunteer: Volunteer | None = None, since: date | None = None, now: datetime | None = None
) -> AttendanceRates:
    """Late-cancellation and no-show rates, for one volunteer or everyone, over activities ended since ``since``.

    A place counts once the activity has ended and it was kept (signed up) or given back late; a place given back
    in good time does not count at all.
    """
    now = now or timezone.now()
    signups = Signup.objects.filter(activity__ends_at__lte=now).filter(
        Q(status=Signup.Status.SIGNED_UP) | Q(status=Signup.Status.CANCELLED, late_cancellation=True)
    )
    if volunteer is not None:
        signups = signups.filter(volunteer=volunteer)
    if since is not None:
        signups = signups.filter(activity__starts_at__date__gte=since)
    counts = signups.aggregate(
        due=Count("pk"),
        late=Count("pk", filter=Q(late_cancellation=True)),
        no_show=Count("pk", filter=Q(no_show=True)),
    )
    return AttendanceRates(due=counts["due"], late_cancellations=counts["late"], no_shows=counts["no_show"])


def waitlist_position(signup: Signup) -> int | None:
    """1 for the first waiting volunteer; None when the sign-up is not on the waitlist."""
    if signup.status != Signup.Status.WAITLISTED or signup.waitlisted_at is None:
        return None
    ahead = Signup.objects.filter(activity_id=signup.activity_id, status=Signup.Status.WAITLISTED).filter(
        Q(waitlisted_at__lt=signup.waitlisted_at) | Q(waitlisted_at=signup.waitlisted_at, pk__lt=signup.pk)
    )
    return ahead.count() + 1


def inactive_volunteers(today: date | None = None) -> QuerySet[Volunteer]:
    """在岗 volunteers with no service for the office's number of days, for a follow-up call.

    Not listed: volunteers who joined less than that long ago, and volunteers whose leave fell inside the period
    (their silence was agreed). ``last_service`` is the date of their latest service record, if any.
    """
    today = today or timezone.localdate()
    since = today - timedelta(days=rules().inactive_after_days)
    recent = ServiceRecord.objects.filter(date__gt=since).exclude(status=ServiceRecord.Status.REJECTED)
    on_leave = LeaveOfAbsence.objects.filter(ends_on__gt=since, starts_on__lte=today)
    return (
        Volunteer.objects.filter(status=Volunteer.Status.ACTIVE, anonymised_at__isnull=True, joined_on__lte=since)
        .exclude(pk__in=recent.values("volunteer_id"))
        .exclude(pk__in=on_leave.values("volunteer_id"))
        .annotate(
            last_service=Max("service_records__date", filter=~Q(service_records__status=ServiceRecord.Status.REJECTED))
        )
        .order_by("last_service", "number")
    )


def kiosk_signup(volunteer: Volunteer, department: str, now: datetime | None = None) -> Signup | None:
    """The sign-up a kiosk acts on for a volunteer who typed their number and PIN: an activity at the kiosk's
    service point whose check-in window is open now, one not yet checked out, earliest first."""
    now = now or timezone.now()
    signups = Signup.objects.filter(
        volunteer=volunteer,
        status=Signup.Status.SIGNED_UP,
        checked_out_at__isnull=True,
        activity__starts_at__lte=now + margin(),
        activity__ends_at__gte=now - margin(),
    ).select_related("activity", "volunteer")
    if department:
        signups = signups.filter(activity__department=department)
    return signups.order_by("activity__starts_at").first()


def upcoming_activities(volunteer: Volunteer, weeks: int = 8, now: datetime | None = None) -> QuerySet[Activity]:
    """Activities of the volunteer's roles in the coming weeks, with their number of signed-up places."""
    now = now or timezone.now()
    return (
        Activity.objects.filter(
            role__in=volunteer.roles.all(), starts_at__gte=now, starts_at__lte=now + timedelta(weeks=weeks)
        )
        .select_related("role", "series")
        .annotate(signed=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP)))
        .order_by("starts_at")
    )
