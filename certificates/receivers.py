"""Listeners for the courses app's completion events (connected in apps.ready)."""

from __future__ import annotations

import logging

from django.utils import timezone

from . import issuing

logger = logging.getLogger(__name__)


def course_completed(sender, user, course, completed_at, **kwargs) -> None:
    """Issue automatically. A failed render must not break the learner's completion: it is logged, and the
    certificate can be issued later from the admin (issuing is idempotent)."""
    try:
        issuing.on_course_completed(user, course, completed_at)
    except Exception:
        logger.exception("Automatic certificate for user %s, course %s failed", user.pk, course.pk)


def _attempt_page(attempt):
    for attribute in ("course", "course_page", "page", "quiz"):
        page = getattr(attempt, attribute, None)
        if page is not None and hasattr(page, "pk"):
            return page
    return None


def attempt_finalised(sender, attempt, passed, **kwargs) -> None:
    """A passed attempt (graded at submit or later by a person) may earn a certificate by an "on passing" rule."""
    page = _attempt_page(attempt)
    user = getattr(attempt, "user", None)
    if not passed or page is None or user is None:
        return
    try:
        issuing.on_attempt_passed(user, page, timezone.localdate())
    except Exception:
        logger.exception("Automatic certificate for attempt %s failed", getattr(attempt, "pk", None))
