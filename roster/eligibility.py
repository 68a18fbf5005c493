"""Who may serve at an activity: one rule for sign-up, invitation, check-in, matching and the volunteer's list.

A volunteer may take part only while 在岗, not on leave (请假) that day, and holding, on the activity's date, a
valid certificate for every course the activity's role requires (asked of ``certificates.queries``, never
recomputed here), a valid 合格 check of every health item the role asks for, and — for a role marked as needing it —
accident insurance cover (``roster.credentials``).
"""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates.queries import users_holding_valid_certificates

from . import credentials
from .models import Activity, LeaveOfAbsence, ServiceRole, Volunteer

SERVING_STATUS = Volunteer.Status.ACTIVE


def certificate_holders(role: ServiceRole, on: date) -> set[int] | None:
    """User ids holding every certificate the role needs on that date; None when the role needs none."""
    course_ids = list(role.required_courses.values_list("pk", flat=True))
    if not course_ids:
        return None
    return users_holding_valid_certificates(course_ids, on)


def eligible_volunteers(role: ServiceRole, on: date) -> QuerySet[Volunteer]:
    """Every volunteer who may serve in ``role`` on ``on`` (what matching starts from)."""
    volunteers = Volunteer.objects.filter(status=SERVING_STATUS, anonymised_at__isnull=True).exclude(
        pk__in=LeaveOfAbsence.objects.filter(starts_on__lte=on, ends_on__gte=on).values("volunteer_id")
    )
    holders = certificate_holders(role, on)
    if holders is not None:
        volunteers = volunteers.filter(user_id__in=holders)
    return credentials.volunteers_holding(role, on, volunteers)


def standing_problems(volunteer: Volunteer) -> list[str]:
    """Why ``volunteer`` may not serve at any activity now (their record, not the activity), in Chinese."""
    if volunteer.anonymised_at:
        return [_("该志愿者的个人信息已删除。")]
    if volunteer.status != SERVING_STATUS:
        return [_("只有在岗志愿者可以参加活动,当前状态为“%(status)s”。") % {"status": volunteer.get_status_display()}]
    return []


def leave_problems(volunteer: Volunteer, on: date) -> list[str]:
    """A volunteer on leave (请假) on that date does not serve then."""
    leave = volunteer.leaves.filter(starts_on__lte=on, ends_on__gte=on).first()
    if leave is None:
        return []
    return [
        _("%(start)s 至 %(end)s 已请假。") % {"start": leave.starts_on.isoformat(), "end": leave.ends_on.isoformat()}
    ]


def activity_problems(volunteer: Volunteer, activity: Activity) -> list[str]:
    """What ``volunteer`` lacks for the activity on its date (not on leave; the role's certificates, health items,
    insurance), in Chinese."""
    on = timezone.localtime(activity.starts_at).date()
    problems = leave_problems(volunteer, on) + [
        _("需持有“%(course)s”在 %(date)s 有效的证书。") % {"course": course.title, "date": on.isoformat()}
        for course in activity.role.required_courses.order_by("pk")
        if volunteer.user_id is None or volunteer.user_id not in users_holding_valid_certificates([course.pk], on)
    ]
    problems += [
        _("需有“%(item)s”在 %(date)s 有效的合格记录。") % {"item": item.name, "date": on.isoformat()}
        for item in credentials.missing_health_items(volunteer, activity.role, on)
    ]
    if activity.role.needs_insurance and not credentials.insured_on(volunteer, on):
        problems.append(_("该岗位须投保志愿者意外险,%(date)s 不在您的保险期内。") % {"date": on.isoformat()})
    return problems


def eligibility_problems(volunteer: Volunteer, activity: Activity) -> list[str]:
    """Why ``volunteer`` may not serve at ``activity``, in Chinese; an empty list means they may."""
    standing = standing_problems(volunteer)
    if volunteer.anonymised_at:
        return standing
    return standing + activity_problems(volunteer, activity)
