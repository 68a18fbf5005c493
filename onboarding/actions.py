"""Everything that changes a volunteer's onboarding goes through these functions (views, admin, tasks, tests)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify
from accounts.roles import COORDINATOR, SOCIAL_WORKER, role_of
from certificates.actions import do_issue_for_rule
from roster import queries as roster
from roster.actions import do_change_status, do_set_cohort_label, do_sign_agreement

from .models import Cohort, Membership, Programme, Session, Step, StepRecord
from .progress import automatic_step_done, membership_of, progress_for, steps_for

if TYPE_CHECKING:
    from roster.models import ServiceRole

logger = logging.getLogger(__name__)
AUTOMATIC_KINDS = (Step.Kind.COURSE, Step.Kind.QUIZ)


class OnboardingError(ValueError):
    """A step that cannot be recorded; the message is shown to the person who tried."""


def _require_applicable(membership: Membership | None, step: Step) -> Membership:
    if membership is None or step.programme_id != membership.cohort.programme_id:
        raise OnboardingError(_("该志愿者不在这个培训项目的任何批次中。"))
    if step not in steps_for(membership):
        raise OnboardingError(_("这一步只适用于其他岗位的志愿者。"))
    return membership


def _require_unlocked(membership: Membership, step: Step) -> None:
    if step.depends_on_id and not StepRecord.objects.filter(user=membership.user, step_id=step.depends_on_id).exists():
        raise OnboardingError(_("请先完成前置步骤:%(step)s。") % {"step": step.depends_on.title})


def _require_staff(by: User, *roles: str) -> None:
    if not (by.is_superuser or role_of(by) in roles):
        raise OnboardingError(_("只有%(roles)s可以执行此操作。") % {"roles": "、".join(roles)})


def _record(membership: Membership, step: Step, how: str, by: User | None = None, **details: object) -> StepRecord:
    with transaction.atomic():
        record, _created = StepRecord.objects.get_or_create(
            user=membership.user, step=step, defaults={"how": how, "recorded_by": by, **details}
        )
    do_sync_automatic_steps(membership)
    do_complete_if_finished(membership)
    return record


def do_sync_automatic_steps(membership: Membership) -> int:
    """Record course and quiz steps the volunteer has already achieved, once their prerequisites are done.

    Runs after every change, so a course finished before its prerequisite step counts as soon as that step is done.
    """
    recorded = 0
    changed = True
    while changed:
        changed = False
        done = set(StepRecord.objects.filter(user=membership.user).values_list("step_id", flat=True))
        for step in steps_for(membership):
            if step.pk in done or step.kind not in AUTOMATIC_KINDS:
                continue
            if step.depends_on_id and step.depends_on_id not in done:
                continue
            if automatic_step_done(membership.user, step):
                StepRecord.objects.get_or_create(
                    user=membership.user, step=step, defaults={"how": StepRecord.How.AUTOMATIC}
                )
                recorded += 1
                changed = True
    return recorded


def do_complete_if_finished(membership: Membership) -> bool:
    """When every required step is done: 在岗 on the roster and the programme's certificate, once.

    The certificate is issued by the programme's issuing rule (one current certificate per person and rule). A
    failure to render it leaves the membership unfinished (and no certificate), to be retried by the next event or
    by the daily ``send_onboarding_reminders`` run.
    """
    if membership.completed_at is not None:
        return False
    if not progress_for(membership).complete:
        return False
    try:
        with transaction.atomic():
            locked = Membership.objects.select_for_update().get(pk=membership.pk)
            if locked.completed_at is not None:
                return False
            programme = Programme.objects.select_related("certificate_rule__template").get(
                pk=locked.cohort.programme_id
            )
            rule = programme.certificate_rule
            certificate = None
            if rule is not None and rule.active:
                required_titles = [status.step.title for status in progress_for(locked).required]
                certificate = do_issue_for_rule(locked.user, rule, scope="\n".join(required_titles)).certificate
            locked.completed_at = timezone.now()
            locked.certificate = certificate
            locked.save(update_fields=["completed_at", "certificate"])
            _mark_active_on_roster(locked)
            transaction.on_commit(lambda: _congratulate(locked.user, programme.name))
    except Exception:
        logger.exception("onboarding completion of membership %s failed; will retry", membership.pk)
        return False
    membership.refresh_from_db()
    return True


def _congratulate(user: User, programme: str) -> None:
    notify(
        user,
        _("恭喜完成岗前培训!"),
        _("你已完成“%(programme)s”,现在是在岗志愿者。") % {"programme": programme},
        url=reverse("accounts:me"),
    )


def _mark_active_on_roster(membership: Membership) -> None:
    volunteer = roster.volunteer_for_user(membership.user)
    if volunteer is not None and volunteer.status != volunteer.Status.ACTIVE:
        do_change_status(volunteer, volunteer.Status.ACTIVE, by=None, reason=_("完成岗前培训"))


def do_add_member(cohort: Cohort, user: User, role: ServiceRole | None = None) -> Membership:
    """Put a screened volunteer into a cohort (or move them there: their records stay theirs)."""
    membership, created = Membership.objects.get_or_create(user=user, defaults={"cohort": cohort, "role": role})
    if not created:
        return do_move_member(membership, cohort)
    do_set_cohort_label([user], cohort.name)
    do_sync_automatic_steps(membership)
    return membership


def do_move_member(membership: Membership, cohort: Cohort) -> Membership:
    """Move to another cohort. Nothing done is lost: records belong to the person and the step, not the cohort."""
    membership.cohort = cohort
    membership.save(update_fields=["cohort"])
    do_set_cohort_label([membership.user], cohort.name)
    do_sync_automatic_steps(membership)
    do_complete_if_finished(membership)
    return membership


def do_acknowledge(user: User, step: Step) -> StepRecord:
    membership = _require_applicable(membership_of(user), step)
    if step.kind != Step.Kind.ACKNOWLEDGE:
        raise OnboardingError(_("这一步不是文件确认。"))
    _require_unlocked(membership, step)
    with transaction.atomic():
        record = _record(membership, step, StepRecord.How.ACKNOWLEDGED, by=user)
        _sign_agreement(user, step)
    return record


def _sign_agreement(user: User, step: Step) -> None:
    """A pledge step tied to a service agreement version is the online signature of it (条例 第十四条): the roster
    keeps the version, the date and how it was signed."""
    volunteer = roster.volunteer_for_user(user)
    if step.agreement_version is None or volunteer is None:
        return
    if roster.has_signed_agreement(volunteer, step.agreement_version):
        return
    do_sign_agreement(volunteer, step.agreement_version, timezone.localdate(), by=user, how="online")


def do_sign_in(user: User, session: Session) -> StepRecord:
    """Sign in to a session by its QR code: on the session's day, as a member of its cohort."""
    membership = _require_applicable(membership_of(user), session.step)
    if membership.cohort_id != session.cohort_id:
        raise OnboardingError(_("这是其他批次的培训签到码。"))
    if timezone.localdate() != timezone.localdate(session.starts_at):
        raise OnboardingError(_("只能在培训当天签到(%(day)s)。") % {"day": timezone.localdate(session.starts_at)})
    return _record(membership, session.step, StepRecord.How.SIGNED_IN, by=user)


