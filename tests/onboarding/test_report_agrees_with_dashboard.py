"""The 服务报表 and the 数据看板 count recruits and trained volunteers by the same functions, so on the demo data
they agree: all time, the report's figures are the dashboard's funnel, and a finished cohort shows in the period."""

from __future__ import annotations

import datetime
import os

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Cohort
from roster import reports

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", stdout=quiet)


def figures_on_page(client, start: datetime.date, end: datetime.date) -> dict[str, str]:
    html = client.get(reverse("roster_admin:report"), {"start": f"{start:%Y-%m-%d}", "end": f"{end:%Y-%m-%d}"})
    rows = html.context["figures"]
    return {label: str(value) for label, value in rows}


def test_report_and_dashboard_agree_on_the_demo_data(client, demo):
    from django.contrib.auth.models import User

    client.force_login(User.objects.get(username="coordinator"))
    today = timezone.localdate()
    funnel = dict(reports.funnel())
    cohorts = {name: (total, done) for name, total, done in reports.cohort_completion()}
    all_time = figures_on_page(client, datetime.date(2000, 1, 1), today)
    assert all_time["新招募志愿者(人)"] == str(funnel["进入培训"])
    assert all_time["完成岗前培训(人)"] == str(funnel["上岗"]) == str(sum(done for _t, done in cohorts.values()))

    finished = Cohort.objects.filter(memberships__completed_at__isnull=False).distinct().get()
    total, done = cohorts[finished.name]
    assert total == done > 0
    period = figures_on_page(client, finished.start_date, today)
    assert int(period["完成岗前培训(人)"]) >= done
