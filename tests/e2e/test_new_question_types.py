"""In a real browser: a matching and a numeric question are answered, autosaved, kept over a reload and graded;
the import screen previews a bank before anything is imported. Screenshots go to SHOTS_DIR when it is set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from courses import actions
from courses.importers import import_file
from courses.models import Answer, Category, Quiz, QuizQuestion
from tests.conftest import ensure_base_rows, make_user

from .test_accessibility import _serious_violations, axe_source  # noqa: F401 - fixture used below

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
BANKS = Path(__file__).parent.parent / "courses" / "banks"
SHOTS = os.environ.get("SHOTS_DIR")


def shoot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "correct-horse-battery")
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()


@pytest.fixture
def bank_quiz(db) -> Quiz:
    ensure_base_rows()
    category = Category.objects.create(name="岗前培训")
    questions = {q.title: q for q in import_file("gift", (BANKS / "岗前培训题库.gift.txt").read_bytes(), category)}
    quiz = Quiz(title="岗前培训综合测验", live=True, pass_mark=60)
    chosen = [questions[t] for t in ("岗位职责", "余量", "倾听", "口罩选择")]
    quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(chosen)]
    quiz.save()
    return quiz


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_matching_and_numeric_answers_autosave_and_are_graded(live_server, browser, bank_quiz, axe_source, size):  # noqa: F811
    user = make_user(f"e2e-match-{size[0]}", "志愿者")
    attempt = actions.do_start_attempt(user, bank_quiz)
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, user.username)
    page.goto(f"{live_server.url}/quiz/attempt/{attempt.pk}/")
    assert page.locator(".question__text strong", has_text="呼吸道感染").count() == 1
    matching = attempt.answers.get(question_data__type="matching").position
    numeric = attempt.answers.get(question_data__type="numeric").position
    selects = page.locator(f"fieldset[data-position='{matching}'] select")
    assert selects.count() == 3
    for i in range(3):
        label = selects.nth(i).locator("xpath=..").inner_text().split("\n")[0].strip()
        right = {"医务社工": "心理社会评估与个案管理", "志愿者": "陪伴导诊与生活协助", "责任护士": "执行医嘱与护理操作"}
        selects.nth(i).select_option(label=right[label])
    page.fill(f"input[name=q{numeric}]", "230")
    page.locator("body").click()  # leaving the field saves the number at once
    page.locator("[data-attempt-form][data-unsaved='0']").wait_for()
    page.locator("[data-save-status]").get_by_text("已保存").wait_for()
    assert _serious_violations(page, axe_source) == []
    shoot(page, f"attempt-{size[0]}")
    page.reload()
    assert page.input_value(f"input[name=q{numeric}]") == "230"
    assert len(Answer.objects.get(attempt=attempt, position=matching).response) == 3
    page.on("dialog", lambda dialog: dialog.accept())
    page.locator("[data-submit]").click()
    page.wait_for_url("**/result/")
    text = page.inner_text("main")
    assert "接近了,请再算一遍。" in text
    shoot(page, f"result-{size[0]}")
    matched = Answer.objects.get(attempt=attempt, position=matching)
    assert matched.score == matched.max_score
    assert Answer.objects.get(attempt=attempt, position=numeric).score == 0.5
    context.close()


@pytest.mark.parametrize("size", [(390, 844), (1280, 900)])
def test_import_screen_previews_before_importing(live_server, browser, size):
    ensure_base_rows()
    Category.objects.create(name="岗前培训")
    make_user(f"e2e-sw-{size[0]}", "医务社工")
    context = browser.new_context(locale="zh-CN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, live_server.url, f"e2e-sw-{size[0]}")
    page.goto(f"{live_server.url}/admin/courses/import/")
    page.select_option("select[name=format]", "gift")
    page.select_option("select[name=category]", label="岗前培训")
    page.locator("main form button[type=submit]").click()  # no file chosen
    page.get_by_text("请选择要导入的文件").wait_for()
    shoot(page, f"import-empty-{size[0]}")
    page.set_input_files("input[name=file]", str(BANKS / "岗前培训题库.gift.txt"))
    page.locator("main form button[type=submit]").click()
    page.get_by_text("将导入 10 道题目").wait_for()
    shoot(page, f"import-preview-{size[0]}")
    page.get_by_role("button", name="确认导入 10 道题目").click()
    page.wait_for_load_state()
    assert "已导入 10 道题目" in page.inner_text("body")
    context.close()
