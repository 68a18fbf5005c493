"""Issue a 志愿服务证明 from the roster's confirmed service hours for one volunteer and period."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from certificates.actions import IssuingError
from roster.service_proof import do_issue_service_proof_from_roster


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(_("日期格式应为 YYYY-MM-DD:%(value)s") % {"value": value}) from error


class Command(BaseCommand):
    help = "按名册中已确认的服务时长,为一名志愿者开具志愿服务证明。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--start", required=True, help="服务期间开始日期 YYYY-MM-DD")
        parser.add_argument("--end", required=True, help="服务期间结束日期 YYYY-MM-DD")
        parser.add_argument("--person-in-charge", required=True, help="负责人")
        parser.add_argument("--handling-officer", required=True, help="经办人")

    def handle(self, *args, **options) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("用户不存在:%(username)s") % {"username": options["username"]})
        try:
            certificate = do_issue_service_proof_from_roster(
                user,
                _date(options["start"]),
                _date(options["end"]),
                person_in_charge=options["person_in_charge"],
                handling_officer=options["handling_officer"],
            )
        except IssuingError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{certificate.serial} {certificate.holder_name} {certificate.hours} 小时")
