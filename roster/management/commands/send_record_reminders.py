from __future__ import annotations

from django.core.management import BaseCommand

from roster.reminders import send_record_reminders


class Command(BaseCommand):
    help = (
        "发送健康核验到期、服务记录待录入和意外保险即将到期提醒(每天运行一次;重复运行不会重复发送)。"
        "Send record reminders."
    )

    def handle(self, *args, **options) -> None:
        run = send_record_reminders()
        self.stdout.write(f"提醒已发送 / reminders sent: {run.sent}; 今日已发过 / already sent today: {run.skipped}")
