"""Everything that changes a learner's record: enrolment, lessons done, attempts, essay grades, completion.

Every path (views, admin, commands, tests, the benchmark) goes through these ``do_*`` functions; what the records
mean (passed, completed, who may take what) is read from ``courses.queries``. The rules that must hold under
concurrency (one grading per submit, attempt limits) are enforced by conditional UPDATEs and unique constraints,
which behave the same on PostgreSQL and SQLite.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify

from . import grading, queries
from .models import (
    Answer,
    Attempt,
    AttemptState,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    Question,
    QuestionType,
    Quiz,
    TimeAccommodation,
)
from .questions import snapshot
from .signals import attempt_finalised, course_completed, quiz_passed


class QuizRefused(Exception):
    """The action is not allowed; ``str(error)`` is a Chinese message for the learner."""


MAX_EXTRA_PERCENT = 200  # at most three times the quiz's own limit
MAX_EXTRA_MINUTES = 240


def network_grace() -> timedelta:
    """Saves that left the browser just before the deadline may arrive a moment after it."""
    return timedelta(seconds=settings.COURSES_NETWORK_GRACE_SECONDS)


def past_deadline(attempt: Attempt, now: datetime) -> bool:
    """Whether the attempt's deadline, plus the network grace, has passed: answers are then closed."""
    return attempt.deadline is not None and now > attempt.deadline + network_grace()


def do_grant_time_accommodation(
    user: User, *, extra_percent: int = 0, extra_minutes: int = 0, reason: str, by: User | None = None
) -> TimeAccommodation:
    """Grant (or change) a learner's extra time on timed quizzes. An attempt already under way gets its new
    deadline at once, counted from when it started, so the grant helps the volunteer who is answering now."""
    if extra_percent < 0 or extra_minutes < 0:
        raise QuizRefused(_("延长的时间不能是负数。"))
    if extra_percent > MAX_EXTRA_PERCENT or extra_minutes > MAX_EXTRA_MINUTES:
        raise QuizRefused(
            _("延长比例最多 %(percent)d%%,另加时间最多 %(minutes)d 分钟。")
            % {"percent": MAX_EXTRA_PERCENT, "minutes": MAX_EXTRA_MINUTES}
        )
    if not reason.strip():
        raise QuizRefused(_("请写明给予延时照顾的原因。"))
    with transaction.atomic():
        accommodation, _created = TimeAccommodation.objects.update_or_create(
            user=user,
            defaults={
                "extra_percent": extra_percent,
                "extra_minutes": extra_minutes,
                "reason": reason.strip(),
                "granted_by": by,
            },
        )
        open_attempts = Attempt.objects.select_for_update(of=("self",)).filter(
            user=user, is_practice=False, state=AttemptState.IN_PROGRESS
        )
        for attempt in open_attempts.select_related("quiz"):
            attempt.deadline = queries.attempt_deadline(user, attempt.quiz, attempt.started_at)
            attempt.save(update_fields=["deadline"])
    return accommodation


# Enrolment and lessons ------------------------------------------------------------------------------------------


def do_enrol(user: User, course: CoursePage, by: User | None = None, now: datetime | None = None) -> Enrolment:
    """Enrol a learner (themselves, or by a social worker); enrolling twice keeps the first enrolment.

    Refused when the course's audience excludes the person. Someone who already did everything the course asks
    (its quiz passed before enrolling) completes it at once.
    """
    reason = queries.course_refusal(user, course)
    if reason:
        raise QuizRefused(reason)
    enrolment, _created = Enrolment.objects.get_or_create(user=user, course=course, defaults={"enrolled_by": by})
    do_complete_course_if_due(user, course, now)
    return enrolment


def do_mark_lesson_done(user: User, lesson: LessonPage, now: datetime | None = None) -> bool:
    """Record a lesson as done (enrolling the learner if needed); returns whether the course is now complete."""
    course = lesson.get_parent().specific
    do_enrol(user, course, now=now)
    LessonCompletion.objects.get_or_create(user=user, lesson=lesson)
    return do_complete_course_if_due(user, course, now)


def do_complete_course_if_due(user: User, course: CoursePage, now: datetime | None = None) -> bool:
    """Mark the enrolment complete once ``queries.course_requirements_met``; ``course_completed`` is sent once."""
    enrolment = Enrolment.objects.filter(user=user, course=course).first()
    if enrolment is None:
        return False
    if enrolment.completed_at is not None:
        return True
    if not queries.course_requirements_met(user, course):
        return False
    completed_at = now or timezone.now()
    if Enrolment.objects.filter(pk=enrolment.pk, completed_at__isnull=True).update(completed_at=completed_at):
        course_completed.send(sender=CoursePage, user=user, course=course, completed_at=completed_at)
    return True


