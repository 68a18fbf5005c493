"""The attempt rules a client cannot beat: time limit, attempt limit, submit once, no answers in the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import actions
from courses.models import Attempt, AttemptState
from courses.signals import attempt_finalised

from .conftest import right_response, value_of


@pytest.fixture
def finalised_events():
    events = []

    def receiver(sender, attempt, passed, **kwargs):
        events.append((attempt.pk, passed))

    attempt_finalised.connect(receiver)
    yield events
    attempt_finalised.disconnect(receiver)


def position_of(attempt, question):
    return attempt.answers.get(question=question).position


def answer_all_right(attempt, bank):
    for answer in attempt.answers.all():
        actions.do_save_answer(attempt, answer.position, right_response(answer))


def test_save_after_the_deadline_is_refused_and_submit_grades_what_was_saved_by_then(volunteer, auto_quiz, bank):
    auto_quiz.time_limit_minutes = 10
    auto_quiz.save()
    start = timezone.now() - timedelta(minutes=30)
    attempt = actions.do_start_attempt(volunteer, auto_quiz, now=start)
    assert attempt.deadline == start + timedelta(minutes=10)
    single = position_of(attempt, bank["single"])
    right = right_response(attempt.answers.get(position=single))
    actions.do_save_answer(attempt, single, right, now=start + timedelta(minutes=5))
    late = start + timedelta(minutes=20)
    with pytest.raises(actions.QuizRefused):
        actions.do_save_answer(attempt, position_of(attempt, bank["truefalse"]), False, now=late)
    attempt, graded = actions.do_submit_attempt(attempt, now=start + timedelta(minutes=25))
    assert graded
    assert attempt.score == 1  # only the answer saved before the deadline counts
    assert attempt.submitted_at == attempt.deadline


def test_late_form_post_cannot_sneak_answers_in_with_the_submit(client, volunteer, auto_quiz, bank):
    auto_quiz.time_limit_minutes = 1
    auto_quiz.save()
    attempt = actions.do_start_attempt(volunteer, auto_quiz, now=timezone.now() - timedelta(minutes=5))
    client.force_login(volunteer)
    posted = {f"q{a.position}": right_response(a) for a in attempt.answers.all() if a.qtype != "multiple"}
    client.post(reverse("courses:submit", args=[attempt.pk]), posted)
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED
    assert attempt.score == 0


def test_overdue_attempt_is_closed_when_the_learner_comes_back(client, volunteer, auto_quiz, bank):
    auto_quiz.time_limit_minutes = 1
    auto_quiz.save()
    attempt = actions.do_start_attempt(volunteer, auto_quiz, now=timezone.now() - timedelta(minutes=5))
    client.force_login(volunteer)
    response = client.get(reverse("courses:attempt", args=[attempt.pk]))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.FINISHED


def test_attempts_beyond_the_maximum_are_refused(client, volunteer, auto_quiz):
    auto_quiz.max_attempts = 2
    auto_quiz.save()
    for _round in range(2):
        attempt = actions.do_start_attempt(volunteer, auto_quiz)
        actions.do_submit_attempt(attempt)
    with pytest.raises(actions.QuizRefused, match="用完"):
        actions.do_start_attempt(volunteer, auto_quiz)
    client.force_login(volunteer)
    response = client.post(reverse("courses:start", args=[auto_quiz.pk]), follow=True)
    assert "用完" in response.content.decode()
    assert Attempt.objects.filter(user=volunteer, quiz=auto_quiz).count() == 2


def test_starting_again_resumes_the_open_attempt_instead_of_using_another(volunteer, auto_quiz):
    auto_quiz.max_attempts = 1
    auto_quiz.save()
    first = actions.do_start_attempt(volunteer, auto_quiz)
    assert actions.do_start_attempt(volunteer, auto_quiz).pk == first.pk
    assert Attempt.objects.count() == 1


def test_closed_or_draft_quiz_cannot_be_started(volunteer, auto_quiz):
    auto_quiz.close_at = timezone.now() - timedelta(days=1)
    auto_quiz.save()
    with pytest.raises(actions.QuizRefused, match="关闭"):
        actions.do_start_attempt(volunteer, auto_quiz)
    auto_quiz.close_at = None
    auto_quiz.live = False
    auto_quiz.save()
    with pytest.raises(actions.QuizRefused, match="发布"):
        actions.do_start_attempt(volunteer, auto_quiz)


def test_double_submit_grades_once(client, volunteer, auto_quiz, bank, finalised_events):
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    answer_all_right(attempt, bank)
    client.force_login(volunteer)
    url = reverse("courses:submit", args=[attempt.pk])
    first = client.post(url)
    second = client.post(url)
    assert first.status_code == second.status_code == 302
    assert finalised_events == [(attempt.pk, True)]
    assert actions.do_submit_attempt(attempt)[1] is False
    assert len(finalised_events) == 1


def test_answers_cannot_change_after_submit(volunteer, auto_quiz, bank):
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    actions.do_submit_attempt(attempt)
    with pytest.raises(actions.QuizRefused):
        actions.do_save_answer(attempt, 1, None)


def test_question_page_html_has_no_right_answers(client, volunteer, quiz, bank):
    bank["single"].explanation = "解析秘密文字"
    bank["single"].save()
    attempt = actions.do_start_attempt(volunteer, quiz)
    client.force_login(volunteer)
    html = client.get(reverse("courses:attempt", args=[attempt.pk])).content.decode()
    assert "发现患者跌倒后" in html and "立即呼叫医护人员" in html  # the question and its options are shown
    assert "解析秘密文字" not in html and "保持患者原位" not in html  # no explanations
    assert "手卫生" not in html and "Hand Hygiene" not in html  # no accepted short answers
    assert not re.search(r"correct|is-right|is-wrong|data-right", html, re.I)  # no correctness markers
    for answer in attempt.answers.all():
        assert str(answer.question_data) not in html


def test_autosaved_answers_are_back_after_reload(client, volunteer, quiz, bank):
    attempt = actions.do_start_attempt(volunteer, quiz)
    client.force_login(volunteer)
    save = reverse("courses:save", args=[attempt.pk])
    single_choice = value_of(attempt.answers.get(question=bank["single"]), "自行扶起患者")
    for question, response in [
        (bank["single"], single_choice),
        (bank["short"], "我的填空答案"),
        (bank["essay"], "我写了一段很长的论述"),
        (bank["truefalse"], True),
    ]:
        reply = client.post(
            save, {"position": position_of(attempt, question), "response": response}, content_type="application/json"
        )
        assert reply.json()["ok"]
    html = client.get(reverse("courses:attempt", args=[attempt.pk])).content.decode()
    assert re.search(rf'value="{single_choice}" checked', html)
    assert 'value="我的填空答案"' in html
    assert "我写了一段很长的论述</textarea>" in html
    assert 'value="true" checked' in html


def test_save_endpoint_refuses_someone_elses_attempt(client, volunteer, auto_quiz):
    from tests.conftest import make_user

    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    client.force_login(make_user("other", "志愿者"))
    reply = client.post(
        reverse("courses:save", args=[attempt.pk]), {"position": 1, "response": None}, content_type="application/json"
    )
    assert reply.status_code == 404


def test_save_endpoint_answers_409_after_submit(client, volunteer, auto_quiz):
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    actions.do_submit_attempt(attempt)
    client.force_login(volunteer)
    reply = client.post(
        reverse("courses:save", args=[attempt.pk]), {"position": 1, "response": None}, content_type="application/json"
    )
    assert reply.status_code == 409 and "交卷" in reply.json()["error"]


def test_random_rule_draws_the_stated_number_from_the_category_subtree(volunteer, category, bank):
    from courses.models import Category, Quiz, QuizRule

    from .conftest import make_question

    bank["essay"].delete()  # an attempt waiting for an essay grade would hold the next one back
    child = Category.objects.create(name="跌倒", parent=category)
    extra = make_question(child, "truefalse", "子分类的题目", true_false_answer=True)
    quiz = Quiz(title="抽题", live=True)
    quiz.rules = [QuizRule(category=category, count=3)]
    quiz.save()
    seen = set()
    for _round in range(15):
        attempt = actions.do_start_attempt(volunteer, quiz)
        picked = list(attempt.answers.values_list("question_id", flat=True))
        assert len(picked) == len(set(picked)) == 3
        seen.update(picked)
        actions.do_submit_attempt(attempt)
    assert extra.pk in seen or len(seen) > 3


def test_exam_mode_shows_score_but_no_per_question_review(client, volunteer, auto_quiz, bank):
    auto_quiz.exam_mode = True
    auto_quiz.save()
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    answer_all_right(attempt, bank)
    actions.do_submit_attempt(attempt)
    client.force_login(volunteer)
    html = client.get(reverse("courses:result", args=[attempt.pk])).content.decode()
    assert "100%" in html and "通过" in html
    assert "逐题回顾" not in html and "正确答案" not in html


def test_review_after_close_waits_for_the_close_date(client, volunteer, auto_quiz, bank):
    auto_quiz.review_when = "after_close"
    auto_quiz.close_at = timezone.now() + timedelta(days=1)
    auto_quiz.save()
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    actions.do_submit_attempt(attempt)
    client.force_login(volunteer)
    assert "逐题回顾" not in client.get(reverse("courses:result", args=[attempt.pk])).content.decode()
    auto_quiz.close_at = timezone.now() - timedelta(minutes=1)
    auto_quiz.save()
    html = client.get(reverse("courses:result", args=[attempt.pk])).content.decode()
    assert "逐题回顾" in html and "立即呼叫医护人员" in html


def test_pass_and_fail_texts_follow_the_pass_mark(client, volunteer, auto_quiz, bank):
    auto_quiz.success_text = "成功文字"
    auto_quiz.fail_text = "失败文字"
    auto_quiz.save()
    client.force_login(volunteer)
    failing = actions.do_start_attempt(volunteer, auto_quiz)
    actions.do_submit_attempt(failing)
    assert "失败文字" in client.get(reverse("courses:result", args=[failing.pk])).content.decode()
    passing = actions.do_start_attempt(volunteer, auto_quiz)
    answer_all_right(passing, bank)
    actions.do_submit_attempt(passing)
    assert "成功文字" in client.get(reverse("courses:result", args=[passing.pk])).content.decode()


def test_one_question_per_page_shows_one_and_keeps_answers_when_moving_on(client, volunteer, auto_quiz, bank):
    auto_quiz.layout = "one"
    auto_quiz.save()
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    client.force_login(volunteer)
    html = client.get(reverse("courses:attempt", args=[attempt.pk])).content.decode()
    assert html.count("data-question ") == 1
    first = attempt.answers.get(position=1)
    client.post(reverse("courses:attempt", args=[attempt.pk]), {"q1": right_response(first), "go": "2"})
    first.refresh_from_db()
    assert first.response is not None


def test_result_shows_score_per_category(client, volunteer, auto_quiz, bank):
    from courses.models import Category

    other = Category.objects.create(name="心理支持")
    bank["truefalse"].category = other
    bank["truefalse"].save()
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    answer_all_right(attempt, bank)
    actions.do_submit_attempt(attempt)
    client.force_login(volunteer)
    html = client.get(reverse("courses:result", args=[attempt.pk])).content.decode()
    assert "各分类得分" in html and "心理支持" in html and "1/1(100%)" in html
