"""What the activity pages, the admin screens and the contract dashboard read; other apps read nothing here."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from roster import queries as roster

from .models import (
    ActivityIndexPage,
    ActivityPage,
    Audience,
    ContractPeriod,
    Feedback,
    FeedbackQuestion,
    FeedbackScore,
    Indicator,
    Kind,
    Registration,
    Tally,
)


def places_taken(activity: ActivityPage) -> int:
    """People (not registrations) holding a confirmed place."""
    total = activity.registrations.filter(status=Registration.Status.CONFIRMED).aggregate(n=Sum("people"))["n"]
    return int(total or 0)


def places_left(activity: ActivityPage) -> int:
    return max(0, activity.capacity - places_taken(activity))


def waitlist_length(activity: ActivityPage) -> int:
    return activity.registrations.filter(status=Registration.Status.WAITLISTED).count()


def _parse_date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def calendar_for(index: ActivityIndexPage, params: Mapping[str, str]) -> dict[str, Any]:
    """The listing's activities by date (from a day, default today), kind, audience and department, grouped by day.

    Unknown filter values are ignored rather than answered with an error: a shared link with a stale department
    still shows the calendar.
    """
    activities = ActivityPage.objects.live().public().child_of(index).order_by("starts_at")
    applied: dict[str, str] = {}
    day = _parse_date(params.get("from"))
    past = params.get("past") == "1"
    if past:
        activities = activities.filter(ends_at__lt=timezone.now()).order_by("-starts_at")
        applied["past"] = "1"
    else:
        if day:
            activities = activities.filter(starts_at__date__gte=day)
            applied["from"] = day.isoformat()
        else:
            activities = activities.filter(ends_at__gte=timezone.now())
    kind = params.get("kind", "")
    if kind in Kind.values:
        activities = activities.filter(kind=kind)
        applied["kind"] = kind
    audience = params.get("audience", "")
    if audience in Audience.values:
        activities = activities.filter(audience=audience)
        applied["audience"] = audience
    departments = sorted(set(ActivityPage.objects.live().public().child_of(index).values_list("department", flat=True)))
    department = params.get("department", "")
    if department in departments:
        activities = activities.filter(department=department)
        applied["department"] = department
    days: dict[datetime.date, list[ActivityPage]] = {}
    shown = list(activities[:200])
    series_starts: dict[str, list[datetime.datetime]] = {}
    names = {a.series for a in shown if a.series}
    for name, starts_at in (
        ActivityPage.objects.live()
        .public()
        .child_of(index)
        .filter(series__in=names)
        .order_by("starts_at")
        .values_list("series", "starts_at")
    ):
        series_starts.setdefault(name, []).append(starts_at)
    for activity in shown:
        dates = series_starts.get(activity.series, []) if activity.series else []
        activity.series_position = dates.index(activity.starts_at) + 1 if activity.starts_at in dates else 0
        activity.series_total = len(dates)
        activity.series_others = [d for d in dates if d != activity.starts_at]
    for activity in shown:
        days.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    return {
        "days": list(days.items()),
        "applied": applied,
        "kinds": Kind.choices,
        "audiences": Audience.choices,
        "departments": departments,
        "past": past,
    }


def registration_by_token(token: str) -> Registration | None:
    if not token or len(token) > 40:
        return None
    return Registration.objects.select_related("activity").filter(token=token).first()


def sign_in_list(activity: ActivityPage) -> QuerySet[Registration]:
    """Who may come: confirmed registrations, then the waitlist, each in the order they registered."""
    return activity.registrations.exclude(status=Registration.Status.CANCELLED).order_by("status", "created_at", "pk")


def active_questions() -> QuerySet[FeedbackQuestion]:
    return FeedbackQuestion.objects.filter(active=True)


def held_activity_ids(activities: QuerySet[ActivityPage]) -> set[int]:
    """An activity was held when its sign-in list has someone on it: a participant or a volunteer signed in."""
    ids = list(activities.values_list("pk", flat=True))
    held = set(
        Registration.objects.filter(activity_id__in=ids, signed_in_at__isnull=False).values_list(
            "activity_id", flat=True
        )
    )
    by_roster = dict(
        ActivityPage.objects.filter(pk__in=ids, roster_activity__isnull=False).values_list("roster_activity_id", "pk")
    )
    held |= {by_roster[roster_id] for roster_id in roster.checked_in_activity_ids(list(by_roster))}
    return held


@dataclass
class Evidence:
    """One activity or tally behind an indicator's count, with what proves it."""

    date: datetime.date
    label: str
    count: int
    activity: ActivityPage | None = None
    signed_in: int = 0
    feedback: int = 0
    sessions: list[ActivityPage] = field(default_factory=list)
    """For a group (a series): its held sessions, each with ``signed`` and ``feedback_count``."""
    sessions_needed: int = 0


@dataclass
class IndicatorProgress:
    indicator: Indicator
    done: int
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def percent(self) -> int:
        target = self.indicator.target
        return min(100, round(100 * self.done / target)) if target else 100

    @property
    def met(self) -> bool:
        return self.done >= self.indicator.target


