"""One numbering scheme (accounts.numbering): a locked counter per kind and year; numbers are never reused."""

from __future__ import annotations

import pytest
from django.utils import timezone

from accounts.models import NumberCounter
from accounts.numbering import next_number
from certificates.issuing import next_serial
from roster.actions import next_volunteer_number, reserve_volunteer_numbers
from roster.models import Volunteer

pytestmark = pytest.mark.django_db


def test_each_kind_and_year_counts_on_its_own():
    assert [next_number("volunteer", 2026) for _ in range(3)] == [1, 2, 3]
    assert next_number("volunteer", 2027) == 1
    assert next_number("certificate", 2026) == 1
    assert next_number("volunteer", 2026, count=5) == 4
    assert next_number("volunteer", 2026) == 9


def test_certificate_serials_come_from_the_shared_counter():
    NumberCounter.objects.create(key="certificate", year=2026, last=41)
    assert next_serial(2026) == "SG-2026-000042"


def test_a_volunteer_number_is_never_given_out_twice_even_after_the_record_is_gone():
    year = timezone.localdate().year
    first = next_volunteer_number()
    Volunteer.objects.create(number=first, name="甲").delete()
    assert next_volunteer_number() == f"SG{year}-0002"


def test_numbers_typed_in_before_the_counter_existed_are_skipped():
    year = timezone.localdate().year
    Volunteer.objects.create(number=f"SG{year}-0007", name="乙")
    assert reserve_volunteer_numbers(2) == [f"SG{year}-0008", f"SG{year}-0009"]
