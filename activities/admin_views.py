"""公益活动工作台: the sign-in list of each activity (tick or scan), its 签到表, and the contract dashboard."""

from __future__ import annotations

import io
from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy

from accounts.admin_screens import AdminScreen

from . import actions, queries, sheets
from .forms import RepeatForm, TallyForm
from .models import ActivityPage, ContractPeriod, Registration

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(workbook, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class SignInIndexView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Registration)
    permission_required = "change"
    page_title = gettext_lazy("公益活动签到")
    header_icon = "date"
    template_name = "activities/admin/sign_in_index.html"

    def get_context_data(self, **kwargs):
        since = timezone.now() - timedelta(days=30)
        activities = (
            ActivityPage.objects.filter(ends_at__gte=since)
            .annotate(
                confirmed=Sum("registrations__people", filter=Q(registrations__status=Registration.Status.CONFIRMED)),
                waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED)),
                signed=Count("registrations", filter=Q(registrations__signed_in_at__isnull=False)),
            )
            .order_by("starts_at")
        )
        return {**super().get_context_data(**kwargs), "activities": activities}


class SignInListView(AdminScreen, TemplateView):
    """One activity's list: tick who came; print the sheet; after the activity, send the feedback links."""

    permission_policy = ModelPermissionPolicy(Registration)
    permission_required = "change"
    header_icon = "tick"
    template_name = "activities/admin/sign_in_list.html"

    def dispatch(self, request, *args, **kwargs):
        self.activity = get_object_or_404(ActivityPage, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("签到:%(title)s") % {"title": self.activity.title}

    def post(self, request, pk: int):
        try:
            if request.POST.get("send_feedback"):
                sent = actions.do_send_feedback_links(self.activity)
                messages.success(request, _("已发送 %(n)d 份反馈链接。") % {"n": sent})
            else:
                registration = get_object_or_404(
                    Registration, pk=request.POST.get("registration"), activity=self.activity
                )
                if request.POST.get("undo"):
                    actions.do_undo_sign_in(registration)
                    messages.success(request, _("已撤销 %(name)s 的签到。") % {"name": registration.salutation})
                else:
                    actions.do_sign_in(registration)
                    messages.success(request, _("%(name)s 已签到。") % {"name": registration.salutation})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("activities_admin:sign_in_list", pk)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "activity": self.activity,
            "registrations": queries.sign_in_list(self.activity),
            "places_taken": queries.places_taken(self.activity),
            "feedback": queries.feedback_by_question(self.activity),
            "comments": queries.comments(self.activity),
            "ended": self.activity.is_past,
        }


class QrSignInView(AdminScreen, TemplateView):
    """Where the participant's QR code leads a social worker's phone: who it is, and one button to sign them in."""

    permission_policy = ModelPermissionPolicy(Registration)
    permission_required = "change"
    page_title = gettext_lazy("扫码签到")
    header_icon = "tick"
    template_name = "activities/admin/qr_sign_in.html"

    def dispatch(self, request, *args, **kwargs):
        registration = queries.registration_by_token(kwargs["token"])
        if registration is None:
            raise Http404
        self.registration = registration
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, token: str):
        try:
            actions.do_sign_in(self.registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s 已签到。") % {"name": self.registration.salutation})
        return redirect("activities_admin:sign_in_list", self.registration.activity_id)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "registration": self.registration}


def sign_in_sheet(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if not request.user.has_perm("activities.view_registration"):
        raise PermissionDenied
    activity = get_object_or_404(ActivityPage, pk=pk)
    name = f"sign-in-{activity.pk}-{timezone.localtime(activity.starts_at):%Y%m%d}"
    if fmt == "xlsx":
        return _xlsx(sheets.sign_in_workbook(activity), f"{name}.xlsx")
    if fmt != "pdf":
        raise Http404
    response = HttpResponse(sheets.sign_in_pdf(activity), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


class ContractDashboardView(AdminScreen, TemplateView):
    """Each indicator of a contract period against its target, the evidence behind each count, satisfaction."""

    permission_policy = ModelPermissionPolicy(ContractPeriod)
    permission_required = "view"
    page_title = gettext_lazy("服务合同指标看板")
    header_icon = "table"
    template_name = "activities/admin/contract_dashboard.html"

    def _period(self) -> ContractPeriod | None:
        chosen = self.request.GET.get("period", "")
        if chosen.isdigit():
            return ContractPeriod.objects.filter(pk=chosen).first() or queries.current_period()
        return queries.current_period()

    def get(self, request, *args, **kwargs):
        period = self._period()
        if period and request.GET.get("download"):
            progress = queries.contract_progress(period)
            feedback = queries.feedback_by_kind(period.starts_on, period.ends_on)
            return _xlsx(sheets.contract_workbook(period, progress, feedback), f"contract-{period.pk}.xlsx")
        return self.render_to_response(
            self.get_context_data(period=period, tally_form=TallyForm(initial={"date": timezone.localdate()}))
        )

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm("activities.add_tally"):
            raise PermissionDenied
        form = TallyForm(request.POST)
        period = self._period()
        if form.is_valid():
            try:
                actions.do_record_tally(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("已登记。"))
                return redirect(f"{request.path}?period={period.pk}" if period else request.path)
        else:
            messages.error(request, _("请检查登记内容:") + " ".join(e for errs in form.errors.values() for e in errs))
        return self.render_to_response(self.get_context_data(period=period, tally_form=form), status=400)

    def get_context_data(self, period: ContractPeriod | None = None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            period=period,
            periods=ContractPeriod.objects.all(),
            progress=queries.contract_progress(period) if period else [],
            feedback_kinds=queries.feedback_by_kind(period.starts_on, period.ends_on) if period else [],
            feedback_activities=queries.feedback_by_activity(
                ActivityPage.objects.filter(starts_at__date__gte=period.starts_on, starts_at__date__lte=period.ends_on)
            )
            if period
            else [],
            no_period=queries.no_period_message(),
        )
        return context


class RepeatActivityView(AdminScreen, TemplateView):
    """按周期复制: the other dates of a series from one activity page, published or drafts as the original is."""

    permission_policy = PagePermissionPolicy()
    permission_required = "add"
    header_icon = "copy"
    template_name = "activities/admin/repeat.html"

    def dispatch(self, request, *args, **kwargs):
        self.activity = get_object_or_404(ActivityPage, pk=kwargs["pk"])
        if not actions.may_repeat(self.activity, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("按周期复制:%(title)s") % {"title": self.activity.title}

    def post(self, request, pk: int):
        form = RepeatForm(request.POST)
        if form.is_valid():
            try:
                copies = actions.do_repeat_activity(
                    self.activity,
                    every_days=form.cleaned_data["every_days"],
                    times=form.cleaned_data["times"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                state = _("已发布") if self.activity.live else _("草稿")
                messages.success(
                    request,
                    _("已复制 %(n)d 次活动(%(state)s),同属系列“%(series)s”。")
                    % {"n": len(copies), "state": state, "series": copies[0].series},
                )
                return redirect("wagtailadmin_explore", self.activity.get_parent().pk)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", RepeatForm())
        context["activity"] = self.activity
        context["series"] = queries.series_dates(self.activity)
        return context
