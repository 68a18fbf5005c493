"""The training block of the volunteer record (办法 第八条): every course completed and every onboarding session
attended, with 名称, 主要内容, 学时, 举办单位 and 日期, compiled from the apps that hold them — never typed again.

The roster sits below ``onboarding`` in the layers, so it cannot ask onboarding itself. Instead each app that holds
training registers a *source* here (``register_training_source``): the roster registers the courses source below
(``courses`` is beneath it), and ``onboarding`` registers its sessions in ``OnboardingConfig.ready``. The record
page, the volunteer's export and the national-system workbook all read ``training_rows``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from courses import queries as course_queries


@dataclass(frozen=True)
class TrainingRow:
    name: str
    content: str
    hours: Decimal
    organiser: str
    date: datetime.date
    kind: str


TrainingSource = Callable[[User], list[TrainingRow]]
_sources: dict[str, TrainingSource] = {}


def register_training_source(key: str, source: TrainingSource) -> None:
    """Add (or replace, by ``key``) a source of training rows for a person."""
    _sources[key] = source


def training_rows(
    user: User | None, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[TrainingRow]:
    """Every training row of the person from every source, oldest first; none for a volunteer without an account."""
    if user is None:
        return []
    rows = [row for source in _sources.values() for row in source(user)]
    rows = [row for row in rows if (start is None or row.date >= start) and (end is None or row.date <= end)]
    return sorted(rows, key=lambda row: (row.date, row.name))


def completed_courses(user: User) -> list[TrainingRow]:
    return [
        TrainingRow(
            name=course["title"],
            content=course["summary"],
            hours=course["hours"],
            organiser=settings.HOSPITAL_NAME,
            date=course["completed_on"],
            kind=str(_("线上课程")),
        )
        for course in course_queries.completed_courses(user)
    ]


register_training_source("courses", completed_courses)
