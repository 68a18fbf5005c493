"""Questions other apps ask about certificates (the roster uses these for eligibility)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count

from .models import Certificate


def users_holding_valid_certificates(course_page_ids: Iterable[int], on: datetime.date) -> set[int]:
    """Ids of users who, on ``on``, hold a valid certificate (issued, not revoked, not superseded, not expired)
    for EVERY listed course page. An empty list asks nothing, so it answers with no one.
    """
    wanted = set(course_page_ids)
    if not wanted:
        return set()
    rows = (
        Certificate.objects.valid_on(on)
        .filter(course_page_id__in=wanted)
        .values("holder_id")
        .annotate(pages=Count("course_page_id", distinct=True))
        .filter(pages=len(wanted))
    )
    return {row["holder_id"] for row in rows}
