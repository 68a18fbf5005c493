"""删除个人信息申请: volunteers who asked for erasure; confirming anonymises them and keeps the service totals."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import privacy
from ..models import Volunteer


class ErasureQueueView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Volunteer)
    permission_required = "change"
    page_title = gettext_lazy("删除个人信息申请")
    header_icon = "bin"
    template_name = "roster/admin/erasure_queue.html"

    def post(self, request, *args, **kwargs):
        volunteer = get_object_or_404(Volunteer, pk=request.POST.get("volunteer"), erasure_requested_at__isnull=False)
        privacy.do_anonymise(volunteer, request.user)
        messages.success(request, _("已匿名化处理,服务时长统计保留。"))
        return redirect("roster_admin:erasure_queue")

    def get_context_data(self, **kwargs):
        requested = Volunteer.objects.filter(erasure_requested_at__isnull=False, anonymised_at__isnull=True).annotate(
            records=Count("service_records")
        )
        return {**super().get_context_data(**kwargs), "volunteers": requested}
