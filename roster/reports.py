"""Figures for the coordinators' dashboard and the contract/assessment report.

Each figure is one aggregate query, whatever the size of the roster (the benchmark counts the queries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DateTimeField, OuterRef, Q, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import records
from .hours import confirmed_records
from .models import Activity, Application, StatusChange, Volunteer


def _first_active_change() -> Subquery:
    return Subquery(
        StatusChange.objects.filter(volunteer=OuterRef("pk"), to_status=Volunteer.Status.ACTIVE)
        .order_by("changed_at")
        .values("changed_at")[:1],
        output_field=DateTimeField(),
    )


def _trained(start: date | None = None, end: date | None = None) -> Q:
    """Finished onboarding (in the period, if given): the first move to 在岗 then, or, for a volunteer active or
    paused with no such change (imported already serving), joining then. Needs ``with_first_active``."""
    without_change = Q(first_active__isnull=True, status__in=[Volunteer.Status.ACTIVE, Volunteer.Status.PAUSED])
    if start is None or end is None:
        return Q(first_active__isnull=False) | without_change
    return Q(first_active__date__range=(start, end)) | (without_change & Q(joined_on__range=(start, end)))


def _recruited(start: date | None = None, end: date | None = None) -> Q:
    """Joined the roster (in the period, if given): accepted at screening or imported."""
    return Q(joined_on__range=(start, end)) if start is not None and end is not None else Q()


def with_first_active():
    return Volunteer.objects.annotate(first_active=_first_active_change())


def recruited_count(start: date | None = None, end: date | None = None) -> int:
    """新招募志愿者: the dashboard's 进入培训 (all time) and the report's figure (a period) are this one count."""
    return Volunteer.objects.filter(_recruited(start, end)).count()


def trained_count(start: date | None = None, end: date | None = None) -> int:
    """完成岗前培训: the dashboard's 上岗 and cohort completions (all time) and the report's figure (a period)."""
    return with_first_active().filter(_trained(start, end)).count()


def funnel() -> list[tuple[str, int]]:
    """Applications → screened → in training → active. Imported volunteers count as applied and screened."""
    applications = Application.objects.aggregate(
        total=Count("pk"), screened=Count("pk", filter=~Q(status=Application.Status.NEW))
    )
    volunteers = with_first_active().aggregate(
        total=Count("pk", filter=_recruited()),
        imported=Count("pk", filter=Q(application__isnull=True)),
        active=Count("pk", filter=_trained()),
    )
    return [
        (str(_("申请")), applications["total"] + volunteers["imported"]),
        (str(_("已筛选")), applications["screened"] + volunteers["imported"]),
        (str(_("进入培训")), volunteers["total"]),
        (str(_("上岗")), volunteers["active"]),
    ]


def cohort_completion() -> list[tuple[str, int, int]]:
    """(cohort, volunteers, finished onboarding) per cohort label, by the same rule as ``trained_count``."""
    rows = (
        with_first_active()
        .exclude(cohort="")
        .values("cohort")
        .annotate(total=Count("pk"), done=Count("pk", filter=_trained()))
        .order_by("cohort")
    )
    return [(row["cohort"], row["total"], row["done"]) for row in rows]


def hours_by_month(months: int = 12, today: date | None = None) -> list[tuple[str, float]]:
    today = today or timezone.localdate()
    first = (today.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    # Grouped by day in SQL (a few hundred rows, served by the status/date index) and folded into months here:
    # cheaper than truncating every row's date, which SQLite does in Python.
    months_total: dict[str, float] = {}
    for day, total in confirmed_records(first, today).values_list("date").annotate(total=Sum("hours")).order_by("date"):
        key = f"{day:%Y-%m}"
        months_total[key] = months_total.get(key, 0.0) + float(total)
    return list(months_total.items())


def hours_by_department(start: date | None = None, end: date | None = None, limit: int = 12):
    rows = (
        confirmed_records(start, end)
        .values("department")
        .annotate(total=Sum("hours"), visits=Count("pk"))
        .order_by("-total")[:limit]
    )
    return [(row["department"] or str(_("未注明")), float(row["total"]), row["visits"]) for row in rows]


def star_distribution() -> list[tuple[str, int]]:
    counts = dict(
        Volunteer.objects.filter(anonymised_at__isnull=True)
        .values_list("star_level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [(f"{level}★" if level else str(_("未评星")), counts.get(level, 0)) for level in range(6)]


def dashboard() -> dict:
    return {
        "funnel": funnel(),
        "cohorts": cohort_completion(),
        "hours_by_month": hours_by_month(),
        "hours_by_department": hours_by_department(),
        "stars": star_distribution(),
        "quiz_pass_rates": records.quiz_pass_rates(),
    }


@dataclass(frozen=True)
class ContractFigures:
    start: date
    end: date
    applications: int
    recruited: int
    trained: int
    activities: int
    attendances: int
    volunteers_served: int
    hours: Decimal
    certificates: int | None

    def rows(self) -> list[tuple[str, object]]:
        return [
            (str(_("统计期间")), f"{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"),
            (str(_("收到申请(份)")), self.applications),
            (str(_("新招募志愿者(人)")), self.recruited),
            (str(_("完成岗前培训(人)")), self.trained),
            (str(_("开展活动/班次(场)")), self.activities),
            (str(_("服务人次")), self.attendances),
            (str(_("参与服务志愿者(人)")), self.volunteers_served),
            (str(_("服务时长(小时)")), float(self.hours)),
            (str(_("颁发证书(张)")), self.certificates if self.certificates is not None else str(_("暂无数据"))),
        ]


def contract_figures(start: date, end: date) -> ContractFigures:
    """What a hospital's service contract or assessment asks for, between two dates inclusive."""
    served = confirmed_records(start, end).aggregate(
        attendances=Count("pk"), volunteers=Count("volunteer", distinct=True), hours=Sum("hours")
    )
    return ContractFigures(
        start=start,
        end=end,
        applications=Application.objects.filter(created_at__date__range=(start, end)).count(),
        recruited=recruited_count(start, end),
        trained=trained_count(start, end),
        activities=Activity.objects.filter(starts_at__date__range=(start, end)).count(),
        attendances=served["attendances"],
        volunteers_served=served["volunteers"],
        hours=served["hours"] or Decimal("0"),
        certificates=records.certificates_issued_count(start, end),
    )
