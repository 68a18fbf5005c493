"""Listeners for the courses app's announcements (connected in apps.ready).

Certificates react to what a result means (``quiz_passed``, ``course_completed``, decided by ``courses``), never
to a single attempt: a quiz graded by its best or last attempt is passed only when ``courses`` says so.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from courses import queries as courses

from .actions import do_apply_rules
from .models import IssuingRule

logger = logging.getLogger(__name__)


def course_completed(sender, user, course, completed_at, **kwargs) -> None:
    """Issue automatically. A failed render must not break the learner's completion: it is logged, and the
    certificate can be issued later from the admin (issuing is idempotent)."""
    try:
        do_apply_rules(user, course.pk, IssuingRule.Trigger.COURSE_COMPLETED, timezone.localdate(completed_at))
    except Exception:
        logger.exception("Automatic certificate for user %s, course %s failed", user.pk, course.pk)


def quiz_passed(sender, user, quiz, passed_at, **kwargs) -> None:
    """A passed quiz (graded at submit or later by a person) may earn a certificate by an "on passing" rule of
    every course whose lessons use it."""
    for course in courses.courses_of_quiz(quiz):
        try:
            do_apply_rules(user, course.pk, IssuingRule.Trigger.QUIZ_PASSED, timezone.localdate(passed_at))
        except Exception:
            logger.exception("Automatic certificate: user %s, quiz %s, course %s failed", user.pk, quiz.pk, course.pk)
