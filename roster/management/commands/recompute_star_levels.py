"""``manage.py recompute_star_levels``: store every volunteer's confirmed hours and star level again.

Saving the thresholds in the admin already does this; the command is for hours changed outside the ORM
(a bulk SQL correction, a restored backup).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from roster.stars import current_thresholds, recompute_star_levels


class Command(BaseCommand):
    help = "重新计算所有志愿者的已确认服务时长和星级。 (Recompute every volunteer's confirmed hours and star level.)"

    def handle(self, *args, **options) -> None:
        count = recompute_star_levels()
        thresholds = "/".join(str(value) for value in current_thresholds())
        self.stdout.write(f"已重新计算 {count} 名志愿者的星级(标准 {thresholds} 小时)。")