# Starting an attempt ---------------------------------------------------------------------------------------------


def pick_questions(quiz: Quiz, rng: random.Random | None = None) -> list[Question]:
    """The fixed questions, then each rule's random draw (no question twice), shuffled if the quiz says so."""
    rng = rng or random.Random()
    # Choices are prefetched: the snapshot of each question reads them, which was one query per question.
    fixed = quiz.fixed_questions.select_related("question").prefetch_related("question__choices")
    chosen: list[Question] = [item.question for item in fixed]
    seen = {q.pk for q in chosen}
    for rule in quiz.rules.select_related("category"):
        pool = Question.objects.filter(category_id__in=rule.category.descendant_ids()).exclude(pk__in=seen)
        if rule.tag:
            pool = pool.filter(tags__name=rule.tag)
        ids = list(pool.values_list("pk", flat=True).distinct())
        picked = rng.sample(ids, min(rule.count, len(ids)))
        seen.update(picked)
        by_id = Question.objects.prefetch_related("choices").in_bulk(picked)
        chosen.extend(by_id[pk] for pk in picked)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def _answer_rows(questions: list[Question], shuffle_choices: bool, rng: random.Random) -> list[Answer]:
    """One answer slot per question, each with its snapshot; the attempt is set when it is created."""
    rows = []
    for position, question in enumerate(questions, start=1):
        data = grading.add_attempt_tokens(snapshot(question), shuffle_choices, rng)
        rows.append(Answer(position=position, question=question, question_data=data, max_score=Decimal(data["points"])))
    return rows


def _create_attempt(rows: list[Answer], **fields: object) -> Attempt:
    """The attempt with its answer slots, its full marks already known (one INSERT each, no UPDATE after)."""
    attempt = Attempt.objects.create(max_score=sum((row.max_score for row in rows), Decimal("0")), **fields)
    for row in rows:
        row.attempt = attempt
    Answer.objects.bulk_create(rows)
    return attempt


def do_start_attempt(user: User, quiz: Quiz, now: datetime | None = None, rng: random.Random | None = None) -> Attempt:
    """Resume the learner's open attempt, or start a new one if ``queries.start_refusal`` allows it.

    The learner's attempts are read once: the open one, the refusal and the new attempt's number are all judged on
    that read, and an attempt another request commits after it collides with this one's number (the unique
    constraint), so the limit cannot be passed by two starts at once.
    """
    now = now or timezone.now()
    rng = rng or random.Random()
    attempts = queries.graded_attempts(user, quiz)
    open_attempt = next((a for a in attempts if a.state == AttemptState.IN_PROGRESS), None)
    if open_attempt is not None:
        if not do_close_if_overdue(open_attempt, now):
            return open_attempt
        attempts = queries.graded_attempts(user, quiz)  # closing it graded it
    reason = queries.start_refusal(user, quiz, now, attempts)
    if reason:
        raise QuizRefused(reason)
    questions = pick_questions(quiz, rng)
    if not questions:
        raise QuizRefused(_("这个测验还没有题目。"))
    rows = _answer_rows(questions, quiz.shuffle_choices, rng)
    deadline = queries.attempt_deadline(user, quiz, now)
    try:
        with transaction.atomic():
            attempt = _create_attempt(
                rows, quiz=quiz, user=user, number=len(attempts) + 1, started_at=now, deadline=deadline
            )
    except IntegrityError:
        # Another request (a second tab, a double click) started this attempt number a moment ago.
        existing = Attempt.objects.filter(
            user=user, quiz=quiz, is_practice=False, state=AttemptState.IN_PROGRESS
        ).first()
        if existing is None:
            raise QuizRefused(_("你已经用完了全部作答机会。")) from None
        return existing
    return attempt


