from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.urls import reverse

from certificates.actions import do_issue_for_rule, do_revoke_certificate

from ..conftest import make_user


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@pytest.fixture
def certificate(volunteer, rule):
    return do_issue_for_rule(volunteer, rule).certificate


def test_holder_downloads_an_open_badge_signed_with_the_published_site_key(client, volunteer, certificate):
    client.force_login(volunteer)
    token = client.get(reverse("certificates:badge", args=[certificate.serial])).content.decode()
    header, payload, signature = token.split(".")
    key = client.get(reverse("certificates:jwks")).json()["keys"][0]
    Ed25519PublicKey.from_public_bytes(b64decode(key["x"])).verify(
        b64decode(signature), f"{header}.{payload}".encode()
    )  # raises if the signature does not match
    claims = json.loads(b64decode(payload))
    assert json.loads(b64decode(header))["alg"] == "EdDSA"
    assert "OpenBadgeCredential" in claims["type"]
    assert claims["credentialSubject"]["achievement"]["name"] == "志愿者岗前培训"
    assert claims["id"].endswith(f"/verify/{certificate.verification_code}/")
    assert "李小萌" not in b64decode(payload).decode()


def test_badge_is_only_for_the_holder_and_only_while_valid(client, certificate):
    from accounts.roles import VOLUNTEER

    client.force_login(make_user("other", VOLUNTEER))
    assert client.get(reverse("certificates:badge", args=[certificate.serial])).status_code == 404
    client.force_login(certificate.holder)
    do_revoke_certificate(certificate, by=None, reason="x")
    assert client.get(reverse("certificates:badge", args=[certificate.serial])).status_code == 404
