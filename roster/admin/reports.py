"""数据看板 and 服务报表: figures for the programme and for a hospital's service contract, on screen and in Excel."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import charts, deadlines, excel, reports, scheduling
from ..forms import DateRangeForm
from ..models import ServiceRecord


class DashboardView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(ServiceRecord)
    permission_required = "view"
    page_title = gettext_lazy("志愿服务数据看板")
    header_icon = "table"
    template_name = "roster/admin/dashboard.html"

    def get_context_data(self, **kwargs):
        data = reports.dashboard()
        cohort_rates = [(cohort, round(100 * done / total) if total else 0) for cohort, total, done in data["cohorts"]]
        departments = [(name, hours) for name, hours, _visits in data["hours_by_department"]]
        quiz_rates = [(course, round(rate * 100)) for course, rate in data["quiz_pass_rates"]]
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            **data,
            "late_entries": deadlines.late_entry_count(today.replace(month=1, day=1), today, today),
            "late_evaluations": deadlines.late_evaluation_count(today.replace(month=1, day=1), today),
            "overdue_pending": sum(row.overdue for row in deadlines.pending_with_deadlines(today)),
            "cohort_rates": cohort_rates,
            "funnel_chart": charts.bar_chart(data["funnel"], _("招募漏斗"), _("人")),
            "cohort_chart": charts.bar_chart(cohort_rates, _("各批次培训完成率"), "%"),
            "month_chart": charts.bar_chart(data["hours_by_month"], _("每月服务时长"), _("小时")),
            "department_chart": charts.bar_chart(departments, _("各科室服务时长"), _("小时")),
            "star_chart": charts.bar_chart(data["stars"], _("星级分布"), _("人")),
            "quiz_chart": charts.bar_chart(quiz_rates, _("测验通过率"), "%") if quiz_rates else None,
            # scheduling (issue 16 part B)
            "attendance": scheduling.attendance_rates(since=timezone.localdate() - timedelta(days=180)),
            "inactive_count": scheduling.inactive_volunteers().count(),
        }


class ReportView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(ServiceRecord)
    permission_required = "view"
    page_title = gettext_lazy("服务报表")
    header_icon = "doc-full"
    template_name = "roster/admin/report.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        form = DateRangeForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
        if not (form.is_bound and form.is_valid()):
            return self.render_to_response(self.get_context_data(form=form))
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
        figures = reports.contract_figures(start, end)
        departments = reports.hours_by_department(start, end, limit=1000)
        months = [
            (month, hours)
            for month, hours in reports.hours_by_month(months=120, today=end)
            if month >= f"{start:%Y-%m}"
        ]
        if request.GET.get("download"):
            workbook = excel.report_workbook(figures, departments, months)
            return excel.response(workbook, f"volunteer-report-{start:%Y%m%d}-{end:%Y%m%d}.xlsx")
        return self.render_to_response(
            self.get_context_data(
                form=form, figures=figures.rows(), departments=departments, query=request.GET.urlencode()
            )
        )
