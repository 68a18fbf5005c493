"""Working days on the official calendar (办法 第十一条: service and evaluation records are entered within 10 working
days after the activity).

A day is a working day when it is Monday to Friday and not listed as a holiday, or when it is listed as an adjusted
working day (调休上班). The list is ``Holiday`` (shipped for 2026 and 2027 from ``data/holidays_cn.yaml``, edited by
the admin), read once per call.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import yaml

from .record_models import Holiday

ENTRY_DEADLINE_WORKING_DAYS = 10
HOLIDAY_FILE = Path(__file__).parent / "data" / "holidays_cn.yaml"


def shipped_holidays() -> Iterator[tuple[datetime.date, str, str]]:
    """(date, kind, name) for every day in the shipped file."""
    data = yaml.safe_load(HOLIDAY_FILE.read_text(encoding="utf-8"))
    for year in data.values():
        for kind in ("rest", "work"):
            for name, days in (year.get(kind) or {}).items():
                for day in days:
                    yield day, kind, name


class Calendar:
    """The official calendar between two dates, loaded in one query."""

    def __init__(self, start: datetime.date, end: datetime.date) -> None:
        self.kinds = dict(Holiday.objects.filter(date__range=(start, end)).values_list("date", "kind"))

    def is_working_day(self, day: datetime.date) -> bool:
        kind = self.kinds.get(day)
        if kind == Holiday.Kind.WORK:
            return True
        return kind != Holiday.Kind.REST and day.weekday() < 5


def _horizon(start: datetime.date, days: int) -> datetime.date:
    """A date surely past the ``days``-th working day after ``start`` (longest official break: 9 days)."""
    return start + datetime.timedelta(days=days * 3 + 30)


def add_working_days(start: datetime.date, days: int, calendar: Calendar | None = None) -> datetime.date:
    """The ``days``-th working day after ``start`` (``start`` itself not counted)."""
    calendar = calendar or Calendar(start, _horizon(start, days))
    day, counted = start, 0
    while counted < days:
        day += datetime.timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
    return day


def entry_deadline(activity_day: datetime.date) -> datetime.date:
    """The last day a record of service on ``activity_day`` may be entered on time."""
    return add_working_days(activity_day, ENTRY_DEADLINE_WORKING_DAYS)


def entry_deadlines(days: set[datetime.date]) -> dict[datetime.date, datetime.date]:
    """``entry_deadline`` for many days, reading the calendar once."""
    if not days:
        return {}
    calendar = Calendar(min(days), _horizon(max(days), ENTRY_DEADLINE_WORKING_DAYS))
    return {day: add_working_days(day, ENTRY_DEADLINE_WORKING_DAYS, calendar) for day in days}


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 when ``end`` is not after ``start``)."""
    if end <= start:
        return 0
    calendar = Calendar(start, end)
    return sum(
        calendar.is_working_day(start + datetime.timedelta(days=offset)) for offset in range(1, (end - start).days + 1)
    )
