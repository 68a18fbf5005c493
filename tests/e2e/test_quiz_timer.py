"""In a real browser: the quiz clock is silent for screen readers except at 10, 5 and 1 minutes left."""

from __future__ import annotations

import time

import pytest

from courses import actions
from tests.conftest import ensure_base_rows, make_user
from tests.courses.conftest import bank, category, quiz  # noqa: F401 - fixtures used below

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_timer_announces_only_at_set_points(live_server, phone_page, quiz):  # noqa: F811
    ensure_base_rows()
    quiz.time_limit_minutes = 11
    quiz.save()
    user = make_user("e2e-timer", "志愿者")
    phone_page.clock.install(time=time.time())
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.fill("input[name=username]", "e2e-timer")
    phone_page.fill("input[name=password]", "correct-horse-battery")
    phone_page.locator("form [type=submit]").last.click()
    attempt = actions.do_start_attempt(user, quiz)
    phone_page.goto(f"{live_server.url}/quiz/attempt/{attempt.pk}/")
    announcer = phone_page.locator("[data-timer-announce]")
    clock = phone_page.locator("[role=timer]")
    # The ticking clock is in no live region; only the announcer is.
    assert clock.evaluate("node => node.closest('[aria-live]') === null")
    assert announcer.get_attribute("aria-live") == "assertive"
    phone_page.clock.run_for(30_000)
    assert announcer.text_content() == ""
    assert clock.text_content().startswith("10:")
    phone_page.clock.run_for(40_000)
    assert announcer.text_content() == "距离交卷还剩 10 分钟。"
    phone_page.clock.run_for(4 * 60_000 + 30_000)
    assert announcer.text_content() == "距离交卷还剩 10 分钟。"  # nothing new between the set points
    phone_page.clock.run_for(60_000)
    assert announcer.text_content() == "距离交卷还剩 5 分钟。"