def do_start_practice(user: User, quiz: Quiz, now: datetime | None = None, rng: random.Random | None = None) -> Attempt:
    """A "review my mistakes" round: only the questions last answered wrongly; it never counts as an attempt.

    Offered only where the quiz's review policy shows answers (``queries.practice_refusal``).
    """
    now = now or timezone.now()
    rng = rng or random.Random()
    reason = queries.practice_refusal(user, quiz, now)
    if reason:
        raise QuizRefused(reason)
    # wrong_questions already leaves out answers whose question was deleted, so the check drops nothing
    questions = [answer.question for answer in queries.wrong_questions(user, quiz) if answer.question is not None]
    rng.shuffle(questions)
    rows = _answer_rows(questions, True, rng)
    with transaction.atomic():
        return _create_attempt(rows, quiz=quiz, user=user, is_practice=True, started_at=now)


# Answering and submitting ----------------------------------------------------------------------------------------


def _locked(attempt_id: int) -> Attempt:
    """The attempt row, locked; the quiz is read with it but not locked (``of``): a lock on the quiz row made every
    volunteer's autosave and submit of the same quiz wait for each other's."""
    return Attempt.objects.select_for_update(of=("self",)).select_related("quiz").get(pk=attempt_id)


def _open_for_answers(attempt_id: int, now: datetime) -> Attempt:
    """Lock the attempt; refuse once it is submitted or its deadline (plus the network grace) has passed."""
    locked = _locked(attempt_id)
    if locked.state != AttemptState.IN_PROGRESS:
        raise QuizRefused(_("已经交卷,不能再修改答案。"))
    if past_deadline(locked, now):
        raise QuizRefused(_("作答时间已到,截止前保存的答案将用于评分。"))
    return locked


def do_save_answer(attempt: Attempt, position: int, raw: object, now: datetime | None = None) -> Answer:
    """Autosave one response as the browser sends it (option tokens, not ids).

    Refused once the attempt is submitted or its deadline has passed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _open_for_answers(attempt.pk, now)
        # order_by("pk"): the model's default ordering would join the attempt only to sort one row
        answer = Answer.objects.filter(attempt_id=locked.pk, position=position).order_by("pk").first()
        if answer is None:
            raise QuizRefused(_("没有这道题。"))
        if answer.checked:
            raise QuizRefused(_("这道题已经核对过答案,不能再修改。"))
        try:
            answer.response = grading.clean_response(answer.question_data, raw)
        except grading.InvalidResponse as error:
            raise QuizRefused(_("答案格式不正确。")) from error
        answer.saved_at = now
        answer.save(update_fields=["response", "saved_at"])
    return answer


def do_save_answers(attempt: Attempt, responses: dict[int, object], now: datetime | None = None) -> list[Answer]:
    """Save a whole form of responses (a post without JavaScript, or the final submit) under one lock.

    One transaction and one bulk update instead of one locked transaction per question: the submit is the request
    every volunteer sends at once. Answers already checked, and malformed responses, are left as they were.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _open_for_answers(attempt.pk, now)
        changed = []
        for answer in Answer.objects.filter(attempt=locked, position__in=list(responses), checked=False):
            try:
                answer.response = grading.clean_response(answer.question_data, responses[answer.position])
            except grading.InvalidResponse:
                continue
            answer.saved_at = now
            changed.append(answer)
        Answer.objects.bulk_update(changed, ["response", "saved_at"])
    return changed


