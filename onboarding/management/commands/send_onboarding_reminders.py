from __future__ import annotations

from django.core.management import BaseCommand

from onboarding.reminders import send_due_reminders


class Command(BaseCommand):
    help = "发送岗前培训到期与逾期提醒(每天运行一次;重复运行不会重复发送)。Send onboarding reminders."

    def handle(self, *args, **options) -> None:
        run = send_due_reminders()
        self.stdout.write(f"提醒已发送 / reminders sent: {run.sent}; 今日已发过 / already sent today: {run.skipped}")
