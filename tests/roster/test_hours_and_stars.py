from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from roster.actions import do_confirm_service_record, do_reject_service_record
from roster.hours import confirmed_service_summary
from roster.models import ServiceRecord, StarThresholds
from roster.stars import star_level_for_hours

from .factories import add_hours, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("hours", "level"), [(0, 0), (99.75, 0), (100, 1), (299, 1), (300, 2), (600, 3), (1000, 4), (1500, 5), (9999, 5)]
)
def test_default_thresholds(hours, level):
    assert star_level_for_hours(hours, (100, 300, 600, 1000, 1500)) == level


def test_pending_hours_do_not_count_until_confirmed(social_worker):
    volunteer = make_volunteer()
    record = add_hours(volunteer, "120", status=ServiceRecord.Status.PENDING)
    volunteer.refresh_from_db()
    assert volunteer.confirmed_hours == 0 and volunteer.star_level == 0
    do_confirm_service_record(record, social_worker)
    volunteer.refresh_from_db()
    assert volunteer.confirmed_hours == Decimal("120") and volunteer.star_level == 1


def test_correcting_or_rejecting_hours_changes_the_star_level(social_worker):
    volunteer = make_volunteer()
    record = add_hours(volunteer, "120", status=ServiceRecord.Status.PENDING)
    do_confirm_service_record(record, social_worker, hours=Decimal("90"), note="扣除午休")
    volunteer.refresh_from_db()
    assert volunteer.confirmed_hours == Decimal("90") and volunteer.star_level == 0
    other = add_hours(volunteer, "20", status=ServiceRecord.Status.PENDING)
    do_confirm_service_record(other, social_worker)
    volunteer.refresh_from_db()
    assert volunteer.star_level == 1
    do_reject_service_record(other, social_worker, "未到岗")
    volunteer.refresh_from_db()
    assert volunteer.confirmed_hours == Decimal("90") and volunteer.star_level == 0


def test_threshold_change_changes_star_levels(social_worker):
    volunteer = make_volunteer()
    do_confirm_service_record(add_hours(volunteer, "250", status=ServiceRecord.Status.PENDING), social_worker)
    volunteer.refresh_from_db()
    assert volunteer.star_level == 1
    thresholds = StarThresholds.load()
    thresholds.one_star, thresholds.two_stars, thresholds.three_stars = 100, 200, 500
    thresholds.four_stars, thresholds.five_stars = 800, 1000
    thresholds.save()
    volunteer.refresh_from_db()
    assert volunteer.star_level == 2


def test_thresholds_must_increase():
    from django.core.exceptions import ValidationError

    thresholds = StarThresholds(one_star=100, two_stars=100, three_stars=500, four_stars=800, five_stars=1000)
    with pytest.raises(ValidationError):
        thresholds.clean()


def test_hours_queue_confirms_with_correction(client, social_worker):
    volunteer = make_volunteer(
        "孙悟",
    )
    record = add_hours(volunteer, "3.5", status=ServiceRecord.Status.PENDING, content="导诊")
    client.force_login(social_worker)
    url = reverse("roster_admin:hours_queue")
    assert "孙悟" in client.get(url).content.decode()
    client.post(url, {"record": record.pk, "hours": "3", "note": "提前离开", "action": "confirm"})
    record.refresh_from_db()
    assert record.status == ServiceRecord.Status.CONFIRMED and record.hours == Decimal("3")
    assert record.confirmed_by == social_worker


def test_confirmed_service_summary_counts_only_confirmed_hours_in_the_period(volunteer):
    person = make_volunteer(user=volunteer)
    add_hours(person, "3", date=date(2026, 3, 1), content="门诊导诊")
    add_hours(person, "2", date=date(2026, 3, 8), content="病房陪伴")
    add_hours(person, "4", date=date(2026, 3, 9), content="门诊导诊")
    add_hours(person, "9", date=date(2026, 3, 10), status=ServiceRecord.Status.PENDING, content="康复协助")
    add_hours(person, "9", date=date(2026, 3, 11), status=ServiceRecord.Status.REJECTED, content="康复协助")
    add_hours(person, "5", date=date(2026, 4, 2), content="门诊导诊")
    summary = confirmed_service_summary(volunteer, date(2026, 3, 1), date(2026, 3, 31))
    assert summary.total_hours == Decimal("9")
    assert summary.contents == ["门诊导诊", "病房陪伴"]
    assert [item.date for item in summary.items] == [date(2026, 3, 1), date(2026, 3, 8), date(2026, 3, 9)]
