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
