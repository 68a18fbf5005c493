"""Health credentials and accident insurance: who holds what on a given day (read by ``roster.eligibility``, the one
gate for sign-up, invitation, matching and check-in, and by the expiry lists and reminders).

A health item is held on a day when the volunteer's latest check of it on or before that day is 合格 and still within
the item's validity. A volunteer is insured on a day when a policy covering them runs over that day.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import ServiceRole, Volunteer
from .record_models import HealthCheck, HealthItem, InsurancePolicy

INSURANCE_WARNING_DAYS = 30


def latest_check(volunteer: Volunteer, item: HealthItem, on: datetime.date) -> HealthCheck | None:
    return (
        HealthCheck.objects.filter(volunteer=volunteer, item=item, checked_on__lte=on)
        .order_by("-checked_on", "-pk")
        .first()
    )


def check_valid_on(check: HealthCheck | None, on: datetime.date) -> bool:
    return check is not None and check.result == HealthCheck.Result.PASS and check.valid_until >= on


def health_items_for(role: ServiceRole) -> list[HealthItem]:
    return list(role.health_items.order_by("name"))


def missing_health_items(volunteer: Volunteer, role: ServiceRole, on: datetime.date) -> list[HealthItem]:
    """The role's health items the volunteer does not hold on ``on`` (missing, 不合格 or expired)."""
    return [item for item in health_items_for(role) if not check_valid_on(latest_check(volunteer, item, on), on)]


def insured_on(volunteer: Volunteer, on: datetime.date) -> bool:
    return InsurancePolicy.objects.filter(covered=volunteer, starts_on__lte=on, ends_on__gte=on).exists()


def volunteers_holding(role: ServiceRole, on: datetime.date, volunteers: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    """``volunteers`` narrowed to those holding the role's health items and, if it needs it, insurance on ``on``."""
    if role.needs_insurance:
        volunteers = volunteers.filter(insurance_policies__starts_on__lte=on, insurance_policies__ends_on__gte=on)
    for item in health_items_for(role):
        holders = {volunteer_id for volunteer_id, valid in _latest_checks(item, on).items() if valid}
        volunteers = volunteers.filter(pk__in=holders)
    return volunteers.distinct()


def _latest_checks(item: HealthItem, on: datetime.date) -> dict[int, bool]:
    """volunteer id → whether their latest check of ``item`` on or before ``on`` is valid on ``on``."""
    latest: dict[int, bool] = {}
    checks = HealthCheck.objects.filter(item=item, checked_on__lte=on).order_by("volunteer_id", "-checked_on", "-pk")
    for check in checks.select_related("item"):
        if check.volunteer_id not in latest:
            latest[check.volunteer_id] = check_valid_on(check, on)
    return latest


@dataclass(frozen=True)
class Expiring:
    volunteer: Volunteer
    what: str
    ends_on: datetime.date
    remind_days: int = 0


def expiring_insurance(today: datetime.date, days: int = INSURANCE_WARNING_DAYS) -> list[Expiring]:
    """Volunteers whose cover ends within ``days`` with no later policy taking over."""
    horizon = today + datetime.timedelta(days=days)
    rows: list[Expiring] = []
    policies = InsurancePolicy.objects.filter(ends_on__gte=today, ends_on__lte=horizon).prefetch_related("covered")
    for policy in policies.order_by("ends_on"):
        for volunteer in policy.covered.filter(anonymised_at__isnull=True):
            if insured_on(volunteer, policy.ends_on + datetime.timedelta(days=1)):
                continue
            rows.append(Expiring(volunteer, f"{policy.insurer} {policy.number}", policy.ends_on))
    return rows


def expiring_health(today: datetime.date, days: int | None = None) -> list[Expiring]:
    """Valid health checks whose validity ends within the item's reminder window (or ``days``), not yet renewed."""
    rows: list[Expiring] = []
    for item in HealthItem.objects.order_by("name"):
        window = item.remind_days if days is None else days
        horizon = today + datetime.timedelta(days=window)
        latest: dict[int, HealthCheck] = {}
        for check in (
            HealthCheck.objects.filter(item=item)
            .select_related("volunteer", "item")
            .order_by("volunteer_id", "-checked_on", "-pk")
        ):
            latest.setdefault(check.volunteer_id, check)
        for check in latest.values():
            if check.result == HealthCheck.Result.PASS and today <= check.valid_until <= horizon:
                if check.volunteer.anonymised_at is None:
                    rows.append(Expiring(check.volunteer, item.name, check.valid_until, item.remind_days))
    return sorted(rows, key=lambda row: (row.ends_on, row.volunteer.number))
