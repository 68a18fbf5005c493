from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户与角色")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .roles import sync_role_permissions_after_migrate

        # After every migrate, so that models added by later migrations get their role permissions too.
        post_migrate.connect(sync_role_permissions_after_migrate, dispatch_uid="accounts.sync_role_permissions")
