"""Load the Chinese demo content of every app and the demo accounts; running it twice changes nothing."""

from __future__ import annotations

from django.apps import apps
from django.core.management import BaseCommand, call_command
from django.utils.module_loading import import_string

from accounts.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.roles import ROLE_LABELS


class Command(BaseCommand):
    help = "载入中文演示内容与演示账号(可重复运行)。Load the Chinese demo content and demo accounts."

    def handle(self, *args, **options) -> None:
        # Each app names its loader in its AppConfig (``demo_loader``), so accounts, at the bottom of the layers,
        # imports none of the apps above it; they load in INSTALLED_APPS order.
        for config in apps.get_app_configs():
            loader = getattr(config, "demo_loader", "")
            if loader:
                import_string(loader)()
                self.stdout.write(f"  demo content loaded: {config.label}")
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS(f"演示账号 / demo logins (password 密码: {DEMO_PASSWORD}):"))
        for role, username, *_rest in DEMO_ACCOUNTS:
            label = ROLE_LABELS.get(role, "超级管理员 / superuser")
            self.stdout.write(f"  {username:<14} {label}")
