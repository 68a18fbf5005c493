"""The entry deadline of 办法 第十一条: a service record is entered (confirmed or refused by a social worker) within 10
working days after the activity, and an evaluation within 10 working days after the service it evaluates
(``Evaluation.service_date``, else its own date), counted on the official calendar (``roster.workdays``).

The overdue list on the workbench, the reminder to the social worker in charge and the dashboard's count of late
entries all read these functions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone

from .models import Evaluation, ServiceRecord
from .workdays import Calendar, entry_deadlines

DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True)
class Pending:
    record: ServiceRecord
    deadline: datetime.date
    overdue: bool
    due_soon: bool  # not overdue, but the deadline is within ``DUE_SOON_WORKING_DAYS`` working days


def pending_records() -> QuerySet[ServiceRecord]:
    return ServiceRecord.objects.filter(status=ServiceRecord.Status.PENDING, volunteer__anonymised_at__isnull=True)


def pending_with_deadlines(today: datetime.date | None = None) -> list[Pending]:
    """Every record still waiting to be entered, with its deadline; overdue ones first, then by deadline."""
    today = today or timezone.localdate()
    records = list(pending_records().select_related("volunteer", "activity__social_worker").order_by("date", "pk"))
    if not records:
        return []
    deadlines = entry_deadlines({record.date for record in records})
    calendar = Calendar(today, max(max(deadlines.values()), today))
    rows = []
    for record in records:
        deadline = deadlines[record.date]
        overdue = deadline < today
        left = sum(
            calendar.is_working_day(today + datetime.timedelta(days=offset))
            for offset in range(1, (deadline - today).days + 1)
        )
        rows.append(Pending(record, deadline, overdue, not overdue and left <= DUE_SOON_WORKING_DAYS))
    return sorted(rows, key=lambda row: (not row.overdue, row.deadline, row.record.pk))


def late_entry_count(start: datetime.date, end: datetime.date, today: datetime.date | None = None) -> int:
    """Records of service in ``start``–``end`` entered after their deadline, or still not entered past it."""
    today = today or timezone.localdate()
    records = list(ServiceRecord.objects.filter(date__range=(start, end)).values_list("date", "status", "confirmed_at"))
    deadlines = entry_deadlines({day for day, _status, _at in records})
    late = 0
    for day, status, confirmed_at in records:
        if status == ServiceRecord.Status.PENDING:
            late += deadlines[day] < today
        elif confirmed_at is not None:
            late += timezone.localdate(confirmed_at) > deadlines[day]
    return late


@dataclass(frozen=True)
class LateEvaluation:
    evaluation: Evaluation
    deadline: datetime.date
    entered_on: datetime.date


def late_evaluations(start: datetime.date, end: datetime.date) -> list[LateEvaluation]:
    """Evaluations of service in ``start``–``end`` entered after their deadline, latest service first."""
    evaluations = list(
        Evaluation.objects.filter(volunteer__anonymised_at__isnull=True)
        .filter(
            models.Q(service_date__range=(start, end))
            | models.Q(service_date__isnull=True, recorded_on__range=(start, end))
        )
        .select_related("volunteer", "author")
    )
    deadlines = entry_deadlines({evaluation.evaluated_on for evaluation in evaluations})
    rows = [
        LateEvaluation(evaluation, deadlines[evaluation.evaluated_on], timezone.localdate(evaluation.entered_at))
        for evaluation in evaluations
    ]
    late = [row for row in rows if row.entered_on > row.deadline]
    return sorted(late, key=lambda row: (row.evaluation.evaluated_on, row.evaluation.pk), reverse=True)


def late_evaluation_count(start: datetime.date, end: datetime.date) -> int:
    return len(late_evaluations(start, end))
