from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from roster.models import Volunteer

from .factories import add_hours, make_volunteer

pytestmark = pytest.mark.django_db


def roster_of(n: int) -> None:
    for i in range(n):
        volunteer = make_volunteer(f"v{i}", cohort=f"批次{i % 2}", status=Volunteer.Status.ACTIVE)
        add_hours(volunteer, "3", date=date(2026, 3, 1 + i % 20), department=f"科室{i % 3}")


def test_dashboard_shows_charts(client, coordinator):
    roster_of(3)
    client.force_login(coordinator)
    text = client.get(reverse("roster_admin:dashboard")).content.decode()
    assert text.count("<svg") >= 5 and "招募漏斗" in text and "科室1" in text and "批次0" in text


def test_dashboard_query_count_does_not_grow_with_the_roster(client, coordinator):
    client.force_login(coordinator)
    roster_of(2)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("roster_admin:dashboard"))
    roster_of(20)
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("roster_admin:dashboard"))
    assert len(large) == len(small)


def test_contract_report_counts_only_confirmed_hours_in_range(client, coordinator):
    roster_of(4)
    pending = make_volunteer("待确认")
    add_hours(pending, "50", date=date(2026, 3, 2), status="pending")
    client.force_login(coordinator)
    response = client.get(reverse("roster_admin:report"), {"start": "2026-03-01", "end": "2026-03-02", "download": "1"})
    sheet = load_workbook(BytesIO(response.content))["服务统计"]
    figures = {row[0]: row[1] for row in sheet.iter_rows(values_only=True)}
    assert figures["服务时长(小时)"] == 6 and figures["服务人次"] == 2


def test_report_rejects_end_before_start(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("roster_admin:report"), {"start": "2026-03-02", "end": "2026-03-01"})
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_report_prefills_iso_dates_the_browser_accepts(client, coordinator):
    from django.utils import timezone

    client.force_login(coordinator)
    html = client.get(reverse("roster_admin:report")).content.decode()
    today = timezone.localdate()
    assert f'type="date" name="start" value="{today:%Y-%m}-01"' in html
    assert f'type="date" name="end" value="{today:%Y-%m-%d}"' in html
    assert "/" not in html.split('name="start"')[1].split(">")[0]


def test_trained_counts_the_first_move_to_active_in_the_period_and_imported_active_volunteers(coordinator):
    from roster.actions import do_change_status
    from roster.reports import trained_count

    trainee = make_volunteer("学员", status=Volunteer.Status.TRAINING, joined_on=date(2026, 3, 1))
    make_volunteer("导入", status=Volunteer.Status.ACTIVE, joined_on=date(2025, 5, 1))
    do_change_status(trainee, Volunteer.Status.ACTIVE, by=coordinator)
    today = timezone.localdate(trainee.status_changes.get().changed_at)
    assert trained_count(today, today) == 1
    assert trained_count(date(2025, 5, 1), date(2025, 5, 31)) == 1
    assert trained_count() == 2
