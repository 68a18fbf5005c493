"""Small builders for roster tests (no demo data): a valid ID number, a role, a volunteer, an activity."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from roster.idcard import check_digit
from roster.models import Activity, ServiceRecord, ServiceRole, Volunteer

_numbers = count(1)


def id_number(born: date = date(1990, 3, 7), region: str = "110101", sequence: str = "123") -> str:
    first17 = f"{region}{born:%Y%m%d}{sequence}"
    return first17 + check_digit(first17)


def years_ago(years: int, days: int = 0) -> date:
    today = timezone.localdate()
    try:
        return today.replace(year=today.year - years) - timedelta(days=days)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28) - timedelta(days=days)


def make_role(name: str = "门诊导诊", **extra) -> ServiceRole:
    return ServiceRole.objects.create(name=name, **extra)


def make_volunteer(name: str = "张三", status: str = Volunteer.Status.ACTIVE, user=None, **extra) -> Volunteer:
    n = next(_numbers)
    extra.setdefault("mobile", f"138{n:08d}")
    extra.setdefault("availability", ["mon-am", "mon-pm", "sat-am"])
    volunteer = Volunteer(number=f"SG2026-{n:04d}", name=name, status=status, user=user, **extra)
    volunteer.save()
    return volunteer


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour, minute))


def make_activity(role: ServiceRole, starts_at: datetime | None = None, hours: int = 3, **extra) -> Activity:
    starts_at = starts_at or timezone.now() + timedelta(days=2)
    extra.setdefault("department", "门诊大厅")
    return Activity.objects.create(
        name=extra.pop("name", "门诊导诊服务"),
        role=role,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **extra,
    )


def add_hours(volunteer: Volunteer, hours: str, status: str = ServiceRecord.Status.CONFIRMED, **extra):
    extra.setdefault("date", timezone.localdate())
    return ServiceRecord.objects.create(volunteer=volunteer, hours=Decimal(hours), status=status, **extra)
