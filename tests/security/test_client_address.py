"""Behind the reverse proxy every limiter, the login lock-out and the audit log see the visitor, not the proxy."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from config.client_ip import client_ip
from roster.models import Application
from tests.roster.test_recruitment import form_data

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    cache.clear()


def via_proxy(forwarded_for: str) -> dict:
    """What nginx (docs/deploy.md) sends: the visitor's address appended to whatever the visitor sent."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded_for}


def address_of(**meta) -> str:
    return client_ip(RequestFactory().get("/", **meta))


def test_the_client_is_the_first_untrusted_hop_from_the_right():
    assert address_of(**via_proxy("198.51.100.7")) == "198.51.100.7"
    assert address_of(**via_proxy("1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert address_of(**via_proxy("198.51.100.7, 10.0.0.9")) == "198.51.100.7"


def test_a_forwarded_header_from_an_untrusted_address_is_ignored():
    assert address_of(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.7") == "203.0.113.5"


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert address_of(**via_proxy("198.51.100.7")) == PROXY


def test_a_malformed_forwarded_header_falls_back_to_the_proxy():
    assert address_of(**via_proxy("<script>")) == PROXY


def test_join_limit_counts_each_visitor_behind_the_proxy_apart(client):
    for n in range(5):
        client.post("/join/", form_data(mobile=f"1381234567{n}"), **via_proxy("198.51.100.7"))
    blocked = client.post("/join/", form_data(mobile="13812345679"), **via_proxy("198.51.100.7"))
    assert blocked.status_code == 429
    other = client.post("/join/", form_data(mobile="13912345670"), **via_proxy("203.0.113.20"))
    assert other.status_code == 302
    assert Application.objects.count() == 6


def test_join_limit_cannot_be_escaped_by_writing_the_header_yourself(client):
    for n in range(5):
        client.post(
            "/join/", form_data(mobile=f"1381234567{n}"), REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}"
        )
    blocked = client.post(
        "/join/", form_data(mobile="13812345679"), REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="1.1.1.9"
    )
    assert blocked.status_code == 429
    assert Application.objects.count() == 5


def test_verification_limit_counts_each_visitor_behind_the_proxy_apart(client, settings):
    settings.CERTIFICATES_VERIFY_LIMIT = 2
    url, lookup = reverse("certificates:verify"), {"serial": "SG-2026-000001", "name": "某人"}
    for _attempt in range(2):
        client.post(url, lookup, **via_proxy("198.51.100.7"))
    assert client.post(url, lookup, **via_proxy("198.51.100.7")).status_code == 429
    assert client.post(url, lookup, **via_proxy("203.0.113.20")).status_code == 200


def test_login_lock_out_locks_the_guesser_not_everyone_behind_the_proxy(client, volunteer, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "xiaomeng", "password": "wrong"}, **via_proxy("1.2.3.4"))
    guesser = client.post(
        reverse("accounts:login"), {"username": "xiaomeng", "password": "correct-horse-battery"}, **via_proxy("1.2.3.4")
    )
    assert guesser.status_code == 429
    owner = client.post(
        reverse("accounts:login"),
        {"username": "xiaomeng", "password": "correct-horse-battery"},
        **via_proxy("198.51.100.7"),
    )
    assert owner.status_code == 302
    assert "_auth_user_id" in client.session


def test_audit_log_records_the_visitor_not_a_spoofed_first_entry(client):
    client.post("/join/", form_data(), **via_proxy("6.6.6.6, 198.51.100.7"))
    entry = LogEntry.objects.get_for_object(Application.objects.get()).get()
    assert entry.remote_addr == "198.51.100.7"
