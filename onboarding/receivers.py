"""Completed courses and passed quizzes move the onboarding forward.

What "completed" and "passed" mean is decided by ``courses`` (its signals and ``courses.queries``), so a step,
the course page and a certificate never disagree about the same result.
"""

from __future__ import annotations

from django.dispatch import receiver

from courses.signals import course_completed, quiz_passed

from .actions import do_complete_if_finished, do_sync_automatic_steps
from .progress import membership_of


def _advance(user) -> None:
    membership = membership_of(user)
    if membership is not None and membership.completed_at is None:
        do_sync_automatic_steps(membership)
        do_complete_if_finished(membership)


@receiver(course_completed, dispatch_uid="onboarding.course_completed")
def on_course_completed(sender, user, course, completed_at, **kwargs) -> None:
    _advance(user)


@receiver(quiz_passed, dispatch_uid="onboarding.quiz_passed")
def on_quiz_passed(sender, user, quiz, passed_at, **kwargs) -> None:
    _advance(user)
