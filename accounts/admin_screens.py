"""The one way an admin screen of this project is built: Wagtail's admin template and Wagtail's permission check.

Each screen names the model permission it needs, as Wagtail's generic views do: ``permission_policy`` (a
``ModelPermissionPolicy`` of the model whose records the screen changes or shows — not a snippet's read-only
policy: these screens are where records change, through the apps' actions) and ``permission_required`` (the
action: "view", "add", "change"). A screen that names no policy is refused to everyone rather than opened to all.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies.base import BasePermissionPolicy


class AdminScreen(PermissionCheckedMixin, WagtailAdminTemplateMixin):
    """Title, icon and breadcrumbs (ending in the page title) from Wagtail; the model permission it needs."""

    permission_policy: BasePermissionPolicy | None = None
    permission_required = "view"

    def dispatch(self, request, *args: Any, **kwargs: Any):
        if self.permission_policy is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, str]]:
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]