def do_check_answer(attempt: Attempt, position: int, now: datetime | None = None) -> Answer:
    """Immediate feedback (practice, or quizzes that allow it): grade one answer now and freeze it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(attempt.pk)
        allowed = locked.is_practice or (locked.quiz.feedback_each_question and not locked.quiz.exam_mode)
        if not allowed:
            raise QuizRefused(_("这个测验不能逐题核对答案。"))
        if locked.state != AttemptState.IN_PROGRESS:
            raise QuizRefused(_("已经交卷。"))
        if past_deadline(locked, now):
            raise QuizRefused(_("作答时间已到。"))
        answer = Answer.objects.filter(attempt=locked, position=position).first()
        if answer is None:
            raise QuizRefused(_("没有这道题。"))
        if answer.qtype == QuestionType.ESSAY:
            raise QuizRefused(_("论述题由社工评分,不能立即核对。"))
        if not answer.checked:
            answer.checked = True
            answer.score = grading.grade_response(answer.question_data, answer.response)
            answer.save(update_fields=["checked", "score"])
    return answer


def do_submit_attempt(attempt: Attempt, now: datetime | None = None) -> tuple[Attempt, bool]:
    """Submit and grade an attempt exactly once; returns the attempt and whether this call graded it.

    The conditional UPDATE from "in progress" is the gate: of two concurrent submits (double click, two tabs,
    a retried request) only one changes a row, on PostgreSQL and SQLite alike; the other sees 0 rows and
    returns the attempt as graded by the first.
    """
    now = now or timezone.now()
    with transaction.atomic():
        submitted_at = min(now, attempt.deadline) if attempt.deadline else now
        won = Attempt.objects.filter(pk=attempt.pk, state=AttemptState.IN_PROGRESS).update(
            state=AttemptState.NEEDS_GRADING, submitted_at=submitted_at
        )
        if won:
            answers = list(Answer.objects.filter(attempt_id=attempt.pk))
            for answer in answers:
                if not answer.checked:
                    answer.score = grading.grade_response(answer.question_data, answer.response)
            Answer.objects.bulk_update(answers, ["score"])
    attempt.refresh_from_db()
    if won:
        _finalise_if_complete(attempt, now)
        attempt.refresh_from_db()
    return attempt, bool(won)


def do_close_if_overdue(attempt: Attempt, now: datetime | None = None) -> bool:
    """Submit an open attempt whose deadline (plus grace) has passed, on what was saved; True if it is closed."""
    now = now or timezone.now()
    if attempt.state != AttemptState.IN_PROGRESS:
        return True
    if past_deadline(attempt, now):
        do_submit_attempt(attempt, now)
        return True
    return False


def _finalise_if_complete(attempt: Attempt, now: datetime) -> bool:
    """Fix the result once no essay is waiting for a person; sends ``attempt_finalised`` exactly once.

    When this result makes the quiz passed (by its grading method), ``quiz_passed`` is sent after the commit and
    the courses ending with the quiz are completed if everything else is done.
    """
    answers = Answer.objects.filter(attempt_id=attempt.pk)
    if answers.filter(score__isnull=True).exists():
        return False
    score = answers.aggregate(total=Sum("score"))["total"] or Decimal("0")
    percent = grading.percent_of(score, attempt.max_score)
    passed = percent >= attempt.quiz.pass_mark
    was_passed = not attempt.is_practice and queries.quiz_passed(attempt.user, attempt.quiz)
    won = Attempt.objects.filter(pk=attempt.pk, state=AttemptState.NEEDS_GRADING).update(
        state=AttemptState.FINISHED, score=score, percent=percent, passed=passed, finalised_at=now
    )
    if not won or attempt.is_practice:
        return bool(won)
    attempt.refresh_from_db()
    attempt_finalised.send(sender=Attempt, attempt=attempt, passed=passed)
    if was_passed or not queries.quiz_passed(attempt.user, attempt.quiz):
        return True
    user, quiz = attempt.user, attempt.quiz
    transaction.on_commit(lambda: quiz_passed.send(sender=Quiz, user=user, quiz=quiz, passed_at=now))
    for course in queries.courses_of_quiz(quiz):
        do_complete_course_if_due(user, course, now)
    return True


def do_grade_essay(answer: Answer, score: Decimal, comment: str, grader: User, now: datetime | None = None) -> Answer:
    """A social worker's score and comment for one essay answer; the attempt becomes final with the last one.

    Nobody grades an answer of their own attempt (staff take courses too).
    """
    now = now or timezone.now()
    if answer.attempt.user_id == grader.pk:
        raise QuizRefused(_("不能批改自己的作答,请由其他社工评分。"))
    if answer.qtype != QuestionType.ESSAY:
        raise QuizRefused(_("只有论述题需要人工评分。"))
    if score < 0 or score > answer.max_score:
        raise QuizRefused(_("得分必须在 0 到 %(max)s 之间。") % {"max": answer.max_score})
    with transaction.atomic():
        attempt = _locked(answer.attempt_id)
        if attempt.state == AttemptState.IN_PROGRESS:
            raise QuizRefused(_("学员还没有交卷。"))
        Answer.objects.filter(pk=answer.pk).update(score=score, grader_comment=comment, grader=grader, graded_at=now)
    if _finalise_if_complete(attempt, now) and not attempt.is_practice:
        attempt.refresh_from_db()
        verdict = _("已通过") if attempt.passed else _("未通过")
        notify(
            attempt.user,
            _("你的论述题已评分"),
            _("《%(quiz)s》第 %(n)s 次作答:%(percent)s 分,%(verdict)s。")
            % {"quiz": attempt.quiz.title, "n": attempt.number, "percent": f"{attempt.percent:g}", "verdict": verdict},
            url=reverse("courses:result", args=[attempt.pk]),
        )
    answer.refresh_from_db()
    return answer
