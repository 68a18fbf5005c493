from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("账户与角色")
    # Run by ``manage.py load_demo`` (accounts), which finds it here instead of importing the app.
    demo_loader = "accounts.demo.load"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.contrib.auth.models import User
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from config import (
            checks,  # noqa: F401 - registers config.E001 (the SQLite folder exists)
            translation_catalog,
        )
        from config.page_cache import invalidate_page_cache

        from .names import display_name, full_name
        from .roles import sync_role_permissions_after_migrate

        # Family name first wherever Django, Wagtail's admin (get_user_display_name) or the audit log show a name.
        User.get_full_name = full_name
        # gettext answers from one flat catalogue per language instead of walking ~13 fallback catalogues.
        translation_catalog.install()
        # And wherever a user is formatted into a message, a list column or a record's name: 李小萌, not
        # xiaomeng or SG2026-0001 (the username where no name is known).
        User.__str__ = display_name

        # After every migrate, so that models added by later migrations get their role permissions too.
        post_migrate.connect(sync_role_permissions_after_migrate, dispatch_uid="accounts.sync_role_permissions")
        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(invalidate_page_cache, dispatch_uid=f"page_cache.{signal}")
        post_delete.connect(invalidate_page_cache, sender=Page, dispatch_uid="page_cache.page_deleted")
        # A section made private must vanish from anonymous visitors at once: its pages and the search results
        # listing them were cached while they were public. A Site changed (its root, host, port) changes which pages
        # a host serves and every link on them.
        for signal in (post_save, post_delete):
            for sender in (PageViewRestriction, Site):
                signal.connect(
                    invalidate_page_cache, sender=sender, dispatch_uid=f"page_cache.{sender.__name__}.{signal}"
                )
