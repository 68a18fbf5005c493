"""The shared badge names nobody: nothing in it is computed from the holder's name."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from django.urls import reverse

from certificates.actions import do_issue_for_rule
from certificates.models import Certificate


def claims_of(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.fixture
def certificate(volunteer, rule):
    return do_issue_for_rule(volunteer, rule).certificate


def download(client, certificate) -> str:
    client.force_login(certificate.holder)
    return client.get(reverse("certificates:badge", args=[certificate.serial])).content.decode()


def test_public_badge_carries_no_value_derived_from_the_holder_name(client, certificate):
    before = download(client, certificate)
    Certificate.objects.filter(pk=certificate.pk).update(holder_name="王大明")
    after = download(client, Certificate.objects.get(pk=certificate.pk))
    assert claims_of(before) == claims_of(after)
    text = json.dumps(claims_of(before), ensure_ascii=False)
    assert "identityHash" not in text and "salt" not in text
    assert hashlib.sha256("李小萌".encode()).hexdigest()[:12] not in text


def test_badge_subject_is_a_stable_random_id_per_certificate(client, certificate):
    subject = claims_of(download(client, certificate))["credentialSubject"]
    assert subject["id"].startswith("urn:uuid:")
    assert claims_of(download(client, certificate))["credentialSubject"]["id"] == subject["id"]
    assert subject["id"].removeprefix("urn:uuid:") not in (certificate.serial, certificate.verification_code)
