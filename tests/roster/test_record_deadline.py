"""The 10-working-day entry deadline (办法 第十一条) on the official calendar: holidays and adjusted working days."""

from __future__ import annotations

import datetime
from datetime import date

import pytest
from django.utils import timezone

from roster.deadlines import late_entry_count, pending_with_deadlines
from roster.models import Holiday, ServiceRecord
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
