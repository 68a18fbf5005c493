from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.actions import do_issue_for_rule
from certificates.models import BulkJob, Certificate, CertificateEvent

from .conftest import pdf_reader


@pytest.fixture
def certificate(volunteer, rule):
    return do_issue_for_rule(volunteer, rule).certificate


@pytest.fixture
def staff_client(client, social_worker):
    client.force_login(social_worker)
    return client


def test_template_list_and_sample_pdf_preview(staff_client, template):
    listing = staff_client.get(reverse("wagtailsnippets_certificates_certificatetemplate:list"))
    assert listing.status_code == 200 and "样张 PDF" in listing.content.decode()
    sample = staff_client.get(reverse("certificates_actions:template_sample", args=[template.pk]))
    assert sample["Content-Type"] == "application/pdf"
    assert "张晓明" in "".join(pdf_reader(sample.content).pages[0].extract_text().split())


def test_template_edit_page_opens(staff_client, template):
    response = staff_client.get(reverse("wagtailsnippets_certificates_certificatetemplate:edit", args=[template.pk]))
    assert response.status_code == 200


def test_certificate_list_shows_actions_and_no_edit_form(staff_client, certificate):
    body = staff_client.get(reverse("wagtailsnippets_certificates_certificate:list")).content.decode()
    assert certificate.serial in body and "撤销" in body and "更正重发" in body
    edit = staff_client.get(reverse("wagtailsnippets_certificates_certificate:edit", args=[certificate.pk]))
    assert edit.status_code in (302, 403)


def test_social_worker_revokes_with_a_reason_from_the_admin(staff_client, social_worker, certificate):
    url = reverse("certificates_actions:certificate", args=[certificate.pk, "revoke"])
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"reason": ""})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED
    staff_client.post(url, {"reason": "资料不实"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED and certificate.revoked_by == social_worker
    staff_client.post(reverse("certificates_actions:certificate", args=[certificate.pk, "reinstate"]))
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_reissue_from_the_admin_supersedes(staff_client, certificate):
    url = reverse("certificates_actions:certificate", args=[certificate.pk, "reissue"])
    staff_client.post(url, {"holder_name": "李晓萌", "note": "姓名错字"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.SUPERSEDED
    assert Certificate.objects.get(status=Certificate.Status.ISSUED).holder_name == "李晓萌"


def test_volunteer_cannot_use_admin_actions(client, volunteer, certificate):
    client.force_login(volunteer)
    url = reverse("certificates_actions:certificate", args=[certificate.pk, "revoke"])
    client.post(url, {"reason": "x"})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ISSUED


def test_issue_and_print_a_cohort_from_the_admin(staff_client, volunteer, coordinator, rule):
    response = staff_client.post(
        reverse("certificates_jobs:issue"), {"rule": rule.pk, "holders": [volunteer.pk, coordinator.pk]}
    )
    job = BulkJob.objects.get(kind=BulkJob.Kind.ISSUE)
    assert response.url == reverse("certificates_jobs:detail", args=[job.pk])
    detail = staff_client.get(response.url).content.decode()
    assert "2 / 2" in detail and "已完成" in detail
    assert Certificate.objects.filter(rule=rule).count() == 2
    response = staff_client.post(reverse("certificates_jobs:print"), {"rule": rule.pk})
    job = BulkJob.objects.get(kind=BulkJob.Kind.PRINT)
    output = staff_client.get(reverse("certificates_jobs:output", args=[job.pk]))
    assert len(pdf_reader(b"".join(output.streaming_content)).pages) == 2


def test_print_with_an_unknown_serial_is_refused_and_changes_nothing(staff_client, certificate):
    response = staff_client.post(
        reverse("certificates_jobs:print"), {"serials": f"{certificate.serial}\nSG-1999-000001"}
    )
    assert "SG-1999-000001" in response.content.decode() and "不存在" in response.content.decode()
    assert not BulkJob.objects.exists()


def test_expiring_soon_list(staff_client, volunteer, social_worker, rule):
    soon = do_issue_for_rule(
        volunteer, rule, issued_on=timezone.localdate() - datetime.timedelta(days=365 * 2 - 10)
    ).certificate
    later = do_issue_for_rule(social_worker, rule).certificate
    body = staff_client.get(reverse("certificates_expiring:list")).content.decode()
    assert soon.serial in body and later.serial not in body
    staff_client.post(
        reverse("certificates_actions:certificate", args=[soon.pk, "renew"]), {"issued_on": timezone.localdate()}
    )
    soon.refresh_from_db()
    assert soon.status == Certificate.Status.SUPERSEDED
    assert CertificateEvent.objects.filter(action=CertificateEvent.Action.RENEWED).count() == 1


def test_verification_log_list(staff_client, client, certificate):
    client.get(reverse("certificates:verify_code", args=[certificate.verification_code]))
    assert staff_client.get(reverse("wagtailsnippets_certificates_verificationlog:list")).status_code == 200


def test_template_edit_preview_renders_a_sample_pdf_of_the_unsaved_form(staff_client, template):
    url = reverse("wagtailsnippets_certificates_certificatetemplate:preview_on_edit", args=[template.pk])
    data = {
        "name": template.name,
        "kind": template.kind,
        "title": "预览标题",
        "body": "{name} 完成《{course}》。",
        "orientation": "portrait",
        "issuer_name": "",
        "contact": "",
        "validity_months": "",
        "signatories-TOTAL_FORMS": "0",
        "signatories-INITIAL_FORMS": "0",
        "signatories-MIN_NUM_FORMS": "0",
        "signatories-MAX_NUM_FORMS": "4",
    }
    assert staff_client.post(url, data).json()["is_valid"]
    response = staff_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    text = "".join(pdf_reader(response.content).pages[0].extract_text().split())
    assert "预览标题" in text and "张晓明" in text
