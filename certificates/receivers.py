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


def _attempt_page(attempt) -> Page | None:
    """The course page an attempt belongs to. Only a real Page counts: a quiz's own id must never be taken
    for a page id."""
    for attribute in ("course", "course_page", "page"):
        page = getattr(attempt, attribute, None)
        if isinstance(page, Page):
            return page
    quiz = getattr(attempt, "quiz", None)
    for attribute in ("course", "course_page", "page"):
        page = getattr(quiz, attribute, None)
        if isinstance(page, Page):
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
