"""A programme's certificate template and hours become its issuing rule, keeping the certificates already issued."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("onboarding", "0001_initial"), ("certificates", "0002_programme_rules_and_quiz_passed")]
AFTER = [("onboarding", "0002_programme_certificate_rule")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_a_programme_template_becomes_a_programme_rule_holding_its_issued_certificates():
    apps = migrate(BEFORE)
    user = apps.get_model("auth", "User").objects.create(username="li")
    template = apps.get_model("certificates", "CertificateTemplate").objects.create(
        name="岗前培训合格证书", kind="onboarding", title="岗前培训合格证书", body="{name}"
    )
    programme = apps.get_model("onboarding", "Programme").objects.create(
        name="岗前培训(四周)", certificate_template=template, certificate_hours=Decimal("24")
    )
    apps.get_model("onboarding", "Programme").objects.create(name="无证书项目")
    cohort = apps.get_model("onboarding", "Cohort").objects.create(
        programme=programme, name="第一批", start_date=datetime.date(2026, 9, 1)
    )
    issued = apps.get_model("certificates", "Certificate").objects.create(
        template=template,
        holder=user,
        holder_name="李",
        title="岗前培训(四周)",
        serial="SG-2026-000001",
        verification_code="code",
        issued_on=datetime.date(2026, 10, 1),
    )
    apps.get_model("onboarding", "Membership").objects.create(cohort=cohort, user=user, certificate=issued)

    apps = migrate(AFTER)
    programme = apps.get_model("onboarding", "Programme").objects.get(name="岗前培训(四周)")
    rule = programme.certificate_rule
    assert rule.trigger == "programme_completed" and rule.course_page_id is None
    assert rule.template_id == template.pk and rule.title == "岗前培训(四周)" and rule.hours == Decimal("24")
    assert apps.get_model("certificates", "Certificate").objects.get(pk=issued.pk).rule_id == rule.pk
    assert apps.get_model("onboarding", "Programme").objects.get(name="无证书项目").certificate_rule is None
    assert apps.get_model("certificates", "IssuingRule").objects.count() == 1
