"""Daily reminders about the record: a volunteer whose health check is about to expire (on the item's reminder day
and a week before), each social worker with service records of their activities overdue or due within two
working days (办法 第十一条), and the social workers and coordinators, once per cover, when a volunteer's accident
insurance ends within 30 days with no later policy continuing it (条例 第十七条).

A ``RecordReminder`` row is written first under a unique (person, kind, subject, day) key, so a second run on the
same day sends nothing again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify
from accounts.roles import COORDINATOR, SOCIAL_WORKER

from . import credentials, deadlines
from .record_models import RecordReminder

LAST_WEEK_DAYS = 7


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    skipped: int


def _once(user: User, kind: str, subject: str, today: datetime.date) -> bool:
    try:
        with transaction.atomic():
            RecordReminder.objects.create(user=user, kind=kind, subject=subject[:80], sent_on=today)
    except IntegrityError:
        return False
    return True


def send_record_reminders(today: datetime.date | None = None) -> ReminderRun:
    today = today or timezone.localdate()
    sent = skipped = 0
    for expiring in credentials.expiring_health(today):
        days_left = (expiring.ends_on - today).days
        user = expiring.volunteer.user
        if user is None or days_left not in {expiring.remind_days, LAST_WEEK_DAYS}:
            continue
        if not _once(user, RecordReminder.Kind.HEALTH, expiring.what, today):
            skipped += 1
            continue
        notify(
            user,
            _("“%(item)s”将于 %(date)s 到期") % {"item": expiring.what, "date": expiring.ends_on},
            _("请在到期前完成复查,并把结果交给负责社工登记;到期后将不能报名需要该项目的岗位。"),
            url=reverse("accounts:me"),
            phone=expiring.volunteer.mobile,
        )
        sent += 1
    waiting: dict[User, list[deadlines.Pending]] = defaultdict(list)
    for row in deadlines.pending_with_deadlines(today):
        social_worker = row.record.activity.social_worker if row.record.activity else None
        if social_worker is not None and (row.overdue or row.due_soon):
            waiting[social_worker].append(row)
    for social_worker, rows in waiting.items():
        if not _once(social_worker, RecordReminder.Kind.ENTRY, "pending", today):
            skipped += 1
            continue
        overdue = sum(row.overdue for row in rows)
        notify(
            social_worker,
            _("有 %(count)s 条服务记录待录入,其中 %(overdue)s 条已逾期") % {"count": len(rows), "overdue": overdue},
            _("服务记录应在活动后10个工作日内确认。最早的截止日期:%(date)s。")
            % {"date": min(row.deadline for row in rows)},
            url=reverse("roster_admin:overdue_entries"),
        )
        sent += 1
    insurance_sent, insurance_skipped = _remind_expiring_insurance(today)
    return ReminderRun(sent=sent + insurance_sent, skipped=skipped + insurance_skipped)


def _office_staff() -> list[User]:
    """The social workers and coordinators: the office that renews the policy."""
    groups = Group.objects.filter(name__in=[SOCIAL_WORKER, COORDINATOR])
    return list(User.objects.filter(is_active=True, groups__in=groups).distinct().order_by("pk"))


def _remind_expiring_insurance(today: datetime.date) -> tuple[int, int]:
    """One message per staff member listing the covers they have not been told about yet; each cover (volunteer and
    end date) is told once, not every day of the 30."""
    expiring = credentials.expiring_insurance(today)
    if not expiring:
        return 0, 0
    sent = skipped = 0
    for user in _office_staff():
        told = set(
            RecordReminder.objects.filter(user=user, kind=RecordReminder.Kind.INSURANCE).values_list(
                "subject", flat=True
            )
        )
        new = [row for row in expiring if _cover_key(row) not in told]
        new = [row for row in new if _once(user, RecordReminder.Kind.INSURANCE, _cover_key(row), today)]
        if not new:
            skipped += 1
            continue
        notify(
            user,
            _("有 %(count)s 名志愿者的意外保险将在30天内到期") % {"count": len(new)},
            _("以下志愿者的保险到期后没有续保,到期后将不能参加需要保险的岗位:%(names)s。")
            % {
                "names": "、".join(
                    f"{row.volunteer.number} {row.volunteer.name}({row.ends_on:%Y-%m-%d})" for row in new
                )
            },
            url=reverse("roster_admin:expiring_cover"),
        )
        sent += 1
    return sent, skipped


def _cover_key(row: credentials.Expiring) -> str:
    return f"{row.volunteer.pk}@{row.ends_on:%Y%m%d}"
