"""Listeners for the courses app's completion events (connected in apps.ready)."""

from __future__ import annotations

import logging

from django.utils import timezone
from wagtail.models import Page

from . import issuing

logger = logging.getLogger(__name__)


def course_completed(sender, user, course, completed_at, **kwargs) -> None:
    """Issue automatically. A failed render must not break the learner's completion: it is logged, and the
    certificate can be issued later from the admin (issuing is idempotent)."""
    try:
        issuing.on_course_completed(user, course, completed_at)
    except Exception:
        logger.exception("Automatic certificate for user %s, course %s failed", user.pk, course.pk)


def _attempt_pages(attempt) -> list[Page]:
    """The course pages whose live lessons end with the attempt's quiz (a quiz may serve several courses)."""
    from courses.models import LessonPage

    lessons = LessonPage.objects.live().filter(quiz_id=attempt.quiz_id)
    return list({lesson.course.pk: lesson.course for lesson in lessons if lesson.course is not None}.values())


def attempt_finalised(sender, attempt, passed, **kwargs) -> None:
    """A passed attempt (graded at submit or later by a person) may earn a certificate by an "on passing" rule."""
    if not passed or attempt.is_practice:
        return
    for page in _attempt_pages(attempt):
        try:
            issuing.on_attempt_passed(attempt.user, page, timezone.localdate())
        except Exception:
            logger.exception("Automatic certificate for attempt %s, course %s failed", attempt.pk, page.pk)
