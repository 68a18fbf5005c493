"""Demo accounts, one per role, for trying the site after ``make run``. Never created in production."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import ImproperlyConfigured

from .roles import COORDINATOR, SOCIAL_WORKER, VOLUNTEER

DEMO_PASSWORD = "shuanggong-demo"

DEMO_ACCOUNTS = (
    # (role, username, family name, given name, is_staff)
    (VOLUNTEER, "volunteer", "李", "小萌", False),
    (SOCIAL_WORKER, "socialworker", "王", "思远", True),
    (COORDINATOR, "coordinator", "陈", "嘉宁", True),
    (None, "admin", "系统", "管理员", True),
)


def load() -> list[tuple[str, User]]:
    """Create (or reset) the demo users; refuses to run with production settings."""
    if not settings.DEBUG and not settings.ALLOW_DEMO_ACCOUNTS:
        raise ImproperlyConfigured("演示账号只能在开发环境创建。 (Demo accounts are for development only.)")
    created = []
    for role, username, last_name, first_name, is_staff in DEMO_ACCOUNTS:
        user, _new = User.objects.get_or_create(
            username=username,
            defaults={"last_name": last_name, "first_name": first_name, "email": f"{username}@example.com"},
        )
        user.is_staff = is_staff
        user.is_superuser = role is None
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
        user.save()
        if role:
            user.groups.set([Group.objects.get(name=role)])
        created.append((role or "超级管理员", user))
    return created
