"""URL parameters of public, volunteer and staff pages under random values: never a 500, and nothing changes."""

from __future__ import annotations

import json
from urllib.parse import quote, urlencode

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st

from courses.actions import do_start_attempt
from courses.models import Answer, Attempt
from onboarding.models import StepRecord
from roster.models import Application, Signup, Volunteer
from tests.conftest import make_user
from tests.courses.conftest import auto_quiz, bank, category, course  # noqa: F401 - fixtures
from tests.roster.factories import make_volunteer

values = st.one_of(
    st.text(max_size=40),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(
        [
            "",
            "0",
            "-1",
            "1.5",
            "1e9",
            "99999999999999999999",
            "NaN",
            "../../etc/passwd",
            "%00",
            "null",
            "[]",
            "{}",
            "' OR 1=1 --",
            "<b>",
            "第一页",
            "\x00",
        ]
    ),
)

PUBLIC = ["/", "/courses/", "/courses/risk/", "/join/", "/verify/", "/healthz"]
PUBLIC_KEYS = ["page", "q", "p", "role", "tag", "order", "category", "id", "lang", "next"]
PATH_TEMPLATES = [
    "/quiz/{}/",
    "/verify/{}/",
    "/certificates/{}/download/",
    "/onboarding/sign-in/{}/",
    "/roster/me/data.{}",
    "/roster/signups/{}/qr/",
    "/roster/check-in/{}/",
    "/accounts/language/{}/",
    "/courses/lesson/{}/done/",
    "/{}/",
]
STAFF_LISTINGS = [
    "/admin/roster/volunteers/",
    "/admin/roster/screening/",
    "/admin/roster/hours/",
    "/admin/roster/report/",
    "/admin/roster/matching/",
    "/admin/roster/dashboard/",
    "/admin/certificates/jobs/",
    "/admin/courses/essays/",
]
STAFF_KEYS = ["status", "cohort", "role", "page", "q", "star", "start", "end", "skill", "slot", "activity", "ordering"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Application, Attempt, Answer, StepRecord, Signup, Volunteer))


@pytest.fixture
def volunteer_client(client, course, auto_quiz):  # noqa: F811 - fixtures imported above
    user = make_user("fuzzer", "志愿者")
    make_volunteer(name="测试志愿者", user=user)
    client.force_login(user)
    client.raise_request_exception = True
    return client, do_start_attempt(user, auto_quiz)


def test_public_pages_with_random_query_parameters_never_fail(client, course):  # noqa: F811
    @given(st.sampled_from(PUBLIC), st.dictionaries(st.sampled_from(PUBLIC_KEYS), values, max_size=3))
    def run(path: str, params: dict) -> None:
        before = counts()
        response = client.get(f"{path}?{urlencode(params)}")
        assert response.status_code < 500
        assert counts() == before

    run()


def test_id_and_code_segments_never_fail_for_a_volunteer(volunteer_client):
    client, _ = volunteer_client

    @given(st.sampled_from(PATH_TEMPLATES), values)
    def run(template: str, value: str) -> None:
        before = counts()
        response = client.get(template.format(quote(value, safe="")))
        assert response.status_code < 500
        assert counts() == before

    run()


def test_question_number_of_an_attempt_never_fails(volunteer_client):
    client, attempt = volunteer_client

    @given(values)
    def run(value: str) -> None:
        before = counts()
        response = client.get(f"/quiz/attempt/{attempt.pk}/?{urlencode({'q': value})}")
        assert response.status_code == (400 if "\x00" in value else 200)
        assert counts() == before

    run()


def test_autosave_with_random_payloads_never_fails(volunteer_client):
    client, attempt = volunteer_client
    json_values = st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
        max_leaves=6,
    )

    @given(st.one_of(st.binary(max_size=60), st.dictionaries(st.sampled_from(["position", "response"]), json_values)))
    def run(payload) -> None:
        body = payload if isinstance(payload, bytes) else json.dumps(payload)
        response = client.post(f"/quiz/attempt/{attempt.pk}/save/", body, content_type="application/json")
        assert response.status_code in (200, 400, 409)
        if response.status_code != 200:
            assert "error" in response.json()

    run()


def test_staff_listing_filters_never_fail(client, social_worker, home_page):
    client.force_login(social_worker)

    @given(st.sampled_from(STAFF_LISTINGS), st.dictionaries(st.sampled_from(STAFF_KEYS), values, max_size=3))
    def run(path: str, params: dict) -> None:
        before = counts()
        response = client.get(f"{path}?{urlencode(params)}")
        assert response.status_code < 500
        assert counts() == before

    run()


@pytest.mark.parametrize("value", [":", "abc", "1.5", "-1"])
def test_matching_with_a_malformed_activity_id_is_not_found(client, social_worker, home_page, value):
    """Found by the property above: ``/admin/roster/matching/?activity=:`` was a 500."""
    client.force_login(social_worker)
    assert client.get(f"/admin/roster/matching/?{urlencode({'activity': value})}").status_code == 404


def test_autosave_of_a_text_answer_with_a_nul_byte_never_fails(volunteer_client):
    client, attempt = volunteer_client
    for answer in attempt.answers.all():
        response = client.post(
            f"/quiz/attempt/{attempt.pk}/save/",
            json.dumps({"position": answer.position, "response": "手\x00卫生"}),
            content_type="application/json",
        )
        assert response.status_code in (200, 409)
