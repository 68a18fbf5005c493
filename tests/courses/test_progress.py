"""Enrolment, lessons done, course completion (and its signal), essays graded by people, practice, 我的学习."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from courses import actions, queries
from courses.models import Attempt, AttemptState, Enrolment, LessonPage
from courses.signals import attempt_finalised, course_completed

from .conftest import right_response


@pytest.fixture
def completions():
    events = []

    def receiver(sender, user, course, completed_at, **kwargs):
        events.append((user.pk, course.pk))

    course_completed.connect(receiver)
    yield events
    course_completed.disconnect(receiver)


def perfect_attempt(user, quiz):
    attempt = actions.do_start_attempt(user, quiz)
    for answer in attempt.answers.all():
        actions.do_save_answer(attempt, answer.position, right_response(answer))
    return actions.do_submit_attempt(attempt)[0]


def test_volunteer_enrols_and_sees_the_progress_bar(client, volunteer, course):
    client.force_login(volunteer)
    client.post(reverse("courses:enrol", args=[course.pk]))
    assert Enrolment.objects.filter(user=volunteer, course=course).exists()
    lesson = LessonPage.objects.child_of(course).first()
    client.post(reverse("courses:lesson_done", args=[lesson.pk]))
    html = client.get(course.url).content.decode()
    assert "已完成 1/2 个课时" in html and '<progress class="progress" max="100" value="50"' in html


def test_course_completes_only_when_lessons_done_and_required_quiz_passed(volunteer, course, auto_quiz, completions):
    first, second = LessonPage.objects.child_of(course).order_by("path")
    actions.do_enrol(volunteer, course)
    assert not actions.do_mark_lesson_done(volunteer, first)
    assert not actions.do_mark_lesson_done(volunteer, second)  # the quiz is not passed yet
    failed = actions.do_start_attempt(volunteer, auto_quiz)
    actions.do_submit_attempt(failed)
    assert completions == []
    perfect_attempt(volunteer, auto_quiz)
    assert completions == [(volunteer.pk, course.pk)]
    assert Enrolment.objects.get(user=volunteer, course=course).completed_at is not None
    actions.do_mark_lesson_done(volunteer, first)
    actions.do_enrol(volunteer, course)
    assert len(completions) == 1  # sent once, ever


def test_lesson_done_by_json_request_for_scroll_to_end(client, volunteer, course):
    client.force_login(volunteer)
    lesson = LessonPage.objects.child_of(course).first()
    reply = client.post(reverse("courses:lesson_done", args=[lesson.pk]), HTTP_ACCEPT="application/json")
    assert reply.json()["done"] is True


def test_essay_goes_to_the_queue_and_result_is_final_after_grading(client, volunteer, social_worker, quiz, bank):
    events = []
    attempt_finalised.connect(lambda sender, attempt, passed, **kw: events.append(passed), weak=False, dispatch_uid="t")
    try:
        attempt = actions.do_start_attempt(volunteer, quiz)
        for answer in attempt.answers.all():
            actions.do_save_answer(attempt, answer.position, right_response(answer))
        attempt, _graded = actions.do_submit_attempt(attempt)
        assert attempt.state == AttemptState.NEEDS_GRADING and attempt.passed is None
        assert events == []
        client.force_login(social_worker)
        queue = client.get(reverse("courses_admin:essays"))
        assert "我的论述" in queue.content.decode()
        essay = attempt.answers.get(question=bank["essay"])
        too_much = client.post(
            reverse("courses_admin:essays"), {"answer": essay.pk, f"a{essay.pk}-score": "9", f"a{essay.pk}-comment": ""}
        )
        assert too_much.status_code == 302
        essay.refresh_from_db()
        assert essay.score is None
        client.post(
            reverse("courses_admin:essays"),
            {"answer": essay.pk, f"a{essay.pk}-score": "4", f"a{essay.pk}-comment": "很有同理心"},
        )
        attempt.refresh_from_db()
        assert attempt.state == AttemptState.FINISHED
        assert attempt.score == Decimal("9")  # 1 + 2 + 1 + 1 + 4
        assert events == [True]
        client.force_login(volunteer)
        html = client.get(reverse("courses:my")).content.decode()
        assert "风险预防测验" in html and "通过" in html
        assert "很有同理心" in client.get(reverse("courses:result", args=[attempt.pk])).content.decode()
    finally:
        attempt_finalised.disconnect(dispatch_uid="t")


def test_volunteers_cannot_open_the_grading_queue(client, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("courses_admin:essays")).status_code in (302, 403)


def test_practice_reasks_only_wrong_questions_and_is_not_an_attempt(client, volunteer, auto_quiz, bank):
    auto_quiz.max_attempts = 1
    auto_quiz.save()
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    for answer in attempt.answers.all():
        if answer.question != bank["truefalse"]:
            actions.do_save_answer(attempt, answer.position, right_response(answer))
    actions.do_submit_attempt(attempt)
    client.force_login(volunteer)
    response = client.post(reverse("courses:practice", args=[auto_quiz.pk]))
    practice = Attempt.objects.get(is_practice=True)
    assert response.url == reverse("courses:attempt", args=[practice.pk])
    assert list(practice.answers.values_list("question", flat=True)) == [bank["truefalse"].pk]
    reply = client.post(
        reverse("courses:save", args=[practice.pk]), {"position": 1, "response": False}, content_type="application/json"
    )
    assert reply.json()["ok"]
    checked = client.post(
        reverse("courses:check", args=[practice.pk]), {"position": 1}, content_type="application/json"
    )
    assert checked.json()["right"] is True
    actions.do_submit_attempt(practice)
    assert len(queries.graded_attempts(volunteer, auto_quiz)) == 1
    from courses.progress import quiz_status

    assert quiz_status(volunteer, auto_quiz).grade == Attempt.objects.get(pk=attempt.pk).percent  # practice not counted


def test_immediate_check_is_refused_when_the_quiz_does_not_allow_it(volunteer, auto_quiz):
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    with pytest.raises(actions.QuizRefused):
        actions.do_check_answer(attempt, 1)


def test_checked_answer_is_frozen(volunteer, auto_quiz, bank):
    auto_quiz.feedback_each_question = True
    auto_quiz.save()
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    position = attempt.answers.get(question=bank["truefalse"]).position
    actions.do_save_answer(attempt, position, True)
    actions.do_check_answer(attempt, position)
    with pytest.raises(actions.QuizRefused):
        actions.do_save_answer(attempt, position, False)


def test_me_page_shows_my_learning_panel(client, volunteer, course):
    actions.do_enrol(volunteer, course)
    client.force_login(volunteer)
    html = client.get(reverse("accounts:me")).content.decode()
    assert "我的学习" in html and "风险预防与安全" in html


def test_course_catalogue_and_lesson_pages_render(client, volunteer, course):
    client.force_login(volunteer)
    assert "风险预防与安全" in client.get("/courses/").content.decode()
    lesson = LessonPage.objects.child_of(course).last()
    html = client.get(lesson.url).content.decode()
    assert "课后测验" in html and reverse("courses:quiz", args=[lesson.quiz_id]) in html
    assert client.get(reverse("courses:quiz", args=[lesson.quiz_id])).status_code == 200
