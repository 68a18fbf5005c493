"""In a real browser: answers are autosaved by courses/static/courses/quiz.js and come back after a reload."""

from __future__ import annotations

import pytest

from courses import actions
from courses.models import Answer
from tests.conftest import ensure_base_rows, make_user
from tests.courses.conftest import bank, category, quiz  # noqa: F401 - fixtures used below

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_answers_autosave_and_survive_reload(live_server, phone_page, quiz):  # noqa: F811
    ensure_base_rows()
    user = make_user("e2e-volunteer", "志愿者")
    attempt = actions.do_start_attempt(user, quiz)
    phone_page.goto(f"{live_server.url}/accounts/login/")
    phone_page.fill("input[name=username]", "e2e-volunteer")
    phone_page.fill("input[name=password]", "correct-horse-battery")
    phone_page.locator("form [type=submit]").last.click()
    phone_page.goto(f"{live_server.url}/quiz/attempt/{attempt.pk}/")
    tf = attempt.answers.get(question_data__type="truefalse").position
    short = attempt.answers.get(question_data__type="short").position
    phone_page.check(f"input[name=q{tf}][value=false]")
    phone_page.fill(f"input[name=q{short}]", "手卫生")
    # The text answer is saved after a short pause in typing; until then the page counts it as unsaved.
    phone_page.locator("[data-attempt-form][data-unsaved='0']").wait_for()
    phone_page.locator("[data-save-status]").get_by_text("已保存").wait_for()
    phone_page.reload()
    assert phone_page.is_checked(f"input[name=q{tf}][value=false]")
    assert phone_page.input_value(f"input[name=q{short}]") == "手卫生"
    assert Answer.objects.get(attempt=attempt, position=short).response == "手卫生"
