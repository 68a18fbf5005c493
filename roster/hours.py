"""Service hours as the outside world sees them: confirmed records only.

``confirmed_service_summary`` is what the 志愿服务证明 (certificates) prints, so it lives here, next to the rule
that pending or rejected hours never count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import QuerySet, Sum

from .models import ServiceRecord


@dataclass(frozen=True)
class ServiceItem:
    date: date
    content: str
    department: str
    hours: Decimal


@dataclass(frozen=True)
class ServiceSummary:
    total_hours: Decimal
    items: list[ServiceItem] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)  # distinct activities/roles served, most hours first


def confirmed_records(start: date | None = None, end: date | None = None) -> QuerySet[ServiceRecord]:
    records = ServiceRecord.objects.filter(status=ServiceRecord.Status.CONFIRMED)
    if start:
        records = records.filter(date__gte=start)
    if end:
        records = records.filter(date__lte=end)
    return records


def confirmed_service_summary(user: User, start: date, end: date) -> ServiceSummary:
    """Total confirmed hours of ``user`` between ``start`` and ``end`` (inclusive) and what the service was."""
    records = confirmed_records(start, end).filter(volunteer__user=user)
    items = [
        ServiceItem(date=day, content=content or department, department=department, hours=hours)
        for day, content, department, hours in records.order_by("date", "pk").values_list(
            "date", "content", "department", "hours"
        )
    ]
    by_content = (
        records.values("content")
        .annotate(total=Sum("hours"))
        .order_by("-total", "content")
        .values_list("content", flat=True)
    )
    total = sum((item.hours for item in items), Decimal("0"))
    return ServiceSummary(total_hours=total, items=items, contents=[content for content in by_content if content])
