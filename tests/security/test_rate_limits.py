"""One atomic limiter: parallel posts cannot all slip under a limit that get-then-set checked one by one."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client

from roster.models import Application
from roster.views import JOIN_RATE_LIMIT
from tests.concurrency import run_together
from tests.roster.test_recruitment import form_data


@pytest.mark.django_db(transaction=True)
def test_parallel_applications_from_one_address_store_at_most_the_limit():
    cache.clear()

    def apply(index: int) -> int:
        return Client().post("/join/", form_data(mobile=f"1381234567{index}"), REMOTE_ADDR="203.0.113.5").status_code

    statuses = run_together(apply, 8)
    assert sorted(statuses) == [302] * JOIN_RATE_LIMIT + [429] * (8 - JOIN_RATE_LIMIT), statuses
    assert Application.objects.count() == JOIN_RATE_LIMIT


@pytest.fixture
def _fresh_limits():
    cache.clear()


RESET = "/accounts/password/reset/"


@pytest.mark.usefixtures("_fresh_limits")
def test_reset_mail_goes_out_after_commit_not_while_the_visitor_waits(
    client, volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(RESET, {"email": "xm@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["xm@example.com"]


@pytest.mark.usefixtures("_fresh_limits")
def test_reset_answers_alike_for_a_known_and_an_unknown_address(client, volunteer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(RESET, {"email": "xm@example.com"}, REMOTE_ADDR="203.0.113.1")
        unknown = client.post(RESET, {"email": "nobody@example.com"}, REMOTE_ADDR="203.0.113.2")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    assert [message.to for message in mail.outbox] == [["xm@example.com"]]


@pytest.mark.usefixtures("_fresh_limits")
def test_reset_is_throttled_per_account_from_any_address(client, volunteer, settings):
    for n in range(settings.PASSWORD_RESET_LIMIT_PER_ACCOUNT):
        assert client.post(RESET, {"email": "xm@example.com"}, REMOTE_ADDR=f"203.0.113.{n}").status_code == 302
    blocked = client.post(RESET, {"email": "XM@example.com"}, REMOTE_ADDR="198.51.100.9")
    assert blocked.status_code == 429
    assert "重设密码的请求过于频繁" in blocked.content.decode()


@pytest.mark.usefixtures("_fresh_limits")
def test_reset_is_throttled_per_address_whatever_the_account(client, db, settings):
    for n in range(settings.PASSWORD_RESET_LIMIT_PER_ADDRESS):
        assert client.post(RESET, {"email": f"p{n}@example.com"}, REMOTE_ADDR="203.0.113.5").status_code == 302
    assert client.post(RESET, {"email": "other@example.com"}, REMOTE_ADDR="203.0.113.5").status_code == 429
