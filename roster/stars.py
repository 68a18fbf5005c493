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
    """Store each volunteer's confirmed hours and star level again; returns how many changed.

    Hours are summed from confirmed service records only, so pending or rejected records never count.
    """
    from django.db.models import Sum

    from .models import ServiceRecord, Volunteer

    thresholds = current_thresholds()
    records = ServiceRecord.objects.filter(status=ServiceRecord.Status.CONFIRMED)
    volunteers = Volunteer.objects.all()
    if volunteer_ids is not None:
        records = records.filter(volunteer_id__in=volunteer_ids)
        volunteers = volunteers.filter(pk__in=volunteer_ids)
    totals = dict(records.values_list("volunteer_id").annotate(total=Sum("hours")).order_by())
    changed = []
    for volunteer in volunteers.only("pk", "confirmed_hours", "star_level").iterator(chunk_size=2000):
        hours = totals.get(volunteer.pk) or Decimal("0")
        level = star_level_for_hours(hours, thresholds)
        if volunteer.confirmed_hours != hours or volunteer.star_level != level:
            volunteer.confirmed_hours = hours
            volunteer.star_level = level
            changed.append(volunteer)
    Volunteer.objects.bulk_update(changed, ["confirmed_hours", "star_level"], batch_size=1000)
    return len(changed)
