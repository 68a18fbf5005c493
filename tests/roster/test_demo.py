from __future__ import annotations

import pytest

from roster import demo
from roster.models import Activity, Application, Commendation, ServiceRecord, Volunteer

pytestmark = pytest.mark.django_db


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Volunteer, Application, Activity, ServiceRecord, Commendation))


def test_demo_has_sixty_volunteers_in_two_cohorts_and_loads_once(social_worker):
    demo.load()
    first = counts()
    demo.load()
    assert counts() == first
    assert first[0] == 60
    assert set(Volunteer.objects.values_list("cohort", flat=True)) == set(demo.COHORTS)
    assert len(set(Volunteer.objects.values_list("status", flat=True))) >= 4
    assert ServiceRecord.objects.filter(status="confirmed").exists() and Commendation.objects.exists()
