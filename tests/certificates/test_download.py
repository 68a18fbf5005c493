from __future__ import annotations

import pytest
from django.urls import reverse

from certificates.actions import do_issue_for_rule, do_revoke_certificate

from ..conftest import make_user


@pytest.fixture
def certificate(volunteer, rule):
    return do_issue_for_rule(volunteer, rule).certificate


def test_holder_downloads_their_pdf(client, volunteer, certificate):
    client.force_login(volunteer)
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_volunteer_cannot_download(client, certificate):
    from accounts.roles import VOLUNTEER

    client.force_login(make_user("other", VOLUNTEER))
    assert client.get(reverse("certificates:download", args=[certificate.serial])).status_code == 404


def test_anonymous_visitor_is_sent_to_login(client, certificate):
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_social_worker_can_download_any_certificate(client, social_worker, certificate):
    client.force_login(social_worker)
    assert client.get(reverse("certificates:download", args=[certificate.serial])).status_code == 200


def test_pdfs_are_not_under_media_root(certificate, settings):
    assert not str(certificate.pdf.path).startswith(str(settings.MEDIA_ROOT))


def test_my_certificates_panel_lists_certificates_with_download_link(client, volunteer, certificate):
    client.force_login(volunteer)
    body = client.get(reverse("accounts:me")).content.decode()
    assert "我的证书" in body
    assert certificate.serial in body
    assert reverse("certificates:download", args=[certificate.serial]) in body


def test_revoked_certificate_shows_revoked_in_my_certificates(client, volunteer, certificate):
    do_revoke_certificate(certificate, by=None, reason="x")
    client.force_login(volunteer)
    body = client.get(reverse("accounts:me")).content.decode()
    assert "已撤销" in body
    assert reverse("certificates:download", args=[certificate.serial]) not in body
