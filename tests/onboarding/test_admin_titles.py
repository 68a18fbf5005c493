"""Every roster, certificates and onboarding admin screen has a Chinese <title>: 「<screen> - 双工学苑管理后台」,
never 「- Wagtail」."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from roster.models import Volunteer
from tests.roster.factories import make_activity, make_role, make_volunteer
from tests.roster.test_screening import make_application

pytestmark = pytest.mark.django_db
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def admin_urls(cohort, session) -> list[str]:
    volunteer = make_volunteer(name="周晓岚", status=Volunteer.Status.ACTIVE)
    activity = make_activity(make_role())
    application = make_application()
    named = [
        "roster_admin:screening_index",
        "roster_admin:volunteer_index",
        "roster_admin:hours_queue",
        "roster_admin:correction_queue",
        "roster_admin:activity_index",
        "roster_admin:match",
        "roster_admin:dashboard",
        "roster_admin:report",
        "roster_admin:import",
        "roster_admin:erasure_queue",
        "roster_admin:service_proof",
        "certificates_jobs:list",
        "certificates_jobs:issue",
        "certificates_jobs:print",
        "certificates_expiring:list",
        "onboarding_programmes:index",
        "onboarding_cohorts:index",
        "onboarding_sessions:index",
    ]
    snippets = [
        f"wagtailsnippets_{app}_{model}:list"
        for app, models in {
            "roster": [
                "servicerole",
                "application",
                "volunteer",
                "activity",
                "signup",
                "servicerecord",
                "servicerecordchange",
                "commendation",
                "evaluation",
                "note",
                "statuschange",
                "idnumberview",
            ],
            "certificates": ["certificatetemplate", "issuingrule", "certificate", "verificationlog"],
        }.items()
        for model in models
    ]
    return [
        *(reverse(name) for name in named + snippets),
        reverse("roster_admin:screening_detail", args=[application.pk]),
        reverse("roster_admin:volunteer_record", args=[volunteer.pk]),
        reverse("roster_admin:activity_detail", args=[activity.pk]),
        reverse("onboarding_admin:grid", args=[cohort.pk]),
        reverse("onboarding_admin:session_qr", args=[session.pk]),
    ]


@pytest.fixture
def session(cohort, programme):
    from django.utils import timezone

    from onboarding.models import Session

    return Session.objects.create(cohort=cohort, step=programme.steps.first(), starts_at=timezone.now())


def test_every_roster_certificate_and_onboarding_screen_has_a_chinese_title(client, coordinator, cohort, session):
    client.force_login(coordinator)
    missing = []
    for url in admin_urls(cohort, session):
        response = client.get(url)
        if response.status_code != 200:
            missing.append((url, response.status_code))
            continue
        title = re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()
        screen, _dash, branding = title.rpartition(" - ")
        if not CHINESE.search(screen) or branding != "双工学苑管理后台":
            missing.append((url, title))
    assert missing == [], "\n".join(map(str, missing))
