from __future__ import annotations

from django.core.management import BaseCommand

from roster.actions import do_record_no_shows


class Command(BaseCommand):
    help = (
        "把活动结束后仍未签到的报名记为“未到岗”(每天运行一次,与 close_forgotten_sign_outs 一起;重复运行不会重复记录)。"
        "Record no-shows for ended activities."
    )

    def handle(self, *args, **options) -> None:
        recorded = do_record_no_shows()
        self.stdout.write(f"已记录未到岗 / no-shows recorded: {recorded}")
