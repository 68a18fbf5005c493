"""The three roles of the platform and the permissions each one holds.

Groups are created by ``accounts/migrations/0001_role_groups.py``; their permissions are (re)applied after
every ``migrate`` by ``sync_role_permissions`` so that models added by later migrations are covered without
another data migration. The rules below are the single place where a role's rights are decided.
"""

from __future__ import annotations

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import DEFAULT_DB_ALIAS
from django.utils.translation import gettext_lazy as _

VOLUNTEER = "志愿者"
SOCIAL_WORKER = "医务社工"
COORDINATOR = "协调员"
ROLE_NAMES = (VOLUNTEER, SOCIAL_WORKER, COORDINATOR)
# Group names are stored in Chinese; these labels translate them for display.
ROLE_LABELS = {VOLUNTEER: _("志愿者"), SOCIAL_WORKER: _("医务社工"), COORDINATOR: _("协调员")}

# The apps whose models social workers manage in the admin.
DOMAIN_APPS = ("kb", "courses", "roster", "certificates", "onboarding", "activities")

# Model permissions as "app_label.codename"; "app_label.*" is every permission of the app and
# "app_label.view_*" every view permission. Volunteers work on the public site and in "我的" only.
ROLE_MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    VOLUNTEER: (),
    SOCIAL_WORKER: (
        "wagtailadmin.access_admin",
        *(f"{app}.*" for app in DOMAIN_APPS),
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "taggit.add_tag",
        "taggit.view_tag",
    ),
    COORDINATOR: (
        "wagtailadmin.access_admin",
        *(f"{app}.*" for app in DOMAIN_APPS),
        "wagtailimages.*",
        "wagtaildocs.*",
        "taggit.*",
        "auth.add_user",
        "auth.change_user",
        "auth.view_user",
        "auth.view_group",
        "wagtailcore.add_workflow",
        "wagtailcore.change_workflow",
        "wagtailcore.add_task",
        "wagtailcore.change_task",
        "auditlog.view_logentry",
    ),
}

# Page permissions on the whole page tree. Social workers write and submit; coordinators also publish.
ROLE_PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    VOLUNTEER: (),
    SOCIAL_WORKER: ("add_page", "change_page", "lock_page", "unlock_page"),
    COORDINATOR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page", "bulk_delete_page"),
}

# Collection permissions (images and documents) on the root collection.
ROLE_COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    VOLUNTEER: (),
    SOCIAL_WORKER: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ),
    COORDINATOR: (
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtailimages.delete_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
        "wagtaildocs.delete_document",
    ),
}


def permissions_matching(rules: tuple[str, ...], using: str = DEFAULT_DB_ALIAS) -> list[Permission]:
    """Expand ``app.codename`` / ``app.*`` / ``app.view_*`` rules into Permission rows."""
    found: dict[int, Permission] = {}
    all_permissions = Permission.objects.using(using).select_related("content_type")
    for rule in rules:
        app_label, codename = rule.split(".", 1)
        candidates = all_permissions.filter(content_type__app_label=app_label)
        if codename.endswith("*"):
            candidates = candidates.filter(codename__startswith=codename[:-1])
        else:
            candidates = candidates.filter(codename=codename)
        found.update((permission.pk, permission) for permission in candidates)
    return list(found.values())


def sync_role_permissions(using: str = DEFAULT_DB_ALIAS) -> None:
    """Give each role group exactly the permissions the rules above grant it."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    for name in ROLE_NAMES:
        group, _created = Group.objects.using(using).get_or_create(name=name)
        group.permissions.set(permissions_matching(ROLE_MODEL_PERMISSIONS[name], using))
        if root_page is not None:
            wanted = ROLE_PAGE_PERMISSIONS[name]
            GroupPagePermission.objects.using(using).filter(group=group).exclude(
                permission__codename__in=wanted
            ).delete()
            for codename in wanted:
                permission = Permission.objects.using(using).get(
                    content_type__app_label="wagtailcore", codename=codename
                )
                GroupPagePermission.objects.using(using).get_or_create(
                    group=group, page=root_page, permission=permission
                )
        if root_collection is not None:
            wanted_permissions = permissions_matching(ROLE_COLLECTION_PERMISSIONS[name], using)
            GroupCollectionPermission.objects.using(using).filter(group=group).exclude(
                permission__in=wanted_permissions
            ).delete()
            for permission in wanted_permissions:
                GroupCollectionPermission.objects.using(using).get_or_create(
                    group=group, collection=root_collection, permission=permission
                )


def sync_role_permissions_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate receiver: acts once per migrate, for the last app that has models (signals go in order)."""
    apps_with_models = [config for config in global_apps.get_app_configs() if config.models_module is not None]
    if sender is not apps_with_models[-1]:
        return
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    sync_role_permissions(using)


def role_of(user) -> str | None:
    """The user's role name, the most senior one if they hold several; None for anonymous users."""
    if not user.is_authenticated:
        return None
    names = set(user.groups.values_list("name", flat=True))
    for name in (COORDINATOR, SOCIAL_WORKER, VOLUNTEER):
        if name in names:
            return name
    return None
