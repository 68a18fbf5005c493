"""Daily reminders: before a step's due date and once it is overdue, at most one per step and day."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.notifications import notify
from roster import queries as roster

from .actions import do_complete_if_finished
from .models import Membership, Reminder
from .progress import progress_for

DAYS_BEFORE_DUE = 2


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    skipped: int


def send_due_reminders(today: datetime.date | None = None) -> ReminderRun:
    """Remind every unfinished member of each step due within two days or overdue.

    The Reminder row is written first, under a unique (user, step, day) key: a second run on the same day, or two
    workers at once, cannot send the same reminder again.
    """
    today = today or timezone.localdate()
    sent = skipped = 0
    memberships = Membership.objects.filter(completed_at__isnull=True).select_related(
        "user", "cohort__programme", "role"
    )
    for membership in memberships:
        if do_complete_if_finished(membership):
            continue
        progress = progress_for(membership, today)
        for status in progress.steps:
            if status.done or not (status.overdue or status.due_soon):
                continue
            kind = Reminder.Kind.OVERDUE if status.overdue else Reminder.Kind.DUE_SOON
            try:
                with transaction.atomic():
                    reminder = Reminder.objects.create(user=membership.user, step=status.step, kind=kind, sent_on=today)
            except IntegrityError:
                skipped += 1
                continue
            if kind == Reminder.Kind.OVERDUE:
                title = _("“%(step)s”已逾期(截止 %(due)s)") % {"step": status.step.title, "due": status.due_on}
            else:
                title = _("“%(step)s”将于 %(due)s 截止") % {"step": status.step.title, "due": status.due_on}
            body = _("岗前培训第 %(week)s 周 / 共 %(weeks)s 周,已完成 %(percent)s%%。") % {
                "week": progress.week_now,
                "weeks": progress.weeks_total,
                "percent": progress.percent,
            }
            phone = roster.mobile_for_user(membership.user)
            channels = notify(membership.user, title, body, url=reverse("onboarding:my"), phone=phone)
            reminder.channels = ",".join(channels)
            reminder.save(update_fields=["channels"])
            sent += 1
    return ReminderRun(sent=sent, skipped=skipped)
