"""Screening puts an accepted volunteer into a real onboarding cohort (or none), which their 我的 then shows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Cohort, Membership
from roster.models import Application, Volunteer
from tests.roster.test_screening import make_application

pytestmark = pytest.mark.django_db


def accept(client, application: Application, cohort: str):
    return client.post(
        reverse("roster_admin:screening_detail", args=[application.pk]),
        {"decision": "accept", "cohort": cohort, "interview_notes": ""},
    )


def test_screening_form_offers_running_cohorts_only(client, social_worker, cohort, programme):
    Cohort.objects.create(
        programme=programme, name="2025年春季批(已结业)", start_date=timezone.localdate() - datetime.timedelta(days=90)
    )
    client.force_login(social_worker)
    html = client.get(reverse("roster_admin:screening_detail", args=[make_application().pk])).content.decode()
    assert f'<option value="{cohort.pk}">2026年冬季第一批</option>' in html
    assert "暂不加入批次" in html
    assert "已结业" not in html


def test_accepting_into_a_cohort_enrols_the_volunteer_and_my_page_shows_it(client, social_worker, cohort):
    application = make_application()
    client.force_login(social_worker)
    assert accept(client, application, str(cohort.pk)).status_code == 302
    volunteer = Volunteer.objects.get()
    assert Membership.objects.get(user=volunteer.user).cohort == cohort
    assert volunteer.cohort == "2026年冬季第一批"
    client.force_login(volunteer.user)
    page = client.get(reverse("onboarding:my")).content.decode()
    assert "2026年冬季第一批" in page
    assert "你还没有加入培训批次" not in page
    assert "2026年冬季第一批" in client.get(reverse("accounts:me")).content.decode()


def test_accepting_without_a_cohort_enrols_nobody(client, social_worker, cohort):
    client.force_login(social_worker)
    assert accept(client, make_application(), "").status_code == 302
    assert Volunteer.objects.count() == 1
    assert not Membership.objects.exists()


def test_an_unknown_cohort_is_refused_and_nothing_is_accepted(client, social_worker, cohort):
    application = make_application()
    client.force_login(social_worker)
    response = accept(client, application, str(cohort.pk + 999))
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.NEW
    assert not Volunteer.objects.exists()


def test_a_cohort_deleted_after_the_form_was_shown_undoes_the_acceptance(social_worker, cohort):
    from roster.actions import do_accept_application

    application = make_application()
    missing = cohort.pk
    Cohort.objects.filter(pk=missing).delete()
    with pytest.raises(Exception, match="所选培训批次已不存在"):
        do_accept_application(application, social_worker, cohort="2026年冬季第一批", cohort_id=missing)
    application.refresh_from_db()
    assert application.status == Application.Status.NEW
    assert not Volunteer.objects.exists()
