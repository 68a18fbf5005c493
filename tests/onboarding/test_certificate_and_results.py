"""The programme's certificate is issued by its IssuingRule, and automatic steps mean what courses says they mean."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from certificates import actions as certificate_actions
from certificates.actions import do_issue_for_rule
from certificates.models import Certificate, IssuingRule
from courses.actions import do_mark_lesson_done, do_save_answer, do_start_attempt, do_submit_attempt
from courses.models import GradingMethod
from courses.queries import course_completed, quiz_passed
from courses.signals import quiz_passed as quiz_passed_signal
from onboarding.actions import do_acknowledge, do_complete_if_finished, do_sign_off
from onboarding.models import StepRecord
from onboarding.reminders import send_due_reminders
from roster.models import Volunteer
from tests.courses.conftest import right_response


@pytest.fixture
def template_rule(completion_template, course) -> IssuingRule:
    """A course's rule on the same template: not a programme rule."""
    return IssuingRule.objects.create(template=completion_template, course_page=course)


def take_quiz(user, quiz, right: bool) -> None:
    attempt = do_start_attempt(user, quiz)
    for answer in attempt.answers.select_related("question"):
        if right:
            do_save_answer(attempt, answer.position, right_response(answer))
    do_submit_attempt(attempt)


def read_lessons(user, course) -> None:
    for lesson in course.get_children().specific():
        do_mark_lesson_done(user, lesson)


def finish_everything(member, steps, social_worker, volunteer, course, quiz) -> None:
    do_acknowledge(volunteer, steps["pledge"])
    read_lessons(volunteer, course)
    take_quiz(volunteer, quiz, right=True)
    do_sign_off(member, steps["shadow"], social_worker, rating=5, evaluation="耐心细致")


def step_done(user, step) -> bool:
    return StepRecord.objects.filter(user=user, step=step).exists()


def test_the_programme_certificate_is_issued_by_the_programme_rule(
    member, steps, social_worker, volunteer, course, auto_quiz, programme_rule
):
    finish_everything(member, steps, social_worker, volunteer, course, auto_quiz)
    member.refresh_from_db()
    certificate = Certificate.objects.get(holder=volunteer)
    assert member.certificate == certificate
    assert certificate.rule == programme_rule and certificate.course_page is None
    assert certificate.title == "志愿者岗前培训(测试)" and certificate.hours == 16
    assert certificate.scope_lines == ["签署保密承诺", "风险预防与安全", "风险预防测验", "跟岗见习"]


def test_a_certificate_already_held_under_the_programme_rule_is_not_issued_again(
    member, steps, social_worker, volunteer, course, auto_quiz, programme_rule
):
    earlier = do_issue_for_rule(volunteer, programme_rule).certificate  # e.g. issued in bulk from the admin
    finish_everything(member, steps, social_worker, volunteer, course, auto_quiz)
    member.refresh_from_db()
    assert member.completed_at is not None
    assert member.certificate == earlier
    assert Certificate.objects.filter(holder=volunteer).count() == 1


def test_a_failed_render_leaves_no_certificate_and_the_membership_unfinished_for_retry(
    member, steps, social_worker, volunteer, course, auto_quiz, monkeypatch
):
    def broken(certificate):
        raise RuntimeError("WeasyPrint crashed")

    monkeypatch.setattr(certificate_actions, "render_certificate_pdf", broken)
    finish_everything(member, steps, social_worker, volunteer, course, auto_quiz)
    member.refresh_from_db()
    assert member.completed_at is None and member.certificate is None
    assert not Certificate.objects.exists()
    assert Volunteer.objects.get(user=volunteer).status == Volunteer.Status.TRAINING
    monkeypatch.undo()
    send_due_reminders()  # the daily run retries the completion
    member.refresh_from_db()
    assert member.completed_at is not None and member.certificate is not None
    assert Volunteer.objects.get(user=volunteer).status == Volunteer.Status.ACTIVE


def test_an_inactive_programme_rule_issues_nothing(
    member, steps, social_worker, volunteer, course, auto_quiz, programme_rule
):
    IssuingRule.objects.filter(pk=programme_rule.pk).update(active=False)
    finish_everything(member, steps, social_worker, volunteer, course, auto_quiz)
    member.refresh_from_db()
    assert member.completed_at is not None
    assert not Certificate.objects.exists()


def test_a_passed_attempt_that_does_not_pass_the_quiz_records_no_step(member, steps, volunteer, course, auto_quiz):
    """Graded by the average, 0% then 100% is 50%, under the pass mark of 60%: the second attempt passed, the
    quiz did not. The step, the course and the certificate all say "not yet"."""
    auto_quiz.grading_method = GradingMethod.AVERAGE
    auto_quiz.save()
    IssuingRule.objects.create(template=member.cohort.programme.certificate_rule.template, course_page=course)
    read_lessons(volunteer, course)
    take_quiz(volunteer, auto_quiz, right=False)
    take_quiz(volunteer, auto_quiz, right=True)
    assert auto_quiz.attempts.filter(user=volunteer, passed=True).exists()
    assert not quiz_passed(volunteer, auto_quiz)
    quiz_passed_signal.send(sender=type(auto_quiz), user=volunteer, quiz=auto_quiz, passed_at=timezone.now())
    do_complete_if_finished(member)
    assert not step_done(volunteer, steps["quiz"]) and not step_done(volunteer, steps["course"])
    assert not course_completed(volunteer, course)
    assert not Certificate.objects.exists()


def test_with_a_last_graded_quiz_failing_then_passing_course_step_and_certificate_agree(
    member, steps, volunteer, course, auto_quiz
):
    auto_quiz.grading_method = GradingMethod.LAST
    auto_quiz.save()
    rule = IssuingRule.objects.create(template=member.cohort.programme.certificate_rule.template, course_page=course)
    read_lessons(volunteer, course)
    take_quiz(volunteer, auto_quiz, right=False)
    assert not quiz_passed(volunteer, auto_quiz) and not course_completed(volunteer, course)
    assert not step_done(volunteer, steps["quiz"]) and not step_done(volunteer, steps["course"])
    assert not Certificate.objects.filter(rule=rule).exists()
    take_quiz(volunteer, auto_quiz, right=True)
    assert quiz_passed(volunteer, auto_quiz) and course_completed(volunteer, course)
    assert step_done(volunteer, steps["quiz"]) and step_done(volunteer, steps["course"])
    assert Certificate.objects.filter(holder=volunteer, rule=rule).count() == 1


def test_a_passed_quiz_records_its_step_without_the_course(member, steps, volunteer, auto_quiz):
    take_quiz(volunteer, auto_quiz, right=True)  # the course's lessons are not read: no course completion
    quiz_passed_signal.send(sender=type(auto_quiz), user=volunteer, quiz=auto_quiz, passed_at=timezone.now())
    assert step_done(volunteer, steps["quiz"])
    assert not step_done(volunteer, steps["course"])


def test_the_programme_form_offers_only_programme_rules(client, coordinator, programme_rule, course, template_rule):
    client.force_login(coordinator)
    response = client.get(reverse("onboarding_programmes:add"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{programme_rule.pk}">' in body
    assert f'<option value="{template_rule.pk}">' not in body
