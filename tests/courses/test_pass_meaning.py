"""One meaning of "passed" and "completed", through the real engine, for every grading method.

``queries.quiz_passed``, ``queries.course_completed``, the ``quiz_passed`` signal and the enrolment's completion
always agree, and a pass never turns back into a fail.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from courses import actions, queries
from courses.models import Attempt, Enrolment, LessonPage
from courses.signals import quiz_passed

from .conftest import right_response

METHODS = ["highest", "last", "first", "average"]


@pytest.fixture
def passes():
    events = []

    def receiver(sender, user, quiz, passed_at, **kwargs):
        events.append((user.pk, quiz.pk))

    quiz_passed.connect(receiver)
    yield events
    quiz_passed.disconnect(receiver)


def take(user, quiz, right: bool, capture) -> None:
    """Start, answer (all right or nothing) and submit, running the after-commit callbacks like a real request."""
    with capture(execute=True):
        attempt = actions.do_start_attempt(user, quiz)
        if right:
            for answer in attempt.answers.all():
                actions.do_save_answer(attempt, answer.position, right_response(answer))
        actions.do_submit_attempt(attempt)


def read_every_lesson(user, course) -> None:
    for lesson in LessonPage.objects.child_of(course).specific():
        actions.do_mark_lesson_done(user, lesson)


def assert_agree(user, course, quiz, expected: bool, passes) -> None:
    enrolment = Enrolment.objects.get(user=user, course=course)
    assert queries.quiz_passed(user, quiz) is expected
    assert queries.course_completed(user, course) is expected
    assert (enrolment.completed_at is not None) is expected
    assert passes == ([(user.pk, quiz.pk)] if expected else [])


@pytest.mark.parametrize("method", METHODS)
def test_a_pass_is_final_and_no_graded_attempt_can_undo_it(
    client, volunteer, course, auto_quiz, passes, method, django_capture_on_commit_callbacks
):
    auto_quiz.grading_method = method
    auto_quiz.save()
    read_every_lesson(volunteer, course)
    take(volunteer, auto_quiz, True, django_capture_on_commit_callbacks)
    assert_agree(volunteer, course, auto_quiz, True, passes)
    with pytest.raises(actions.QuizRefused, match="已经通过"):
        actions.do_start_attempt(volunteer, auto_quiz)
    client.force_login(volunteer)
    page = client.post(reverse("courses:start", args=[auto_quiz.pk]), follow=True).content.decode()
    assert "你已经通过这个测验" in page and "再试一次" not in page
    assert Attempt.objects.filter(user=volunteer, quiz=auto_quiz).count() == 1
    assert_agree(volunteer, course, auto_quiz, True, passes)


@pytest.mark.parametrize(
    ("method", "passed_after_second"), [("highest", True), ("last", True), ("first", False), ("average", False)]
)
def test_fail_then_pass_follows_the_grading_method(
    volunteer, course, auto_quiz, passes, method, passed_after_second, django_capture_on_commit_callbacks
):
    auto_quiz.grading_method = method
    auto_quiz.save()
    read_every_lesson(volunteer, course)
    take(volunteer, auto_quiz, False, django_capture_on_commit_callbacks)
    assert_agree(volunteer, course, auto_quiz, False, passes)
    take(volunteer, auto_quiz, True, django_capture_on_commit_callbacks)
    assert_agree(volunteer, course, auto_quiz, passed_after_second, passes)


def test_average_passes_on_the_third_attempt_and_the_signal_is_sent_then(
    volunteer, course, auto_quiz, passes, django_capture_on_commit_callbacks
):
    auto_quiz.grading_method = "average"
    auto_quiz.save()
    read_every_lesson(volunteer, course)
    take(volunteer, auto_quiz, False, django_capture_on_commit_callbacks)
    take(volunteer, auto_quiz, True, django_capture_on_commit_callbacks)
    take(volunteer, auto_quiz, True, django_capture_on_commit_callbacks)  # (0 + 100 + 100) / 3 ≥ 60
    assert_agree(volunteer, course, auto_quiz, True, passes)


def test_quiz_passed_signal_waits_for_the_commit(volunteer, auto_quiz, passes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        attempt = actions.do_start_attempt(volunteer, auto_quiz)
        for answer in attempt.answers.all():
            actions.do_save_answer(attempt, answer.position, right_response(answer))
        actions.do_submit_attempt(attempt)
    assert passes == []  # a rolled-back submit would never have announced a pass
    for callback in callbacks:
        callback()
    assert passes == [(volunteer.pk, auto_quiz.pk)]


def test_no_new_attempt_while_one_waits_for_an_essay_grade(volunteer, quiz):
    attempt = actions.do_start_attempt(volunteer, quiz)
    actions.do_submit_attempt(attempt)
    with pytest.raises(actions.QuizRefused, match="等待社工评分"):
        actions.do_start_attempt(volunteer, quiz)
    assert Attempt.objects.filter(user=volunteer, quiz=quiz).count() == 1


def test_passing_before_enrolling_completes_the_course_on_enrolment(
    volunteer, course, auto_quiz, passes, django_capture_on_commit_callbacks
):
    """The quiz can be taken from its own page; enrolling afterwards must not leave the course unfinished."""
    for lesson in LessonPage.objects.child_of(course).specific():
        actions.do_mark_lesson_done(volunteer, lesson)
    Enrolment.objects.filter(user=volunteer).delete()
    take(volunteer, auto_quiz, True, django_capture_on_commit_callbacks)
    assert not queries.course_completed(volunteer, course)
    actions.do_enrol(volunteer, course)
    assert queries.course_completed(volunteer, course)
