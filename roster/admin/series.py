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
from ..schedule_forms import EndSeriesForm, SeriesForm


class SeriesView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Activity)
    permission_required = "add"
    page_title = gettext_lazy("系列活动")
    header_icon = "rotate"
    template_name = "roster/admin/series.html"

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "end":
            return self.end_series(request)
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

    def end_series(self, request):
        form = EndSeriesForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请选择要结束的系列,并填写从哪天起取消(日期格式如 2026-12-01)。"))
            return redirect("roster_admin:series")
        series = form.cleaned_data["series"]
        try:
            ending = actions.do_end_series(series, form.cleaned_data["from_date"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("系列“%(name)s”已提前结束:取消 %(n)s 次活动,已通知 %(told)s 名已报名的志愿者,候补已清空。")
                % {"name": series, "n": ending.cancelled_dates, "told": ending.told},
            )
        return redirect("roster_admin:series")

    def get_context_data(self, **kwargs):
        now = timezone.now()
        series = ActivitySeries.objects.select_related("role", "social_worker").annotate(
            dates=Count("activities", distinct=True),
            upcoming=Count("activities", filter=Q(activities__starts_at__gt=now), distinct=True),
            next_start=Min("activities__starts_at", filter=Q(activities__starts_at__gt=now)),
        )
        return {
            **super().get_context_data(**kwargs),
            "form": kwargs.get("form") or SeriesForm(),
            "series_list": series,
            "today": timezone.localdate(),
        }
