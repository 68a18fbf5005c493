"""The shell every page shares reads the visitor's role, so the context processor lives with the roles."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from .roles import role_of


def site_context(request: HttpRequest) -> dict[str, object]:
    """What every page's shell needs: the hospital's name and the visitor's role."""
    user = getattr(request, "user", None)
    return {
        "hospital_name": settings.HOSPITAL_NAME,
        "user_role": role_of(user) if user is not None else None,
        "user_can_access_admin": bool(user and user.has_perm("wagtailadmin.access_admin")),
    }
