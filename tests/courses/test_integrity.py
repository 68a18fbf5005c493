"""Holes closed: practice that gave exam answers away, grading one's own essay, staff courses open to volunteers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from courses import actions, queries
from courses.models import Attempt, CoursePage, Enrolment, LessonPage

from .conftest import right_response

# Practice obeys the review policy ----------------------------------------------------------------------------------


def fail_once(user, quiz) -> Attempt:
    """A finished attempt with every question wrong (so practice would have something to re-ask)."""
    attempt = actions.do_start_attempt(user, quiz)
    return actions.do_submit_attempt(attempt)[0]


@pytest.mark.parametrize("policy", [{"exam_mode": True}, {"review_when": "never"}])
def test_practice_is_not_offered_where_the_quiz_never_shows_answers(client, volunteer, auto_quiz, policy):
    for field, value in policy.items():
        setattr(auto_quiz, field, value)
    auto_quiz.save()
    fail_once(volunteer, auto_quiz)
    with pytest.raises(actions.QuizRefused, match="不公布答案"):
        actions.do_start_practice(volunteer, auto_quiz)
    client.force_login(volunteer)
    assert "错题练习" not in client.get(reverse("courses:quiz", args=[auto_quiz.pk])).content.decode()
    page = client.post(reverse("courses:practice", args=[auto_quiz.pk]), follow=True).content.decode()
    assert "这个测验不公布答案,不提供错题练习。" in page
    assert not Attempt.objects.filter(is_practice=True).exists()


def test_practice_waits_for_the_close_date_when_review_does(volunteer, auto_quiz):
    from datetime import timedelta

    from django.utils import timezone

    auto_quiz.review_when = "after_close"
    auto_quiz.close_at = timezone.now() + timedelta(days=1)
    auto_quiz.save()
    fail_once(volunteer, auto_quiz)
    with pytest.raises(actions.QuizRefused, match="不公布答案"):
        actions.do_start_practice(volunteer, auto_quiz)


def test_practice_check_shows_only_what_the_review_policy_shows(client, volunteer, auto_quiz, bank):
    auto_quiz.review_answers = False
    auto_quiz.review_explanations = False
    auto_quiz.save()
    fail_once(volunteer, auto_quiz)
    practice = actions.do_start_practice(volunteer, auto_quiz)
    answer = practice.answers.get(question=bank["single"])
    client.force_login(volunteer)
    client.post(
        reverse("courses:save", args=[practice.pk]),
        {"position": answer.position, "response": right_response(answer)},
        content_type="application/json",
    )
    reply = client.post(
        reverse("courses:check", args=[practice.pk]), {"position": answer.position}, content_type="application/json"
    ).json()
    assert reply == {"ok": True, "right": True, "verdict": "right", "verdict_text": "正确"}
    html = client.get(reverse("courses:attempt", args=[practice.pk])).content.decode()
    assert "立即呼叫医护人员" in html  # the option itself is shown, as a choice
    assert "正确答案:" not in html and "保持患者原位" not in html


# Nobody grades their own essay -------------------------------------------------------------------------------------


@pytest.fixture
def own_essay(social_worker, quiz, bank):
    """A social worker took the quiz (staff take courses too); the essay waits for a grade."""
    attempt = actions.do_start_attempt(social_worker, quiz)
    for answer in attempt.answers.all():
        actions.do_save_answer(attempt, answer.position, right_response(answer))
    actions.do_submit_attempt(attempt)
    return attempt.answers.get(question=bank["essay"])


def test_a_social_worker_cannot_grade_their_own_essay(client, social_worker, own_essay):
    with pytest.raises(actions.QuizRefused, match="不能批改自己的作答"):
        actions.do_grade_essay(own_essay, Decimal("5"), "", social_worker)
    client.force_login(social_worker)
    queue = client.get(reverse("courses_admin:essays")).content.decode()
    assert "我的论述" not in queue
    posted = client.post(
        reverse("courses_admin:essays"),
        {"answer": own_essay.pk, f"a{own_essay.pk}-score": "5", f"a{own_essay.pk}-comment": "自评"},
        follow=True,
    )
    assert "不能批改自己的作答,请由其他社工评分。" in posted.content.decode()
    own_essay.refresh_from_db()
    assert own_essay.score is None and own_essay.grader is None


def test_another_social_worker_sees_and_grades_the_essay(client, coordinator, own_essay):
    client.force_login(coordinator)
    assert "我的论述" in client.get(reverse("courses_admin:essays")).content.decode()
    actions.do_grade_essay(own_essay, Decimal("4"), "好", coordinator)
    own_essay.refresh_from_db()
    assert own_essay.score == Decimal("4") and own_essay.grader == coordinator


# A course's audience -----------------------------------------------------------------------------------------------


@pytest.fixture
def staff_course(course, auto_quiz) -> CoursePage:
    course.audience = "social_worker"
    course.save()
    return course


def test_unqualified_volunteer_cannot_enrol_in_a_social_worker_course(client, volunteer, staff_course):
    with pytest.raises(actions.QuizRefused, match="只面向医务社工"):
        actions.do_enrol(volunteer, staff_course)
    client.force_login(volunteer)
    page = client.get(staff_course.url).content.decode()
    assert "这门课程只面向医务社工。" in page and "报名学习" not in page
    posted = client.post(reverse("courses:enrol", args=[staff_course.pk]), follow=True).content.decode()
    assert "这门课程只面向医务社工。" in posted
    lesson = LessonPage.objects.child_of(staff_course).first()
    done = client.post(reverse("courses:lesson_done", args=[lesson.pk]), HTTP_ACCEPT="application/json")
    assert done.status_code == 403 and done.json()["error"] == "这门课程只面向医务社工。"
    assert not Enrolment.objects.filter(user=volunteer).exists()


def test_unqualified_volunteer_cannot_start_the_social_worker_exam(client, volunteer, staff_course, auto_quiz):
    with pytest.raises(actions.QuizRefused, match="只面向医务社工"):
        actions.do_start_attempt(volunteer, auto_quiz)
    client.force_login(volunteer)
    page = client.get(reverse("courses:quiz", args=[auto_quiz.pk])).content.decode()
    assert "这门课程只面向医务社工。" in page and "开始作答" not in page
    client.post(reverse("courses:start", args=[auto_quiz.pk]))
    assert not Attempt.objects.filter(user=volunteer).exists()


def test_social_workers_take_their_own_course_and_its_exam(social_worker, staff_course, auto_quiz):
    assert queries.course_refusal(social_worker, staff_course) is None
    actions.do_enrol(social_worker, staff_course)
    assert actions.do_start_attempt(social_worker, auto_quiz).user == social_worker


def test_a_quiz_shared_with_a_volunteer_course_stays_open_to_volunteers(volunteer, staff_course, auto_quiz):
    index = staff_course.get_parent()
    shared = index.add_child(instance=CoursePage(title="共享测验的课程", slug="shared"))
    shared.add_child(instance=LessonPage(title="课时", slug="l", quiz=auto_quiz))
    assert actions.do_start_attempt(volunteer, auto_quiz).user == volunteer
