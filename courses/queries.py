"""What learning records mean: the one place that says whether a person passed a quiz or completed a course.

Other apps (certificates, roster, onboarding) read the courses app through these functions only, so a passed
quiz or a completed course means the same thing on every page and in every rule.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import COORDINATOR, SOCIAL_WORKER, role_of

from . import grading
from .models import (
    Answer,
    Attempt,
    AttemptState,
    Audience,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    QuestionType,
    Quiz,
    TimeAccommodation,
)

# Who may take a course written for social workers (staff also take the volunteers' courses).
STAFF_ROLES = (SOCIAL_WORKER, COORDINATOR)


# Looking things up (for apps that must not import courses.models) -----------------------------------------------


def get_course(pk: int) -> CoursePage | None:
    """The course page with this id, or None."""
    return CoursePage.objects.filter(pk=pk).specific().first()


def course_by_title(title: str) -> CoursePage | None:
    """The first course with this title (demo loaders find their courses by name)."""
    return CoursePage.objects.filter(title=title).specific().first()


def get_quiz(pk: int) -> Quiz | None:
    return Quiz.objects.filter(pk=pk).first()


def quiz_of_course(course: CoursePage) -> Quiz | None:
    """The quiz at the end of the course's first lesson that has one (the course's own test)."""
    lesson = LessonPage.objects.child_of(course).exclude(quiz=None).select_related("quiz").order_by("path").first()
    return lesson.quiz if lesson else None


def courses_of_quiz(quiz: Quiz) -> list[CoursePage]:
    """The courses whose live lessons end with this quiz (a quiz may serve several courses)."""
    lessons = LessonPage.objects.live().filter(quiz_id=quiz.pk).order_by("path")
    courses: dict[int, CoursePage] = {}
    for lesson in lessons:
        course = lesson.get_parent().specific
        courses.setdefault(course.pk, course)
    return list(courses.values())


# Who may take what ------------------------------------------------------------------------------------------------


def is_enrolled(user: User, course: CoursePage) -> bool:
    return Enrolment.objects.filter(user=user, course=course).exists()


def course_refusal(user: User, course: CoursePage) -> str | None:
    """Why this person may not take this course (its audience), or None. Enrolment and quizzes both ask here."""
    if course.audience == Audience.SOCIAL_WORKER and not (user.is_superuser or role_of(user) in STAFF_ROLES):
        return _("这门课程只面向医务社工。")
    return None


def quiz_refusal(user: User, quiz: Quiz) -> str | None:
    """Why this person may not take this quiz because of who its courses are for, or None.

    A quiz that ends a lesson may be taken by anyone allowed in at least one of its courses; a quiz in no course
    is open to every learner.
    """
    refusals = [course_refusal(user, course) for course in courses_of_quiz(quiz)]
    if refusals and all(refusals):
        return refusals[0]
    return None


def quiz_availability(quiz: Quiz, now: datetime) -> str | None:
    """Why the quiz cannot be taken now, or None."""
    if not quiz.live:
        return _("这个测验尚未发布。")
    if quiz.open_at and now < quiz.open_at:
        return _("测验还没有开放。")
    if quiz.close_at and now >= quiz.close_at:
        return _("测验已经关闭。")
    return None


def start_refusal(user: User, quiz: Quiz, now: datetime, attempts: list[Attempt] | None = None) -> str | None:
    """Why this person may not start a new graded attempt now, or None; the quiz page and the engine both ask.

    Once the quiz is passed no new graded attempt starts, so the result can never turn back into a fail; while an
    attempt waits for an essay grade none starts either, so attempts become final in the order they were made.
    ``attempts`` is the caller's ``graded_attempts`` read, when it has one: every rule here is judged on it.
    """
    reason = quiz_availability(quiz, now) or quiz_refusal(user, quiz)
    if reason:
        return reason
    attempts = graded_attempts(user, quiz) if attempts is None else attempts
    if quiz_passed(user, quiz, attempts):
        return _("你已经通过这个测验,成绩不会再改变,不需要再次作答。")
    if any(attempt.state == AttemptState.NEEDS_GRADING for attempt in attempts):
        return _("你上一次的作答正在等待社工评分,评分完成后才能再次作答。")
    if quiz.max_attempts is not None and len(attempts) >= quiz.max_attempts:
        return _("你已经用完了全部 %(n)d 次作答机会。") % {"n": quiz.max_attempts}
    return None


def practice_refusal(user: User, quiz: Quiz, now: datetime) -> str | None:
    """Why "review my mistakes" is not offered, or None.

    Practice shows right answers, so it is offered only where the quiz's review policy would show them now: never
    in exam mode or with review "从不", and only after closing when review waits for it.
    """
    if not quiz.live:
        return _("这个测验尚未发布。")
    if not grading.policy_review(quiz, now).details:
        return _("这个测验不公布答案,不提供错题练习。")
    reason = quiz_refusal(user, quiz)
    if reason:
        return reason
    if not wrong_questions(user, quiz):
        return _("没有需要复习的错题。")
    return None


# Attempts and results ---------------------------------------------------------------------------------------------


def time_limit_for(user: User, quiz: Quiz) -> timedelta | None:
    """The quiz's time limit for this learner: the quiz's own, plus any extra time a social worker granted
    (``TimeAccommodation``: a percentage of the limit, then extra minutes). None when the quiz is untimed."""
    if not quiz.time_limit_minutes:
        return None
    minutes = Decimal(quiz.time_limit_minutes)
    accommodation = TimeAccommodation.objects.filter(user=user).first()
    if accommodation is not None:
        minutes += minutes * accommodation.extra_percent / 100 + accommodation.extra_minutes
    return timedelta(minutes=float(minutes))


def attempt_deadline(user: User, quiz: Quiz, started_at: datetime) -> datetime | None:
    """When an attempt started at ``started_at`` closes: the learner's time limit, never past the quiz's closing
    time. The one deadline rule: starting an attempt and granting extra time both use it, and answers are refused
    after it (``actions.past_deadline``)."""
    limit = time_limit_for(user, quiz)
    deadline = started_at + limit if limit is not None else None
    if quiz.close_at and (deadline is None or deadline > quiz.close_at):
        deadline = quiz.close_at
    return deadline


def graded_attempts(user: User, quiz: Quiz) -> list[Attempt]:
    """The person's graded attempts at the quiz (practice rounds are not), oldest first.

    Every rule about them (the grade, passed, attempts used, one waiting for a grade, the open one) can be judged on
    this one read, so the quiz page and the start read them once and pass the list on.
    """
    return list(Attempt.objects.filter(user=user, quiz=quiz, is_practice=False).order_by("started_at", "pk"))


def quiz_grade(user: User, quiz: Quiz, attempts: list[Attempt] | None = None) -> Decimal | None:
    """The person's grade on the quiz by its grading method, over finished graded attempts; None before any."""
    attempts = graded_attempts(user, quiz) if attempts is None else attempts
    percents = [a.percent for a in attempts if a.state == AttemptState.FINISHED and a.percent is not None]
    return grading.quiz_grade(percents, quiz.grading_method)


