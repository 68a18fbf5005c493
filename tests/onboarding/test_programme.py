import datetime

import pytest
from django.core.exceptions import ValidationError

from courses.actions import do_mark_lesson_done, do_save_answer, do_start_attempt, do_submit_attempt
from onboarding.actions import (
    OnboardingError,
    do_acknowledge,
    do_grant_exception,
    do_move_member,
    do_sign_off,
)
from onboarding.models import Cohort, Step, StepRecord
from onboarding.progress import progress_for
from roster.models import Volunteer
from tests.courses.conftest import right_response
from tests.roster.factories import make_volunteer


def pass_course(user, course, quiz) -> None:
    """Do what a volunteer does: read every lesson, then pass the lesson's quiz."""
    for lesson in course.get_children().specific():
        do_mark_lesson_done(user, lesson)
    attempt = do_start_attempt(user, quiz)
    for answer in attempt.answers.select_related("question"):
        do_save_answer(attempt, answer.position, right_response(answer))
    do_submit_attempt(attempt)


def test_due_dates_follow_the_cohort_start(cohort, steps):
    assert cohort.due_date(steps["pledge"]) == cohort.start_date + datetime.timedelta(days=6)
    assert cohort.due_date(steps["shadow"]) == cohort.start_date + datetime.timedelta(days=27)
    later = Cohort.objects.create(
        programme=cohort.programme, name="第二批", start_date=cohort.start_date + datetime.timedelta(days=30)
    )
    assert later.due_date(steps["shadow"]) == cohort.due_date(steps["shadow"]) + datetime.timedelta(days=30)


def test_progress_shows_the_week_next_step_and_what_is_overdue(member, steps):
    progress = progress_for(member)
    assert progress.week_now == 2  # started ten days ago
    assert progress.weeks_total == 4
    assert progress.next_step.step == steps["pledge"]
    assert [s.step for s in progress.overdue] == [steps["pledge"]]  # due on day 6
    assert progress.percent == 0


def test_passing_the_course_and_its_quiz_records_both_steps(member, steps, course, auto_quiz, volunteer):
    pass_course(volunteer, course, auto_quiz)
    done = set(StepRecord.objects.filter(user=volunteer).values_list("step_id", flat=True))
    assert {steps["course"].pk, steps["quiz"].pk} <= done


def test_a_step_cannot_be_signed_off_before_its_prerequisite(member, steps, social_worker):
    with pytest.raises(OnboardingError, match="请先完成前置步骤"):
        do_sign_off(member, steps["shadow"], social_worker, evaluation="表现很好")
    assert not StepRecord.objects.filter(step=steps["shadow"]).exists()


def test_shadow_shift_sign_off_needs_an_evaluation_and_a_social_worker(
    member, steps, social_worker, volunteer, course, auto_quiz
):
    pass_course(volunteer, course, auto_quiz)
    with pytest.raises(OnboardingError, match="评价"):
        do_sign_off(member, steps["shadow"], social_worker, evaluation="  ")
    with pytest.raises(OnboardingError, match="只有"):
        do_sign_off(member, steps["shadow"], volunteer, evaluation="自己签")
    assert not StepRecord.objects.filter(step=steps["shadow"]).exists()


def test_no_completion_without_every_required_step(member, steps, social_worker, volunteer, course, auto_quiz):
    pass_course(volunteer, course, auto_quiz)
    do_sign_off(member, steps["shadow"], social_worker, rating=5, evaluation="耐心细致")
    member.refresh_from_db()
    assert member.completed_at is None  # the pledge is still missing
    assert Volunteer.objects.get(user=volunteer).status == Volunteer.Status.TRAINING
    assert not volunteer.certificates.exists()


def test_completion_makes_the_volunteer_active_and_issues_the_certificate(
    member, steps, social_worker, volunteer, course, auto_quiz
):
    do_acknowledge(volunteer, steps["pledge"])
    pass_course(volunteer, course, auto_quiz)
    do_sign_off(member, steps["shadow"], social_worker, rating=5, evaluation="耐心细致")
    member.refresh_from_db()
    assert member.completed_at is not None
    assert Volunteer.objects.get(user=volunteer).status == Volunteer.Status.ACTIVE
    certificate = member.certificate
    assert certificate.holder == volunteer
    assert certificate.title == "志愿者岗前培训(测试)"
    assert certificate.pdf  # rendered and stored
    assert volunteer.certificates.count() == 1


