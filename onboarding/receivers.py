"""Course completions and passed quizzes move the onboarding forward."""

from __future__ import annotations

from django.dispatch import receiver

from courses.signals import attempt_finalised, course_completed

from .actions import complete_if_finished, membership_of, sync_automatic_steps


def _advance(user) -> None:
    membership = membership_of(user)
    if membership is not None and membership.completed_at is None:
        sync_automatic_steps(membership)
        complete_if_finished(membership)


@receiver(course_completed, dispatch_uid="onboarding.course_completed")
def on_course_completed(sender, user, course, completed_at, **kwargs) -> None:
    _advance(user)


@receiver(attempt_finalised, dispatch_uid="onboarding.attempt_finalised")
def on_attempt_finalised(sender, attempt, passed, **kwargs) -> None:
    if passed and not attempt.is_practice:
        _advance(attempt.user)
