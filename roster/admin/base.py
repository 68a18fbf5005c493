"""What every roster admin screen shares: Wagtail's admin template (title, icon, breadcrumbs), a permission, and
for lists a paginator shown with Wagtail's own pagination bar."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.views.generic import ListView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

PAGE_SIZE = 50


class RosterScreen(WagtailAdminTemplateMixin):
    """Only users holding ``permission`` may open the screen; its title is the last breadcrumb and the page title."""

    permission = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.get_page_title()}]


class RosterList(RosterScreen, ListView):
    """A paginated list (``?p=2``); filters other than the page are kept in the page links."""

    paginate_by = PAGE_SIZE
    page_kwarg = "p"

    def paginate_queryset(self, queryset, page_size):
        """Like ``Paginator.get_page``: a page number out of range shows the last page rather than a 404."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["page"] = page = context["page_obj"]
        context["elided_page_range"] = page.paginator.get_elided_page_range(page.number)
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        context["query"] = query.urlencode()
        return context
