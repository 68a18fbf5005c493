"""Questions other apps ask about learning (the roster's record page and dashboard)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from .models import Attempt, Enrolment


def training_record(user) -> list[dict]:
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


def quiz_pass_rates() -> list[tuple[str, float]]:
    """Share of final (non-practice) attempts that passed, per quiz, in one query."""
    rows = (
        Attempt.objects.filter(is_practice=False, finalised_at__isnull=False)
        .values("quiz__title")
        .annotate(total=Count("pk"), passed=Count("pk", filter=Q(passed=True)))
        .order_by("quiz__title")
    )
    return [(row["quiz__title"], row["passed"] / row["total"]) for row in rows if row["total"]]


def quiz_passed(user, quiz) -> bool:
    """Whether the person has passed the quiz, by its grading method: the one meaning of "passed"."""
    from .actions import quiz_passed as passed_by_grading_method

    return passed_by_grading_method(user, quiz)


def course_completed(user, course) -> bool:
    """Whether the person's enrolment in the course is completed."""
    return Enrolment.objects.filter(user=user, course_id=course.pk, completed_at__isnull=False).exists()


# read by certificates/onboarding
def courses_ending_with_quiz(quiz) -> list:
    """The course pages whose live lessons use the quiz (a quiz may serve several courses), each once."""
    from .models import LessonPage

    lessons = LessonPage.objects.live().filter(quiz_id=quiz.pk)
    return list({lesson.course.pk: lesson.course for lesson in lessons if lesson.course is not None}.values())


def live_courses() -> list:
    """Every live course page in tree order (the certificates demo gives each a completion rule)."""
    from .models import CoursePage

    return list(CoursePage.objects.live().order_by("path"))
