"""What activities does when others announce something: the daily reminder run, and an activity page going live."""

from __future__ import annotations

import datetime
from typing import Any

from django.dispatch import receiver
from wagtail.signals import page_published

from onboarding.signals import daily_reminders

from .actions import do_erase_old_contacts, do_sync_roster_activity, send_activity_reminders
from .models import ActivityPage


@receiver(daily_reminders)
def remind_participants(sender: Any, today: datetime.date, **kwargs: Any) -> str:
    run = send_activity_reminders(today)
    erased = do_erase_old_contacts(today)
    return f"公益活动提醒已发送 / activity reminders sent: {run.sent}; 满一年删除联系方式 / contacts erased: {erased}"


@receiver(page_published, sender=ActivityPage)
def keep_roster_activity(sender: Any, instance: ActivityPage, **kwargs: Any) -> None:
    do_sync_roster_activity(instance)
