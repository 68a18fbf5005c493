"""The 10-working-day entry deadline (办法 第十一条) on the official calendar: holidays and adjusted working days."""

from __future__ import annotations

import datetime
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from roster.deadlines import late_entry_count, late_evaluation_count, late_evaluations, pending_with_deadlines
from roster.models import Evaluation, Holiday, ServiceRecord
from roster.workdays import add_working_days, entry_deadline, working_days_between

from .factories import add_hours, make_volunteer

pytestmark = pytest.mark.django_db


def test_shipped_calendar_has_2026_and_2027_holidays_and_adjusted_working_days():
    assert Holiday.objects.get(date=date(2026, 10, 1)).kind == Holiday.Kind.REST
    assert Holiday.objects.get(date=date(2026, 10, 10)).kind == Holiday.Kind.WORK  # 国庆节调休上班 (Saturday)
    assert Holiday.objects.get(date=date(2026, 2, 14)).name == "春节调休上班"
    assert Holiday.objects.filter(date__year=2027, name="春节").count() == 4


def test_deadline_skips_the_national_day_week_and_counts_the_saturday_worked():
    # 2026-09-30 (Wed): 10-07 are rest days, Saturday 10-10 is a working day.
    # Working days after it: 10-08, 10-09, 10-10 (Sat), 10-12 … 10-16, 10-19, 10-20.
    assert entry_deadline(date(2026, 9, 30)) == date(2026, 10, 20)


def test_ordinary_week_deadline_is_two_weeks_later():
    assert entry_deadline(date(2026, 3, 2)) == date(2026, 3, 16)


def test_adjusted_working_day_on_a_sunday_counts():
    # 2026-09-18 (Fri) → 09-20 (Sun) is 国庆节调休上班.
    assert add_working_days(date(2026, 9, 18), 1) == date(2026, 9, 20)


def test_editing_the_calendar_moves_the_deadline():
    assert entry_deadline(date(2026, 3, 2)) == date(2026, 3, 16)
    Holiday.objects.create(date=date(2026, 3, 10), kind=Holiday.Kind.REST, name="院庆")
    assert entry_deadline(date(2026, 3, 2)) == date(2026, 3, 17)


def test_working_days_between_spring_festival():
    # 2026-02-13 (Fri) to 02-28 (Sat, worked): 02-14 (Sat, worked), 02-24 … 02-27, 02-28.
    assert working_days_between(date(2026, 2, 13), date(2026, 2, 28)) == 6


def test_pending_record_past_its_deadline_is_overdue_and_counted_late():
    volunteer = make_volunteer("逾期")
    overdue = add_hours(volunteer, "2", status=ServiceRecord.Status.PENDING, date=date(2026, 9, 30))
    in_time = add_hours(volunteer, "2", status=ServiceRecord.Status.PENDING, date=date(2026, 10, 15))
    rows = pending_with_deadlines(today=date(2026, 10, 21))
    assert [(row.record, row.overdue) for row in rows] == [(overdue, True), (in_time, False)]
    assert late_entry_count(date(2026, 9, 1), date(2026, 10, 31), today=date(2026, 10, 21)) == 1


def test_record_confirmed_after_its_deadline_counts_as_late():
    volunteer = make_volunteer("迟录")
    on_time = add_hours(volunteer, "2", date=date(2026, 9, 30))
    late = add_hours(volunteer, "2", date=date(2026, 9, 30))
    ServiceRecord.objects.filter(pk=on_time.pk).update(confirmed_at=_at(date(2026, 10, 20)))
    ServiceRecord.objects.filter(pk=late.pk).update(confirmed_at=_at(date(2026, 10, 21)))
    assert late_entry_count(date(2026, 9, 1), date(2026, 10, 31), today=date(2026, 11, 30)) == 1


def _at(day: date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(16)))


def test_evaluation_entered_after_ten_working_days_counts_late(social_worker):
    volunteer = make_volunteer("被评价")
    # Service on 2026-09-30: deadline 10-20 across the National Day week and the worked Saturday.
    Evaluation.objects.create(
        volunteer=volunteer, content="按时", service_date=date(2026, 9, 30), entered_at=_at(date(2026, 10, 20))
    )
    late = Evaluation.objects.create(
        volunteer=volunteer, content="迟录", service_date=date(2026, 9, 30), entered_at=_at(date(2026, 10, 21))
    )
    # Without a service date, the evaluation's own date is the one evaluated (2026-03-02 → deadline 03-16).
    undated = Evaluation.objects.create(
        volunteer=volunteer, content="无服务日期", recorded_on=date(2026, 3, 2), entered_at=_at(date(2026, 3, 17))
    )
    rows = late_evaluations(date(2026, 1, 1), date(2026, 12, 31))
    assert [(row.evaluation, row.deadline) for row in rows] == [
        (late, date(2026, 10, 20)),
        (undated, date(2026, 3, 16)),
    ]
    assert late_evaluation_count(date(2026, 1, 1), date(2026, 12, 31)) == 2


def test_late_evaluation_shows_on_the_overdue_list_and_the_dashboard(client, social_worker):
    today = timezone.localdate()
    volunteer = make_volunteer("今天才录")
    # Entered now about a service this year that is more than 10 working days (at least 20 calendar days) back.
    served = max(today.replace(month=1, day=1), today - datetime.timedelta(days=30))
    Evaluation.objects.create(volunteer=volunteer, content="迟到的表扬", service_date=served)
    expected = 1 if (today - served).days > 20 else 0
    client.force_login(social_worker)
    overdue_page = client.get(reverse("roster_admin:overdue_entries")).content.decode()
    assert ("今天才录" in overdue_page) is bool(expected)
    dashboard = client.get(reverse("roster_admin:dashboard")).content.decode()
    assert f"今年逾期录入的评价:{expected}" in dashboard.replace("</strong>", "")


def test_evaluation_of_a_later_service_than_its_own_date_is_refused():
    evaluation = Evaluation(
        volunteer=make_volunteer("日期"), content="x", recorded_on=date(2026, 3, 2), service_date=date(2026, 3, 5)
    )
    with pytest.raises(ValidationError, match="不能晚于评价日期"):
        evaluation.full_clean()
