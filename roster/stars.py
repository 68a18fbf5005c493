"""Star levels (星级) from confirmed service hours.

Cities differ (100/300/600/1000/1500 hours is common, some use 100/200/500/800/1000), so the thresholds live in
the admin (``roster.models.StarThresholds``) and every star level in the database is recomputed when they change.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

DEFAULT_THRESHOLDS: tuple[int, ...] = (100, 300, 600, 1000, 1500)


def current_thresholds() -> tuple[int, ...]:
    """The thresholds set in the admin for the default site, or the defaults."""
    from .models import StarThresholds

    return StarThresholds.load().as_tuple()


def star_level_for_hours(hours: Decimal | float | int, thresholds: Sequence[int] | None = None) -> int:
    """0-5 stars: the number of thresholds the confirmed hours reach."""
    if thresholds is None:
        thresholds = current_thresholds()
    return sum(1 for threshold in thresholds if Decimal(str(hours)) >= Decimal(threshold))


def recompute_star_levels(volunteer_ids: Sequence[int] | None = None) -> int:
    """Store each volunteer's confirmed hours and star level again, in two UPDATE statements; returns rows updated.

    Hours are summed from confirmed service records only, so pending or rejected records never count.
    """
    from django.db.models import Case, DecimalField, IntegerField, OuterRef, Subquery, Sum, Value, When
    from django.db.models.functions import Coalesce

    from .models import ServiceRecord, Volunteer

    thresholds = current_thresholds()
    volunteers = Volunteer.objects.all()
    if volunteer_ids is not None:
        volunteers = volunteers.filter(pk__in=volunteer_ids)
    total = (
        ServiceRecord.objects.filter(volunteer=OuterRef("pk"), status=ServiceRecord.Status.CONFIRMED)
        .values("volunteer")
        .annotate(total=Sum("hours"))
        .values("total")
    )
    hours = Subquery(total, output_field=DecimalField(max_digits=8, decimal_places=2))
    volunteers.update(confirmed_hours=Coalesce(hours, Value(Decimal("0"))))
    levels = [
        When(confirmed_hours__gte=threshold, then=Value(level))
        for level, threshold in sorted(enumerate(thresholds, start=1), reverse=True)
    ]
    return volunteers.update(star_level=Case(*levels, default=Value(0), output_field=IntegerField()))
