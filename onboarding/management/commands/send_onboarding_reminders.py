from __future__ import annotations

from django.core.management import BaseCommand
from django.utils import timezone

from onboarding.reminders import send_due_reminders
from onboarding.signals import daily_reminders


class Command(BaseCommand):
    help = (
        "发送每日提醒:岗前培训到期与逾期,以及其他应用登记的提醒(如公益活动前一天);重复运行不会重复发送。"
        "Send the daily reminders."
    )

    def handle(self, *args, **options) -> None:
        run = send_due_reminders()
        self.stdout.write(f"提醒已发送 / reminders sent: {run.sent}; 今日已发过 / already sent today: {run.skipped}")
        for _receiver, line in daily_reminders.send(sender=self.__class__, today=timezone.localdate()):
            if line:
                self.stdout.write(str(line))
