"""Daily reminders about the record: a volunteer whose health check is about to expire (on the item's reminder day
and a week before), and each social worker with service records of their activities overdue or due within two
working days (办法 第十一条).

A ``RecordReminder`` row is written first under a unique (person, kind, subject, day) key, so a second run on the
same day sends nothing again.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify

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
    return ReminderRun(sent=sent, skipped=skipped)
