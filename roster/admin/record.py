"""The record's work screens: 全国系统录入 (export and 「已录入全国系统」 marks), 逾期未录入 (the 10-working-day
deadline) and 保险与健康到期 (cover ending within 30 days, health checks nearing expiry)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions, credentials, deadlines, excel, national
from ..models import ServiceRecord, Volunteer
from ..record_forms import NationalExportForm


def _period_form(request: HttpRequest) -> NationalExportForm:
    today = timezone.localdate()
    return NationalExportForm(
        request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today, "number": ""}
    )


class NationalEntryView(AdminScreen, TemplateView):
    """Choose a period (and a volunteer); download the workbook; tick what has been entered into the national
    system and mark it."""

    permission_policy = ModelPermissionPolicy(ServiceRecord)
    permission_required = "change"
    page_title = gettext_lazy("全国系统录入")
    header_icon = "upload"
    template_name = "roster/admin/national_entry.html"

    def get_context_data(self, **kwargs):
        form = _period_form(self.request)
        context = {**super().get_context_data(**kwargs), "form": form}
        if form.is_bound and form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            pending = national.not_entered(start, end, form.volunteers())
            context.update(records=pending[:500], not_entered_count=pending.count(), query=self.request.GET.urlencode())
        return context

    def post(self, request, *args, **kwargs):
        pks = request.POST.getlist("record")
        if not pks:
            messages.error(request, _("请先勾选已录入全国系统的服务记录。"))
            return redirect(request.get_full_path())
        records = list(ServiceRecord.objects.filter(pk__in=pks))
        try:
            marked = actions.do_mark_national_entered(records, request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已标记 %(count)s 条记录为“已录入全国系统”。") % {"count": marked})
        return redirect(request.get_full_path())


def national_export(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("roster.view_servicerecord"):
        raise PermissionDenied
    form = _period_form(request)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("roster_admin:national_entry")
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    suffix = f"-{form.cleaned_data['number']}" if form.cleaned_data["number"] else ""
    return excel.response(
        national.national_workbook(form.volunteers(), start, end),
        f"national-record{suffix}-{start:%Y%m%d}-{end:%Y%m%d}.xlsx",
    )


class OverdueEntriesView(AdminScreen, TemplateView):
    """Service records still waiting to be entered, with the 办法 第十一条 deadline: overdue first."""

    permission_policy = ModelPermissionPolicy(ServiceRecord)
    permission_required = "change"
    page_title = gettext_lazy("逾期未录入的服务记录")
    header_icon = "warning"
    template_name = "roster/admin/overdue_entries.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        rows = deadlines.pending_with_deadlines(today)
        shown = [row for row in rows if row.overdue or row.due_soon]
        return {
            **super().get_context_data(**kwargs),
            "rows": shown,
            "overdue_count": sum(row.overdue for row in rows),
            "late_evaluations": deadlines.late_evaluations(today.replace(month=1, day=1), today),
            "today": today,
        }


class ExpiringCoverView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Volunteer)
    permission_required = "view"
    page_title = gettext_lazy("保险与健康核验到期提醒")
    header_icon = "warning"
    template_name = "roster/admin/expiring_cover.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "insurance": credentials.expiring_insurance(today),
            "health": credentials.expiring_health(today),
            "days": credentials.INSURANCE_WARNING_DAYS,
        }
