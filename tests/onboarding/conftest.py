"""A shortened programme built per test on the courses, roster and certificates test builders."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from certificates.models import CertificateTemplate, IssuingRule, Signatory
from onboarding.models import Cohort, Membership, Programme, Step
from roster.models import Volunteer
from tests.courses.conftest import auto_quiz, bank, category, course, make_question, right_response  # noqa: F401
from tests.roster.factories import make_role, make_volunteer


@pytest.fixture
def completion_template(db) -> CertificateTemplate:
    template = CertificateTemplate.objects.create(
        name="岗前培训合格证书(测试)",
        kind=CertificateTemplate.Kind.COMPLETION,
        title="岗前培训合格证书",
        body="{name} 同志完成《{course}》,共计 {hours} 学时,考核合格,特发此证。",
        validity_months=24,
    )
    Signatory.objects.create(template=template, name="陈嘉宁", title="医务社工部主任")
    return template


@pytest.fixture
def programme_rule(completion_template) -> IssuingRule:
    return IssuingRule.objects.create(
        template=completion_template,
        trigger=IssuingRule.Trigger.PROGRAMME_COMPLETED,
        title="志愿者岗前培训(测试)",
        hours=16,
    )


@pytest.fixture
def programme(course, auto_quiz, programme_rule) -> Programme:  # noqa: F811 - fixtures imported above
    programme = Programme(name="志愿者岗前培训(测试)", weeks=4, certificate_rule=programme_rule)
    pledge = Step(title="签署保密承诺", kind=Step.Kind.ACKNOWLEDGE, week=1, pledge="我承诺对患者信息保密。")
    learn = Step(title="风险预防与安全", kind=Step.Kind.COURSE, week=2, course=course)
    exam = Step(title="风险预防测验", kind=Step.Kind.QUIZ, week=2, quiz=auto_quiz)
    shadow = Step(title="跟岗见习", kind=Step.Kind.SHADOW_SHIFT, week=4)
    programme.steps = [pledge, learn, exam, shadow]
    programme.save()
    shadow.depends_on = exam
    shadow.save()
    return programme


@pytest.fixture
def cohort(programme, social_worker) -> Cohort:
    start = timezone.localdate() - datetime.timedelta(days=10)
    return Cohort.objects.create(
        programme=programme, name="2026年冬季第一批", start_date=start, social_worker=social_worker
    )


@pytest.fixture
def member(cohort, volunteer) -> Membership:
    make_volunteer(name="李小萌", status=Volunteer.Status.TRAINING, user=volunteer)
    return Membership.objects.create(cohort=cohort, user=volunteer)


@pytest.fixture
def steps(programme) -> dict[str, Step]:
    by_kind = {step.kind: step for step in programme.steps.all()}
    return {
        "pledge": by_kind[Step.Kind.ACKNOWLEDGE],
        "course": by_kind[Step.Kind.COURSE],
        "quiz": by_kind[Step.Kind.QUIZ],
        "shadow": by_kind[Step.Kind.SHADOW_SHIFT],
    }


__all__ = ["make_question", "make_role", "right_response"]