def quiz_passed(user: User, quiz: Quiz, attempts: list[Attempt] | None = None) -> bool:
    """THE meaning of "passed this quiz": the grading method's grade reaches the pass mark.

    It never turns back to False: once it is True the engine refuses further graded attempts (see
    ``actions.do_start_attempt``), so "last" or "average" cannot undo a pass that earned a certificate.
    """
    grade = quiz_grade(user, quiz, attempts)
    return grade is not None and grade >= quiz.pass_mark


def wrong_questions(user: User, quiz: Quiz) -> list[Answer]:
    """The learner's latest wrong answer to each auto-graded question of the quiz, for practice."""
    latest: dict[int, Answer] = {}
    answers = (
        Answer.objects.filter(
            attempt__user=user, attempt__quiz=quiz, attempt__is_practice=False, attempt__state=AttemptState.FINISHED
        )
        .exclude(question__isnull=True)
        .order_by("attempt__started_at", "position")
    )
    for answer in answers:
        if answer.question_id is not None:
            latest[answer.question_id] = answer
    return [
        a for a in latest.values() if a.qtype != QuestionType.ESSAY and a.score is not None and a.score < a.max_score
    ]


def essay_queue(grader: User | None = None) -> QuerySet[Answer]:
    """Essay answers of submitted attempts still waiting for a score, oldest first; never the grader's own."""
    answers = Answer.objects.filter(
        attempt__state=AttemptState.NEEDS_GRADING, score__isnull=True, question_data__type=QuestionType.ESSAY
    )
    if grader is not None:
        answers = answers.exclude(attempt__user=grader)
    return answers.select_related("attempt__quiz", "attempt__user").order_by("attempt__submitted_at", "position")


