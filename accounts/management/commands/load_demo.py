"""Load the Chinese demo content of every app and the demo accounts; running it twice changes nothing."""

from __future__ import annotations

import importlib

from django.conf import settings
from django.core.management import BaseCommand, call_command

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.roles import ROLE_LABELS


class Command(BaseCommand):
    help = "载入中文演示内容与演示账号(可重复运行)。Load the Chinese demo content and demo accounts."

    def handle(self, *args, **options) -> None:
        for app_label in settings.LOCAL_APPS:
            try:
                demo = importlib.import_module(f"{app_label}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{app_label}.demo":
                    raise
                continue
            demo.load()
            self.stdout.write(f"  demo content loaded: {app_label}")
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"演示账号 / demo logins (password 密码: {DEMO_PASSWORD}):"))
        for role, username, *_rest in DEMO_ACCOUNTS:
            label = ROLE_LABELS.get(role, "超级管理员 / superuser")
            self.stdout.write(f"  {username:<14} {label}")
