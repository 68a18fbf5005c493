"""Which service times can be true. Every path that records times (QR check-in and check-out, a social worker's
hand-entered attendance, an accepted correction) asks these functions, so no record says a person served where
and when they did not.

Two kinds of problem: *impossible* ones (the future, an activity not started yet, an end before the start, two
places at once) are always refused; times *outside the activity's hours* (beyond the
``ROSTER_SERVICE_TIME_MARGIN_MINUTES`` margin) are refused unless a social worker records them as a correction with
a reason.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Activity, ServiceRecord, Signup, Volunteer


def margin() -> timedelta:
    return timedelta(minutes=settings.ROSTER_SERVICE_TIME_MARGIN_MINUTES)


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


def impossible_problems(
    volunteer: Volunteer,
    activity: Activity | None,
    started_at: datetime,
    ended_at: datetime | None,
    *,
    exclude_signup: Signup | None = None,
    exclude_record: ServiceRecord | None = None,
    now: datetime | None = None,
) -> list[str]:
    """Times that cannot be true whoever enters them, each named in Chinese."""
    now = now or timezone.now()
    problems = []
    if activity is not None and activity.starts_at - margin() > now:
        problems.append(
            _("活动“%(activity)s”尚未开始(%(start)s 开始),不能记录服务时间。")
            % {"activity": activity.name, "start": _when(activity.starts_at)}
        )
    if started_at > now:
        problems.append(_("签到时间 %(at)s 晚于现在。") % {"at": _when(started_at)})
    if ended_at is not None:
        if ended_at > now:
            problems.append(_("签退时间 %(at)s 晚于现在。") % {"at": _when(ended_at)})
        if ended_at <= started_at:
            problems.append(_("签退时间应晚于签到时间。"))
    if not problems:
        problems += overlap_problems(
            volunteer, started_at, ended_at, exclude_signup=exclude_signup, exclude_record=exclude_record
        )
    return problems


def overlap_problems(
    volunteer: Volunteer,
    started_at: datetime,
    ended_at: datetime | None,
    *,
    exclude_signup: Signup | None = None,
    exclude_record: ServiceRecord | None = None,
) -> list[str]:
    """Another record or open check-in of the same volunteer at the same time: nobody serves in two places."""
    end = ended_at or started_at + timedelta(minutes=1)
    records = (
        ServiceRecord.objects.filter(volunteer=volunteer, started_at__lt=end)
        .filter(Q(ended_at__gt=started_at) | Q(ended_at__isnull=True, started_at__gte=started_at))
        .exclude(status=ServiceRecord.Status.REJECTED)
        .select_related("activity")
    )
    if exclude_record is not None and exclude_record.pk:
        records = records.exclude(pk=exclude_record.pk)
    if exclude_signup is not None and exclude_signup.pk:
        records = records.exclude(signup=exclude_signup)
    open_signups = Signup.objects.filter(
        volunteer=volunteer,
        checked_in_at__isnull=False,
        checked_in_at__lt=end,
        checked_out_at__isnull=True,
        service_record__isnull=True,
        activity__ends_at__gt=started_at,  # a forgotten sign-out elsewhere is closed at its end, not held open
    ).select_related("activity")
    if exclude_signup is not None and exclude_signup.pk:
        open_signups = open_signups.exclude(pk=exclude_signup.pk)
    problems = []
    for record in records:
        if record.started_at is None:  # never: the filter's started_at__lt leaves out rows without a start
            continue
        problems.append(
            _("与 %(start)s 开始的服务记录“%(what)s”时间重叠。")
            % {"start": _when(record.started_at), "what": record.content or record.department}
        )
    for signup in open_signups:
        if signup.checked_in_at is None:  # never: filtered on checked_in_at__isnull=False
            continue
        problems.append(
            _("已于 %(start)s 在“%(activity)s”签到,尚未签退。")
            % {"start": _when(signup.checked_in_at), "activity": signup.activity.name}
        )
    return problems


def window_problems(activity: Activity | None, started_at: datetime, ended_at: datetime | None) -> list[str]:
    """Times outside the activity's day and hours (with the margin): refused unless recorded as a correction."""
    if activity is None:
        return []
    earliest, latest = activity.starts_at - margin(), activity.ends_at + margin()
    window = {
        "start": _when(activity.starts_at),
        "end": date_format(timezone.localtime(activity.ends_at), "H:i"),
        "minutes": int(margin().total_seconds() // 60),
    }
    problems = []
    for label, moment in ((_("签到时间"), started_at), (_("签退时间"), ended_at)):
        if moment is not None and not earliest <= moment <= latest:
            problems.append(
                _("%(label)s %(at)s 不在活动时间 %(start)s–%(end)s(前后 %(minutes)s 分钟)之内。")
                % {"label": label, "at": _when(moment), **window}
            )
    return problems