# Courses ----------------------------------------------------------------------------------------------------------


def course_requirements_met(user: User, course: CoursePage) -> bool:
    """Every live lesson done and every required quiz passed (``quiz_passed``); a course without lessons never."""
    lessons = list(course.lessons())
    if not lessons:
        return False
    done = set(LessonCompletion.objects.filter(user=user, lesson__in=lessons).values_list("lesson_id", flat=True))
    if any(lesson.pk not in done for lesson in lessons):
        return False
    required = {lesson.quiz for lesson in lessons if lesson.quiz_id and lesson.quiz_required}
    return all(quiz_passed(user, quiz) for quiz in required)


def course_completed(user: User, course: CoursePage) -> bool:
    """THE meaning of "completed this course": the person's enrolment is marked complete.

    The engine marks it (and sends ``signals.course_completed``) the moment ``course_requirements_met`` becomes
    true on any path, so the mark, the signal and the requirements agree; a lesson added to the course later does
    not take a completion (or the certificate it earned) away.
    """
    return Enrolment.objects.filter(user=user, course=course, completed_at__isnull=False).exists()


# Summaries for other apps -----------------------------------------------------------------------------------------


def training_record(user: User) -> list[dict]:
    """Every course the person enrolled in, with its status, and every final quiz result."""
    rows = [
        {
            "course": enrolment.course.title,
            "status": _("已完成") if enrolment.completed_at else _("学习中"),
            "score": None,
            "date": enrolment.completed_at or enrolment.enrolled_at,
        }
        for enrolment in Enrolment.objects.filter(user=user).select_related("course").order_by("enrolled_at")
    ]
    attempts = (
        Attempt.objects.filter(user=user, is_practice=False, finalised_at__isnull=False)
        .select_related("quiz")
        .order_by("finalised_at")
    )
    rows += [
        {
            "course": attempt.quiz.title,
            "status": _("通过") if attempt.passed else _("未通过"),
            "score": attempt.percent,
            "date": attempt.finalised_at,
        }
        for attempt in attempts
    ]
    return rows


def completed_courses(user: User) -> list[dict]:
    """Each course the person completed: title, one-line summary, 学时 and the local date completed."""
    enrolments = Enrolment.objects.filter(user=user, completed_at__isnull=False).select_related("course")
    enrolments = enrolments.order_by("completed_at")
    return [
        {
            "title": enrolment.course.title,
            "summary": enrolment.course.summary,
            "hours": enrolment.course.hours,
            "completed_on": timezone.localdate(enrolment.completed_at),
        }
        for enrolment in enrolments
    ]


def quiz_pass_rates() -> list[tuple[str, float]]:
    """Share of final (non-practice) attempts that passed, per quiz, in one query."""
    rows = (
        Attempt.objects.filter(is_practice=False, finalised_at__isnull=False)
        .values("quiz__title")
        .annotate(total=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by("quiz__title")
    )
    return [(row["quiz__title"], row["passed"] / row["total"]) for row in rows if row["total"]]


# read by certificates
def live_courses() -> list[CoursePage]:
    """Every live course page in tree order (the certificates demo gives each a completion rule)."""
    return list(CoursePage.objects.live().order_by("path"))
