from __future__ import annotations

from django.core.management import BaseCommand

from roster.actions import do_close_forgotten_sign_outs


class Command(BaseCommand):
    help = (
        "关闭活动结束后仍未签退的签到:计0小时并标记“未签退”,待社工更正(每天运行一次;重复运行不会重复关闭)。"
        "Close forgotten sign-outs at zero hours."
    )

    def handle(self, *args, **options) -> None:
        closed = do_close_forgotten_sign_outs()
        self.stdout.write(f"已关闭未签退记录 / forgotten sign-outs closed: {closed}")
