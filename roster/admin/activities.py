"""活动与签到: activities from a week ago on; one activity's sign-ups with hand-entered times; the sign-in sheet."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions, excel, signin
from ..forms import AttendanceForm
from ..models import Activity, Signup
from .base import RosterList


class ActivityIndexView(RosterList):
    """Activities from a week ago on, soonest first: where social workers take attendance and print sheets."""

    permission_policy = ModelPermissionPolicy(Activity)
    permission_required = "view"
    page_title = gettext_lazy("活动与签到")
    header_icon = "date"
    template_name = "roster/admin/activity_index.html"

    def get_queryset(self):
        activities = Activity.objects.select_related("role").annotate(
            signed=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP))
        )
        if self.request.GET.get("all") is None:
            activities = activities.filter(ends_at__gte=timezone.now() - timedelta(days=7))
        return activities.order_by("starts_at")


class ActivityDetailView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Signup)
    permission_required = "change"
    header_icon = "date"
    template_name = "roster/admin/activity_detail.html"

    def dispatch(self, request, *args, **kwargs):
        self.activity = get_object_or_404(Activity.objects.select_related("role", "social_worker"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return str(self.activity)

    def post(self, request, pk: int):
        signup = get_object_or_404(Signup, pk=request.POST.get("signup"), activity=self.activity)
        form = AttendanceForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
            return redirect("roster_admin:activity_detail", pk)
        data = form.cleaned_data
        try:
            actions.do_record_attendance(
                signup, data["checked_in_at"], data["checked_out_at"], by=request.user, reason=data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已录入 %(name)s 的签到签退时间。") % {"name": signup.volunteer.name})
        return redirect("roster_admin:activity_detail", pk)

    def get_context_data(self, **kwargs):
        signups = self.activity.signups.select_related("volunteer", "service_record").order_by(
            "status", "volunteer__number"
        )
        return {
            **super().get_context_data(**kwargs),
            "activity": self.activity,
            "signups": signups,
            "attendance_form": AttendanceForm(),
        }


def sign_in_sheet(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if not request.user.has_perm("roster.view_activity"):
        raise PermissionDenied
    activity = get_object_or_404(Activity.objects.select_related("role", "social_worker"), pk=pk)
    name = f"sign-in-{activity.pk}-{timezone.localtime(activity.starts_at):%Y%m%d}"
    if fmt == "xlsx":
        return excel.response(excel.sign_in_sheet_workbook(activity, signin.sign_in_signups(activity)), f"{name}.xlsx")
    if fmt != "pdf":
        raise Http404
    response = HttpResponse(signin.sign_in_sheet_pdf(activity), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