def do_sign_off(
    membership: Membership, step: Step, by: User, *, rating: int | None = None, evaluation: str = ""
) -> StepRecord:
    """A social worker confirms a shadow shift (with a short evaluation) or attendance at a session."""
    _require_staff(by, SOCIAL_WORKER, COORDINATOR)
    _require_applicable(membership, step)
    if step.kind not in (Step.Kind.SHADOW_SHIFT, Step.Kind.SESSION):
        raise OnboardingError(_("只有跟岗见习和集中培训需要社工确认。"))
    if step.kind == Step.Kind.SHADOW_SHIFT and not evaluation.strip():
        raise OnboardingError(_("请填写跟岗见习的简短评价。"))
    _require_unlocked(membership, step)
    record = _record(membership, step, StepRecord.How.SIGNED_OFF, by=by, rating=rating, evaluation=evaluation.strip())
    title = _("“%(step)s”已由社工确认") % {"step": step.title}
    transaction.on_commit(lambda: notify(membership.user, title, url=reverse("onboarding:my")))
    return record


def do_grant_exception(membership: Membership, step: Step, by: User, reason: str) -> StepRecord:
    """A coordinator waives a step for one volunteer, with the reason on record."""
    _require_staff(by, COORDINATOR)
    _require_applicable(membership, step)
    if not reason.strip():
        raise OnboardingError(_("请填写特批免修的理由。"))
    return _record(membership, step, StepRecord.How.EXCEPTION, by=by, reason=reason.strip())
