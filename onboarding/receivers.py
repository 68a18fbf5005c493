"""Completed courses and passed quizzes move the onboarding forward; an accepted applicant joins a cohort.

What "completed" and "passed" mean is decided by ``courses`` (its signals and ``courses.queries``), so a step,
the course page and a certificate never disagree about the same result.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from courses.signals import course_completed, quiz_passed
from roster.actions import do_set_cohort_label
from roster.signals import application_accepted

from .actions import do_add_member, do_complete_if_finished, do_sync_automatic_steps
from .models import Cohort
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


@receiver(application_accepted, dispatch_uid="onboarding.application_accepted")
def on_application_accepted(sender, volunteer, cohort_id, by, **kwargs) -> None:
    """The cohort chosen on the screening form: the volunteer joins it in the acceptance's transaction."""
    if cohort_id is None:
        return
    cohort = Cohort.objects.filter(pk=cohort_id).first()
    if cohort is None:
        raise ValidationError(_("所选培训批次已不存在,请刷新页面后重新选择。"))
    roles = list(volunteer.roles.all()[:2])
    do_add_member(cohort, volunteer.user, roles[0] if len(roles) == 1 else None)


@receiver(post_save, sender=Cohort, dispatch_uid="onboarding.cohort_renamed")
def on_cohort_saved(sender, instance: Cohort, created: bool, **kwargs) -> None:
    """A renamed cohort renames the roster's 批次 label of its members (one truth: onboarding's membership)."""
    if not created:
        members = [membership.user for membership in instance.memberships.select_related("user")]
        if members:
            do_set_cohort_label(members, instance.name)
