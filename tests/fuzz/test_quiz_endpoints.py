"""The quiz's JSON endpoints (autosave, check) under hostile bodies: a 400 or 409 in Chinese, never a 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from courses.actions import do_start_attempt
from courses.models import Answer
from tests.conftest import make_user
from tests.courses.conftest import auto_quiz, bank, category  # noqa: F401 - fixtures

from .conftest import CJK

ENDPOINTS = ["save", "check"]

HOSTILE_BODIES = [
    b'{"position": 1e999, "response": null}',
    b'{"position": 1e308, "response": null}',
    b'{"position": ' + b"9" * 309 + b', "response": null}',
    b'{"position": 99999, "response": null}',
    b'{"position": 0}',
    b'{"position": -1}',
    b'{"position": true}',
    b'{"position": "1e3"}',
    b'{"position": NaN}',
    b'{"position": Infinity}',
    b'{"position": 1, "response": 1e999}',
    b'{"position": 1, "response": ' + b"9" * 400 + b"}",
    b'{"position": 1, "response": -Infinity}',
    b'{"position": 1, "response": {"a": [1, {"b": null}]}}',
    b'{"position": 1, "response": [[[["x"]]]]}',
    b"[" * 100_000 + b"]" * 100_000,
    b'{"position": 1, "response": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    b"[1, 2, 3]",
    b'"position"',
    b"null",
    b"\xff\xfe",
    b"",
]


@pytest.fixture
def attempt_client(client, auto_quiz):  # noqa: F811 - fixtures imported above
    auto_quiz.feedback_each_question = True
    auto_quiz.save()
    user = make_user("fuzzer", "志愿者")
    client.force_login(user)
    client.raise_request_exception = True
    return client, do_start_attempt(user, auto_quiz)


def answers_of(attempt) -> list[tuple]:
    return list(Answer.objects.filter(attempt=attempt).order_by("pk").values_list("response", "checked", "score"))


def assert_refused_in_chinese(response) -> None:
    assert response.status_code in (400, 409), response.status_code
    assert CJK.search(response.json()["error"])


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("body", HOSTILE_BODIES, ids=range(len(HOSTILE_BODIES)))
def test_hostile_json_bodies_are_refused_in_chinese_and_change_nothing(attempt_client, endpoint, body):
    client, attempt = attempt_client
    before = answers_of(attempt)
    response = client.post(f"/quiz/attempt/{attempt.pk}/{endpoint}/", body, content_type="application/json")
    if endpoint == "check" and response.status_code == 200:
        return  # a well-formed check of a real question (``{"position": 1, ...}``) is allowed to check it
    assert_refused_in_chinese(response)
    assert answers_of(attempt) == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_a_position_not_in_the_attempt_is_a_409(attempt_client, endpoint):
    client, attempt = attempt_client
    before = answers_of(attempt)
    position = attempt.answers.count() + 1
    response = client.post(
        f"/quiz/attempt/{attempt.pk}/{endpoint}/", {"position": position}, content_type="application/json"
    )
    assert response.status_code == 409 and response.json()["error"] == "没有这道题。"
    assert answers_of(attempt) == before


def test_check_and_save_with_random_json_never_fail(attempt_client):
    client, attempt = attempt_client
    numbers = st.one_of(
        st.integers(-(2**1100), 2**1100),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([10**308, -(10**308), 2**63, 2**15, 32767, 32768]),
    )
    json_values = st.recursive(
        st.none() | st.booleans() | numbers | st.text(max_size=20),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
        max_leaves=8,
    )

    @given(
        st.sampled_from(ENDPOINTS),
        st.one_of(json_values, st.dictionaries(st.sampled_from(["position", "response"]), json_values)),
    )
    def run(endpoint: str, payload) -> None:
        response = client.post(
            f"/quiz/attempt/{attempt.pk}/{endpoint}/", json.dumps(payload), content_type="application/json"
        )
        assert response.status_code in (200, 400, 409)
        if response.status_code != 200:
            assert CJK.search(response.json()["error"])

    run()
