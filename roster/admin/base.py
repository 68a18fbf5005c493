"""The roster's lists: an admin screen (``accounts.admin_screens.AdminScreen``) with a paginator shown in Wagtail's
own pagination bar."""

from __future__ import annotations

from django.views.generic import ListView

from accounts.admin_screens import AdminScreen

PAGE_SIZE = 50


class RosterList(AdminScreen, ListView):
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
