"""The 志愿服务证明: certificates issue it from a summary; the roster builds the summary from confirmed hours."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from certificates.actions import IssuingError
from certificates.models import Certificate, CertificateTemplate
from certificates.service_proof import ServiceProofSummary, do_issue_service_proof
from tests.certificates.conftest import pdf_reader

SUMMARY = ServiceProofSummary(
    start=datetime.date(2026, 1, 1),
    end=datetime.date(2026, 6, 30),
    hours=Decimal("86.5"),
    items=("门诊导诊", "病房探访陪伴"),
    volunteer_number="SGV-000123",
    id_type="居民身份证",
    id_number_masked="1101**********1234",
)


@pytest.fixture(autouse=True)
def _own_pdf_folder(settings, tmp_path):
    settings.CERTIFICATES_PDF_ROOT = tmp_path / "certificate-pdfs"


@pytest.fixture
def service_template(db):
    return CertificateTemplate.objects.create(
        name="志愿服务证明(测试)",
        kind=CertificateTemplate.Kind.SERVICE,
        title="志愿服务证明",
        body="兹证明 {name} 于 {period} 在 {hospital} 参加志愿服务,累计服务时长 {hours} 小时。特此证明。",
        orientation=CertificateTemplate.Orientation.PORTRAIT,
        contact="010-12345678",
    )


@pytest.fixture
def served(volunteer):
    """A roster record for the volunteer with confirmed and pending hours in the first half of 2026."""
    from roster.models import ServiceRecord
    from tests.roster.factories import id_number, make_volunteer

    record = make_volunteer(name="李小萌", user=volunteer)
    record.set_id_number(id_number())
    record.save()
    for day, hours, content, status in (
        (datetime.date(2026, 2, 3), "40", "门诊导诊", ServiceRecord.Status.CONFIRMED),
        (datetime.date(2026, 5, 9), "46.5", "病房探访陪伴", ServiceRecord.Status.CONFIRMED),
        (datetime.date(2026, 6, 1), "10", "门诊导诊", ServiceRecord.Status.PENDING),
        (datetime.date(2026, 7, 2), "8", "门诊导诊", ServiceRecord.Status.CONFIRMED),
    ):
        ServiceRecord.objects.create(volunteer=record, date=day, hours=Decimal(hours), content=content, status=status)
    return record


def test_service_certificate_states_what_the_volunteer_record_rules_ask(volunteer, service_template):
    certificate = do_issue_service_proof(volunteer, SUMMARY, person_in_charge="陈嘉宁", handling_officer="王思远")
    text = "".join(pdf_reader(certificate.pdf.read()).pages[0].extract_text().split())
    for expected in (
        "志愿服务证明",
        "李小萌",
        "居民身份证1101**********1234",
        "SGV-000123",
        "2026年1月1日至2026年6月30日",
        "86.5",
        "门诊导诊、病房探访陪伴",
        "示范医院医务社工部",
        "陈嘉宁",
        "王思远",
        "010-12345678",
        certificate.serial,
    ):
        assert expected in text, expected
    assert "110101199003071234" not in text
    assert "110101199003071234" not in str(Certificate.objects.values().get())


def test_the_roster_summary_carries_only_the_masked_id_number(volunteer, served):
    from roster.service_proof import service_proof_summary

    summary = service_proof_summary(volunteer, datetime.date(2026, 1, 1), datetime.date(2026, 6, 30))
    assert summary.hours == Decimal("86.5")  # pending and out-of-period hours do not count
    assert summary.id_number_masked == served.id_number_masked and "*" in summary.id_number_masked
    assert served.reveal_id_number() not in repr(summary)


def test_same_period_twice_issues_one_certificate(volunteer, service_template):
    first = do_issue_service_proof(volunteer, SUMMARY, person_in_charge="陈", handling_officer="王")
    second = do_issue_service_proof(volunteer, SUMMARY, person_in_charge="陈", handling_officer="王")
    assert first.pk == second.pk


def test_no_hours_no_certificate(volunteer, service_template):
    empty = ServiceProofSummary(start=SUMMARY.start, end=SUMMARY.end, hours=Decimal(0))
    with pytest.raises(IssuingError, match="没有已确认的服务时长"):
        do_issue_service_proof(volunteer, empty, person_in_charge="陈", handling_officer="王")
    assert not Certificate.objects.exists()


def test_command_issues_from_the_roster_hours_confirmed_in_the_period(volunteer, service_template, served, capsys):
    call_command(
        "issue_service_certificate",
        volunteer.username,
        "--start=2026-01-01",
        "--end=2026-06-30",
        "--person-in-charge=陈嘉宁",
        "--handling-officer=王思远",
    )
    certificate = Certificate.objects.get()
    assert certificate.hours == Decimal("86.5")  # pending and out-of-period hours do not count
    assert certificate.extra["volunteer_number"] == served.number
    assert certificate.extra["id_document"].endswith(served.id_number_masked)
    assert "门诊导诊" in certificate.extra["service_content"]
    assert "SG-" in capsys.readouterr().out


def test_command_refuses_a_user_without_a_volunteer_record(volunteer, service_template):
    with pytest.raises(CommandError, match="没有志愿者档案"):
        call_command(
            "issue_service_certificate",
            volunteer.username,
            "--start=2026-01-01",
            "--end=2026-06-30",
            "--person-in-charge=陈",
            "--handling-officer=王",
        )
    assert not Certificate.objects.exists()


def test_admin_issues_a_service_certificate(client, social_worker, volunteer, service_template, served):
    client.force_login(social_worker)
    response = client.post(
        reverse("roster_admin:service_proof"),
        {
            "volunteer": volunteer.pk,
            "start": "2026-01-01",
            "end": "2026-06-30",
            "person_in_charge": "陈嘉宁",
            "handling_officer": "王思远",
        },
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.template == service_template and certificate.issued_by == social_worker


def test_admin_refuses_a_period_without_confirmed_hours_and_issues_nothing(
    client, social_worker, volunteer, service_template, served
):
    client.force_login(social_worker)
    response = client.post(
        reverse("roster_admin:service_proof"),
        {
            "volunteer": volunteer.pk,
            "start": "2025-01-01",
            "end": "2025-06-30",
            "person_in_charge": "陈嘉宁",
            "handling_officer": "王思远",
        },
    )
    assert response.status_code == 200
    assert "没有已确认的服务时长" in response.content.decode()
    assert not Certificate.objects.exists()


def test_admin_screen_is_only_for_those_who_may_issue_certificates(client, volunteer):
    client.force_login(volunteer)
    response = client.get(reverse("roster_admin:service_proof"))
    assert response.status_code in (302, 403)
    assert not Certificate.objects.exists()


def test_verify_page_of_a_service_proof_states_hours_served_over_the_period(client, volunteer, service_template):
    certificate = do_issue_service_proof(volunteer, SUMMARY, person_in_charge="陈嘉宁", handling_officer="王思远")
    page = client.get(reverse("certificates:verify_code", args=[certificate.verification_code])).content.decode()
    assert "服务时长" in page and "86.5 小时" in page
    assert "2026年1月1日至2026年6月30日" in page
    assert "学时" not in page and "课程或项目" not in page
