"""系列活动: a recurring activity ("every Tuesday morning at 门诊大厅") created as one series of dated activities."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Min, Q
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions
from ..models import Activity, ActivitySeries
from ..schedule_forms import SeriesForm


class SeriesView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Activity)
    permission_required = "add"
    page_title = gettext_lazy("系列活动")
    header_icon = "rotate"
    template_name = "roster/admin/series.html"

    def post(self, request, *args, **kwargs):
        form = SeriesForm(request.POST)
        if form.is_valid():
            try:
                series = actions.do_create_series(actions.SeriesSpec(**form.cleaned_data), by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("已创建系列“%(name)s”,共 %(n)s 次活动。") % {"name": series, "n": series.activities.count()},
                )
                return redirect("roster_admin:series")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        now = timezone.now()
        series = ActivitySeries.objects.select_related("role", "social_worker").annotate(
            dates=Count("activities", distinct=True),
            upcoming=Count("activities", filter=Q(activities__starts_at__gt=now), distinct=True),
            next_start=Min("activities__starts_at", filter=Q(activities__starts_at__gt=now)),
        )
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or SeriesForm(), "series_list": series}
