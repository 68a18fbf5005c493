from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates.actions import do_issue_for_rule, do_reissue_certificate, do_revoke_certificate
from certificates.models import VerificationLog
from certificates.verification import mask_name


@pytest.fixture
def certificate(volunteer, rule):
    return do_issue_for_rule(volunteer, rule).certificate


def verify_form(client, serial, name, address="203.0.113.5"):
    return client.post(reverse("certificates:verify"), {"serial": serial, "name": name}, REMOTE_ADDR=address)


def test_mask_name_keeps_first_and_last_character():
    assert mask_name("张晓明") == "张*明"
    assert mask_name("李明") == "李*"
    assert mask_name("欧阳小明") == "欧**明"


def test_qr_link_shows_masked_name_course_dates_and_valid_status(client, certificate):
    response = client.get(reverse("certificates:verify_code", args=[certificate.verification_code]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "李*萌" in body and "李小萌" not in body
    assert "志愿者岗前培训" in body and "风险预防" in body
    assert certificate.serial in body
    assert "有效" in body and "已撤销" not in body


def test_serial_and_name_finds_the_certificate(client, certificate):
    response = verify_form(client, certificate.serial.lower(), " 李 小萌 ")
    assert "李*萌" in response.content.decode()
    assert "志愿者岗前培训" in response.content.decode()


def test_wrong_name_with_right_serial_reveals_nothing(client, certificate):
    wrong = verify_form(client, certificate.serial, "王小明").content.decode()
    cache_clear_and_unknown = verify_form(client, "SG-2099-999999", "王小明", address="203.0.113.6").content.decode()
    for leaked in ("李*萌", "志愿者岗前培训", "结业证书</h2>", "有效期至"):
        assert leaked not in wrong
    assert "未找到" in wrong
    # Byte-for-byte the same answer as for a serial that does not exist (apart from the CSRF token).
    strip = lambda html: "\n".join(line for line in html.splitlines() if "csrfmiddlewaretoken" not in line)  # noqa: E731
    assert strip(wrong).replace(certificate.serial, "X") == strip(cache_clear_and_unknown).replace(
        "SG-2099-999999", "X"
    )


def test_revoked_certificate_shows_revoked_on_verify_page_without_the_reason(client, certificate):
    do_revoke_certificate(certificate, by=None, reason="内部原因:资料不实")
    body = client.get(reverse("certificates:verify_code", args=[certificate.verification_code])).content.decode()
    assert "已撤销" in body
    assert timezone.localdate().strftime("%Y年") in body
    assert "资料不实" not in body
    assert ">有效<" not in body


def test_expired_certificate_shows_expired(client, volunteer, rule):
    certificate = do_issue_for_rule(volunteer, rule, issued_on=datetime.date(2020, 1, 1)).certificate
    body = client.get(reverse("certificates:verify_code", args=[certificate.verification_code])).content.decode()
    assert "已过期" in body
    assert "<strong>有效</strong>" not in body


def test_certificate_close_to_expiry_shows_expiring_soon(client, volunteer, rule):
    issued_on = timezone.localdate() - datetime.timedelta(days=365 * 2 - 10)
    certificate = do_issue_for_rule(volunteer, rule, issued_on=issued_on).certificate
    body = client.get(reverse("certificates:verify_code", args=[certificate.verification_code])).content.decode()
    assert "即将到期" in body


def test_superseded_certificate_is_not_shown_as_valid(client, certificate):
    do_reissue_certificate(certificate, by=None, holder_name="李晓萌")
    body = client.get(reverse("certificates:verify_code", args=[certificate.verification_code])).content.decode()
    assert "已被新证书替换" in body
    assert "<strong>有效</strong>" not in body


def test_unknown_code_is_not_found(client, db):
    response = client.get(reverse("certificates:verify_code", args=["nope"]))
    assert response.status_code == 404
    assert "未找到" in response.content.decode()


def test_every_verification_is_logged(client, certificate):
    client.get(reverse("certificates:verify_code", args=[certificate.verification_code]))
    verify_form(client, certificate.serial, "王小明")
    logs = list(VerificationLog.objects.order_by("pk"))
    assert [(log.method, log.outcome) for log in logs] == [("code", "found"), ("form", "not_found")]
    assert logs[0].certificate == certificate and logs[1].certificate is None
    assert all(log.client_hash and "203.0.113" not in log.client_hash for log in logs)


def test_verification_is_rate_limited_per_address(client, certificate, settings):
    settings.CERTIFICATES_VERIFY_LIMIT = 3
    for _attempt in range(3):
        assert verify_form(client, "SG-2026-000001", "某人").status_code == 200
    blocked = verify_form(client, certificate.serial, "李小萌")
    assert blocked.status_code == 429
    assert "李*萌" not in blocked.content.decode()
    assert verify_form(client, certificate.serial, "李小萌", address="198.51.100.7").status_code == 200
    assert VerificationLog.objects.filter(outcome="rate_limited").count() == 1


def test_verify_form_page_renders(client, db):
    response = client.get(reverse("certificates:verify"))
    assert response.status_code == 200
    assert "证书编号" in response.content.decode()