def test_completion_happens_once_even_if_steps_are_recorded_again(
    member, steps, social_worker, volunteer, course, auto_quiz
):
    do_acknowledge(volunteer, steps["pledge"])
    pass_course(volunteer, course, auto_quiz)
    do_sign_off(member, steps["shadow"], social_worker, evaluation="好")
    do_sign_off(member, steps["shadow"], social_worker, evaluation="再签一次")
    do_acknowledge(volunteer, steps["pledge"])
    assert volunteer.certificates.count() == 1


def test_a_coordinators_exception_counts_with_its_reason(
    member, steps, coordinator, social_worker, volunteer, course, auto_quiz
):
    with pytest.raises(OnboardingError, match="协调员"):
        do_grant_exception(member, steps["pledge"], social_worker, "社工不能特批")
    with pytest.raises(OnboardingError, match="理由"):
        do_grant_exception(member, steps["pledge"], coordinator, " ")
    record = do_grant_exception(member, steps["pledge"], coordinator, "已线下签署纸质承诺书")
    assert record.how == StepRecord.How.EXCEPTION and record.reason == "已线下签署纸质承诺书"
    pass_course(volunteer, course, auto_quiz)
    do_sign_off(member, steps["shadow"], social_worker, evaluation="好")
    member.refresh_from_db()
    assert member.completed_at is not None


def test_moving_cohorts_keeps_every_step_done(member, steps, volunteer, course, auto_quiz):
    do_acknowledge(volunteer, steps["pledge"])
    pass_course(volunteer, course, auto_quiz)
    before = progress_for(member).done_count
    later = Cohort.objects.create(
        programme=member.cohort.programme,
        name="2027年春季第一批",
        start_date=member.cohort.start_date + datetime.timedelta(days=28),
    )
    do_move_member(member, later)
    member.refresh_from_db()
    assert member.cohort == later
    assert progress_for(member).done_count == before == 3
    # Due dates now follow the new cohort.
    assert progress_for(member).steps[-1].due_on == later.due_date(steps["shadow"])


def test_role_specific_steps_apply_only_to_that_role(member, programme, volunteer):
    from tests.roster.factories import make_role

    rehab = make_role("康复训练协助")
    Step.objects.create(
        programme=programme,
        title="康复训练协助课程",
        kind=Step.Kind.ACKNOWLEDGE,
        week=3,
        pledge="我已阅读康复协助规范。",
        role=rehab,
    )
    assert "康复训练协助课程" not in [s.step.title for s in progress_for(member).steps]
    member.role = rehab
    member.save()
    assert "康复训练协助课程" in [s.step.title for s in progress_for(member).steps]


def test_step_kinds_require_what_they_need(programme):
    with pytest.raises(ValidationError):
        Step(programme=programme, title="无课程", kind=Step.Kind.COURSE, week=1).clean()
    with pytest.raises(ValidationError):
        Step(programme=programme, title="第五周", kind=Step.Kind.SHADOW_SHIFT, week=5).clean()


def test_roster_cohort_label_follows_joining_moving_and_renaming_the_cohort(cohort, volunteer, social_worker):
    from onboarding.actions import do_add_member

    make_volunteer(name="换批次", status=Volunteer.Status.TRAINING, user=volunteer, cohort="手填的旧批次")
    member = do_add_member(cohort, volunteer)
    assert Volunteer.objects.get(user=volunteer).cohort == "2026年冬季第一批"
    later = Cohort.objects.create(
        programme=cohort.programme, name="2027年春季第一批", start_date=cohort.start_date + datetime.timedelta(days=28)
    )
    do_move_member(member, later)
    assert Volunteer.objects.get(user=volunteer).cohort == "2027年春季第一批"
    later.name = "2027年春季第一批(门诊)"
    later.save()
    assert Volunteer.objects.get(user=volunteer).cohort == "2027年春季第一批(门诊)"
    # The roster's cohort filter now finds the volunteer under the cohort onboarding shows.
    assert Volunteer.objects.filter(cohort=later.name).count() == 1
