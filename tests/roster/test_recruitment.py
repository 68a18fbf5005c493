from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from roster.models import Application
from roster.privacy import PRIVACY_NOTICE_VERSION

from .factories import id_number, make_role, years_ago

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def form_data(**overrides) -> dict:
    data = {
        "name": "王小明",
        "gender": "male",
        "date_of_birth": years_ago(30).isoformat(),
        "mobile": "13812345678",
        "education": "bachelor",
        "occupation": "教师",
        "skills": ["sign", "language"],
        "availability": ["mon-am", "sat-pm"],
        "emergency_contact_name": "王大明",
        "emergency_contact_phone": "13900001111",
        "heard_from": "community",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_join_page_shows_roles_and_onboarding(client):
    make_role("病房陪伴", description="陪伴住院患者", time_commitment="每周半天")
    response = client.get("/join/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "病房陪伴" in text and "岗前培训" in text and "一个月" in text


def test_valid_application_is_stored_with_privacy_consent_version_and_time(client):
    role = make_role()
    response = client.post("/join/", form_data(preferred_roles=[role.pk]))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.privacy_notice_version == PRIVACY_NOTICE_VERSION
    assert application.privacy_consented_at is not None
    assert application.skills == ["sign", "language"] and list(application.preferred_roles.all()) == [role]


def test_id_number_is_stored_encrypted_hashed_and_masked(client):
    number = id_number(years_ago(30))
    client.post("/join/", form_data(id_number=number, date_of_birth=years_ago(30).isoformat()))
    application = Application.objects.get()
    assert number not in application.id_number_encrypted
    assert application.id_number_masked == number[:4] + "*" * 10 + number[-4:]
    assert application.reveal_id_number() == number
    assert application.id_number_hash and number not in application.id_number_hash


def test_invalid_id_check_digit_is_refused_with_a_message(client):
    born = years_ago(30)
    good = id_number(born)
    bad = good[:17] + ("1" if good[17] == "0" else "0")
    response = client.post("/join/", form_data(id_number=bad, date_of_birth=born.isoformat()))
    assert response.status_code == 200
    assert "校验位不正确" in response.content.decode()
    assert not Application.objects.exists()


def test_id_number_birth_date_must_match_the_stated_one(client):
    response = client.post("/join/", form_data(id_number=id_number(years_ago(40))))
    assert "不一致" in response.content.decode()
    assert not Application.objects.exists()


def test_fifteen_year_old_without_guardian_consent_is_refused(client):
    response = client.post("/join/", form_data(date_of_birth=years_ago(15).isoformat()))
    text = response.content.decode()
    assert "监护人" in text and not Application.objects.exists()
    response = client.post("/join/", form_data(date_of_birth=years_ago(15).isoformat(), guardian_name="王妈妈"))
    assert not Application.objects.exists()


def test_fifteen_year_old_with_guardian_consent_is_accepted(client):
    client.post(
        "/join/", form_data(date_of_birth=years_ago(15).isoformat(), guardian_name="王妈妈", guardian_consent="on")
    )
    assert Application.objects.get().guardian_name == "王妈妈"


def test_under_fourteen_is_refused_even_with_guardian_consent(client):
    response = client.post(
        "/join/", form_data(date_of_birth=years_ago(13).isoformat(), guardian_name="王妈妈", guardian_consent="on")
    )
    assert "未满14周岁" in response.content.decode()
    assert not Application.objects.exists()


def test_bad_mobile_and_missing_consent_are_refused(client):
    response = client.post("/join/", form_data(mobile="12345", privacy_consent=None))
    text = response.content.decode()
    assert "11位手机号码" in text and "个人信息保护声明" in text
    assert not Application.objects.exists()


def test_honeypot_submission_is_silently_dropped(client):
    response = client.post("/join/", form_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Application.objects.exists()


def test_rate_limit_stops_a_flood_from_one_address(client):
    for n in range(5):
        client.post("/join/", form_data(mobile=f"1381234567{n}"))
    response = client.post("/join/", form_data(mobile="13912345670"))
    assert response.status_code == 429
    assert Application.objects.count() == 5


def test_privacy_notice_page_names_the_version(client):
    response = client.get(reverse("roster:privacy"))
    assert PRIVACY_NOTICE_VERSION in response.content.decode()
