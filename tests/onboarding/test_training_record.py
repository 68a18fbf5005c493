"""The record's training block (办法 第八条) comes from courses and onboarding by itself: nothing typed again."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from courses.models import Enrolment
from onboarding.models import Step, StepRecord
from roster.models import Volunteer
from roster.training import training_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_step(programme) -> Step:
    step = Step(
        programme=programme,
        title="集中培训:医院感染防控",
        kind=Step.Kind.SESSION,
        week=1,
        hours=Decimal("3"),
        description="手卫生、标准预防",
    )
    step.save()
    return step


def test_completed_course_and_attended_session_appear_in_the_record(member, course, session_step, volunteer):
    completed = timezone.now() - datetime.timedelta(days=3)
    Enrolment.objects.create(user=volunteer, course=course, completed_at=completed)
    StepRecord.objects.create(user=volunteer, step=session_step, how=StepRecord.How.SIGNED_IN)
    rows = training_rows(volunteer)
    by_name = {row.name: row for row in rows}
    assert by_name["风险预防与安全"].hours == Decimal("2")
    assert by_name["风险预防与安全"].date == timezone.localdate(completed)
    session = by_name["志愿者岗前培训(测试) · 集中培训:医院感染防控"]
    assert (session.hours, session.content, session.organiser) == (
        Decimal("3"),
        "手卫生、标准预防",
        settings.HOSPITAL_NAME,
    )


def test_course_only_enrolled_and_session_excused_are_not_training_done(member, course, session_step, volunteer):
    Enrolment.objects.create(user=volunteer, course=course)
    StepRecord.objects.create(user=volunteer, step=session_step, how=StepRecord.How.EXCEPTION, reason="病假")
    assert training_rows(volunteer) == []


def test_record_page_and_national_workbook_show_the_training(
    client, member, course, session_step, volunteer, social_worker
):
    Enrolment.objects.create(user=volunteer, course=course, completed_at=timezone.now())
    StepRecord.objects.create(user=volunteer, step=session_step, how=StepRecord.How.SIGNED_IN)
    record = Volunteer.objects.get(user=volunteer)
    client.force_login(social_worker)
    page = client.get(reverse("roster_admin:volunteer_record", args=[record.pk])).content.decode()
    assert "风险预防与安全" in page and "集中培训:医院感染防控" in page
    today = timezone.localdate()
    response = client.get(
        reverse("roster_admin:national_export"),
        {"start": today.replace(month=1, day=1), "end": today, "number": record.number},
    )
    sheet = load_workbook(io.BytesIO(response.content))["培训记录"]
    names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == ["志愿者岗前培训(测试) · 集中培训:医院感染防控", "风险预防与安全"]


def test_pledge_step_tied_to_an_agreement_version_signs_it_online(member, steps, volunteer):
    from onboarding.actions import do_acknowledge
    from roster.models import AgreementVersion, SignedAgreement

    version = AgreementVersion.objects.create(version="2026版", text="志愿服务协议全文", term_months=12)
    pledge = steps["pledge"]
    pledge.agreement_version = version
    pledge.save()
    do_acknowledge(volunteer, pledge)
    signed = SignedAgreement.objects.get()
    assert (signed.volunteer.user, signed.version, signed.how) == (volunteer, version, SignedAgreement.How.ONLINE)
    assert signed.signed_on == timezone.localdate()
    do_acknowledge(volunteer, pledge)
    assert SignedAgreement.objects.count() == 1
