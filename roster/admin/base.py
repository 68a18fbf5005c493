"""What every roster admin screen shares: Wagtail's admin template (title, icon, breadcrumbs) and a permission."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin


class RosterScreen(WagtailAdminTemplateMixin):
    """Only users holding ``permission`` may open the screen; its title is the last breadcrumb."""

    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]
