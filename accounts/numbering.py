"""One numbering scheme for every record that carries a running number (certificate serials, volunteer numbers).

A counter row per (kind, year) is locked while it is advanced, so two requests at the same moment never get the
same number; it lives in the lowest layer so every app shares it.
"""

from __future__ import annotations

from django.db import transaction

from .models import NumberCounter


def next_number(key: str, year: int, *, count: int = 1, at_least: int = 1) -> int:
    """Reserve ``count`` consecutive numbers of ``key`` in ``year``; returns the first.

    ``at_least`` lets a caller skip numbers already taken outside the counter (records imported or typed in).
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    with transaction.atomic():
        counter, _created = NumberCounter.objects.select_for_update().get_or_create(key=key, year=year)
        first = max(counter.last + 1, at_least)
        counter.last = first + count - 1
        counter.save(update_fields=["last"])
    return first
