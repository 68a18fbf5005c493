"""The public forms under random input: never a 500; a refused submission stores nothing and says why in Chinese."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from certificates.models import Certificate, VerificationLog
from roster.models import Application
from tests.roster.test_recruitment import form_data

from .conftest import CJK

JOIN_FIELDS = [
    "name",
    "gender",
    "date_of_birth",
    "mobile",
    "id_number",
    "education",
    "occupation",
    "skills",
    "availability",
    "preferred_roles",
    "emergency_contact_name",
    "emergency_contact_phone",
    "heard_from",
    "privacy_consent",
    "guardian_name",
    "website",
]

nasty_text = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "0" * 300,
            "<script>alert(1)</script>",
            "'; DROP TABLE roster_application;--",
            "１３８１２３４５６７８",
            "2026-02-30",
            "9999-99-99",
            "11010119900307123X",
            "-1",
            "1e309",
            "%00",
            "\u202e",
            "😀" * 50,
        ]
    ),
)
field_values = st.one_of(nasty_text, st.lists(nasty_text, max_size=3))


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_join_form_never_fails_and_a_refusal_stores_nothing(client, db):
    @given(st.dictionaries(st.sampled_from(JOIN_FIELDS), field_values, min_size=1, max_size=5))
    def run(changes: dict) -> None:
        cache.clear()
        before = Application.objects.count()
        response = client.post("/join/", form_data(**changes))
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 200:
            assert Application.objects.count() == before
            assert CJK.search(response.content.decode())
            assert "errorlist" in response.content.decode() or "error" in response.content.decode()

    run()


def test_join_form_with_random_field_names_never_fails(client, db):
    @given(st.dictionaries(st.text(max_size=12), st.text(max_size=30), max_size=6))
    def run(data: dict) -> None:
        cache.clear()
        before = Application.objects.count()
        response = client.post("/join/", data)
        assert response.status_code == 200
        assert Application.objects.count() == before

    run()


def test_verify_form_never_fails_and_changes_no_certificate(client, db):
    @given(st.dictionaries(st.sampled_from(["serial", "name", "other"]), nasty_text, max_size=3))
    def run(data: dict) -> None:
        cache.clear()
        certificates = Certificate.objects.count()
        logs = VerificationLog.objects.count()
        response = client.post("/verify/", data)
        assert response.status_code in (200, 429)
        assert Certificate.objects.count() == certificates
        if not (data.get("serial", "").strip() and data.get("name", "").strip()):
            assert VerificationLog.objects.count() == logs  # a form with errors is not a verification

    run()