def contract_progress(period: ContractPeriod) -> list[IndicatorProgress]:
    """Each indicator of a period against its target, counted from held activities of its kind and from tallies."""
    in_period = ActivityPage.objects.live().filter(
        starts_at__date__gte=period.starts_on, starts_at__date__lte=period.ends_on
    )
    held = held_activity_ids(in_period)
    held_activities = (
        in_period.filter(pk__in=held)
        .annotate(
            signed=Count("registrations", filter=Q(registrations__signed_in_at__isnull=False), distinct=True),
            feedback_count=Count("feedback", distinct=True),
        )
        .order_by("starts_at")
    )
    by_kind: dict[str, list[ActivityPage]] = {}
    for activity in held_activities:
        by_kind.setdefault(activity.kind, []).append(activity)
    tallies = Tally.objects.filter(date__gte=period.starts_on, date__lte=period.ends_on).order_by("date", "pk")
    progress = []
    for indicator in period.indicators.all():
        if indicator.activity_kind and indicator.sessions_per_group:
            evidence = _groups(by_kind.get(indicator.activity_kind, []), indicator.sessions_per_group)
        elif indicator.activity_kind:
            evidence = [
                Evidence(
                    date=timezone.localtime(a.starts_at).date(),
                    label=a.title,
                    count=1,
                    activity=a,
                    signed_in=a.signed,
                    feedback=a.feedback_count,
                )
                for a in by_kind.get(indicator.activity_kind, [])
            ]
        else:
            evidence = [
                Evidence(date=t.date, label=t.summary or t.get_category_display(), count=t.count)
                for t in tallies
                if t.category == indicator.tally_category
            ]
        progress.append(IndicatorProgress(indicator, sum(e.count for e in evidence), evidence))
    return progress


def _groups(held: list[ActivityPage], needed: int) -> list[Evidence]:
    """Held activities by series: a group counts once it has held ``needed`` sessions; an activity without a
    series is a group of its own. Groups still short of it are listed with a count of 0, so the dashboard shows
    how far each has come."""
    groups: dict[str, list[ActivityPage]] = {}
    for activity in held:
        groups.setdefault(activity.series or f"{activity.title}#{activity.pk}", []).append(activity)
    evidence = []
    for sessions in groups.values():
        first = sessions[0]
        evidence.append(
            Evidence(
                date=timezone.localtime(first.starts_at).date(),
                label=first.series or first.title,
                count=1 if len(sessions) >= needed else 0,
                signed_in=sum(a.signed for a in sessions),
                feedback=sum(a.feedback_count for a in sessions),
                sessions=sessions,
                sessions_needed=needed,
            )
        )
    return evidence


@dataclass(frozen=True)
class FeedbackRow:
    label: str
    responses: int
    average: float | None


def feedback_by_activity(activities: QuerySet[ActivityPage]) -> list[FeedbackRow]:
    rows = []
    for activity in activities.annotate(responses=Count("feedback")).filter(responses__gt=0).order_by("starts_at"):
        average = FeedbackScore.objects.filter(feedback__activity=activity).aggregate(a=Avg("score"))["a"]
        rows.append(FeedbackRow(activity.title, activity.responses, round(average, 2) if average else None))
    return rows


def feedback_by_kind(since: datetime.date | None = None, until: datetime.date | None = None) -> list[FeedbackRow]:
    """Average satisfaction (all questions) and responses per kind of activity."""
    feedback = Feedback.objects.all()
    if since:
        feedback = feedback.filter(activity__starts_at__date__gte=since)
    if until:
        feedback = feedback.filter(activity__starts_at__date__lte=until)
    labels = dict(Kind.choices)
    rows = []
    for kind, responses in feedback.values_list("activity__kind").annotate(n=Count("pk")).order_by("activity__kind"):
        average = FeedbackScore.objects.filter(feedback__in=feedback.filter(activity__kind=kind)).aggregate(
            a=Avg("score")
        )["a"]
        rows.append(FeedbackRow(str(labels.get(kind, kind)), responses, round(average, 2) if average else None))
    return rows


def feedback_by_question(activity: ActivityPage) -> list[tuple[str, float, int]]:
    rows = (
        FeedbackScore.objects.filter(feedback__activity=activity)
        .values_list("question__text")
        .annotate(a=Avg("score"), n=Count("pk"))
        .order_by("question__order")
    )
    return [(text, round(avg, 2), n) for text, avg, n in rows]


def comments(activity: ActivityPage) -> list[str]:
    return [c for c in activity.feedback.exclude(comment="").values_list("comment", flat=True)]


def current_period(today: datetime.date | None = None) -> ContractPeriod | None:
    today = today or timezone.localdate()
    return (
        ContractPeriod.objects.filter(starts_on__lte=today, ends_on__gte=today).first()
        or ContractPeriod.objects.first()
    )


def no_period_message() -> str:
    return _("还没有服务合同周期:请在“服务合同周期”中添加一个,并填写各项指标。")


def series_dates(activity: ActivityPage) -> list[ActivityPage]:
    """Every live, public date of the activity's series (itself included), in order; empty without a series."""
    if not activity.series:
        return []
    pages = ActivityPage.objects.live().public().sibling_of(activity, inclusive=True).filter(series=activity.series)
    return list(pages.order_by("starts_at"))
