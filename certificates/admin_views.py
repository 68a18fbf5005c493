"""Admin screens for the certificate lifecycle and bulk jobs, on Wagtail's generic view mixins. Each one checks a
model permission, validates a form and calls ``actions`` or ``tasks``."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .actions import (
    IssuingError,
    do_reinstate_certificate,
    do_reissue_certificate,
    do_renew_certificate,
    do_revoke_certificate,
)
from .forms import IssueForm, PrintForm, ReissueForm, RenewForm, RevokeForm
from .models import BulkJob, Certificate, CertificateTemplate
from .rendering import render_sample_pdf
from .tasks import create_issue_job, create_print_job, start_job
from .verification import expiring_soon_days


class Screen(AdminScreen):
    """A page of the 证书 menu, on certificates' model permissions (certificates are read-only in the generic snippet
    views and change only here, through ``actions``)."""

    permission_policy = ModelPermissionPolicy(Certificate)


class TemplateSampleView(PermissionCheckedMixin, View):
    """A sample PDF of the template, as it would print, opened in the browser."""

    permission_policy = ModelPermissionPolicy(CertificateTemplate)
    permission_required = "view"

    def get(self, request, pk: int) -> HttpResponse:
        template = get_object_or_404(CertificateTemplate, pk=pk)
        response = HttpResponse(render_sample_pdf(template), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="sample.pdf"'
        return response


def _certificate_list_url() -> str:
    return reverse("wagtailsnippets_certificates_certificate:list")


class CertificateActionView(Screen, TemplateView):
    """Revoke / reinstate / correct-and-reissue / renew one certificate."""

    permission_required = "change"
    header_icon = "doc-full"
    template_name = "certificates/admin/certificate_action.html"
    forms = {"revoke": RevokeForm, "reissue": ReissueForm, "renew": RenewForm, "reinstate": None}
    titles = {
        "revoke": gettext_lazy("撤销证书"),
        "reinstate": gettext_lazy("恢复证书"),
        "reissue": gettext_lazy("更正姓名并重发"),
        "renew": gettext_lazy("续期"),
    }

    @cached_property
    def action(self) -> str:
        if self.kwargs["action"] not in self.forms:
            raise Http404
        return self.kwargs["action"]

    @cached_property
    def certificate(self) -> Certificate:
        return get_object_or_404(Certificate.objects.select_related("template"), pk=self.kwargs["pk"])

    @cached_property
    def form(self):
        form_class = self.forms[self.action]
        initial = {"holder_name": self.certificate.holder_name, "issued_on": timezone.localdate()}
        return form_class(self.request.POST or None, initial=initial) if form_class else None

    def get_page_title(self) -> str:
        return str(self.titles[self.action])

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "certificate": self.certificate,
            "form": self.form,
            "action": self.action,
        }

    def post(self, request, *args, **kwargs):
        if self.form is not None and not self.form.is_valid():
            return self.get(request, *args, **kwargs)
        data = self.form.cleaned_data if self.form else {}
        certificate = self.certificate
        try:
            if self.action == "revoke":
                do_revoke_certificate(certificate, by=request.user, reason=data["reason"])
                messages.success(request, _("证书 %(serial)s 已撤销。") % {"serial": certificate.serial})
            elif self.action == "reinstate":
                do_reinstate_certificate(certificate, by=request.user)
                messages.success(request, _("证书 %(serial)s 已恢复有效。") % {"serial": certificate.serial})
            elif self.action == "reissue":
                new = do_reissue_certificate(
                    certificate, by=request.user, holder_name=data["holder_name"], note=data["note"]
                )
                messages.success(request, _("已重发新证书 %(serial)s,原证书已标记为被替换。") % {"serial": new.serial})
            else:
                new = do_renew_certificate(certificate, by=request.user, issued_on=data["issued_on"])
                messages.success(request, _("已续发新证书 %(serial)s。") % {"serial": new.serial})
        except (IssuingError, ValueError) as error:
            messages.error(request, str(error))
        return redirect(_certificate_list_url())


class FormScreen(Screen, FormView):
    template_name = "certificates/admin/form.html"
    header_icon = "doc-full"
    submit = ""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "submit": self.submit}


class IssueView(FormScreen):
    permission_required = "add"
    page_title = gettext_lazy("颁发证书")
    submit = gettext_lazy("开始颁发")
    form_class = IssueForm

    def get_initial(self) -> dict:
        return {"rule": self.request.GET.get("rule")}

    def form_valid(self, form):
        holders = [user.pk for user in form.cleaned_data["holders"]]
        job = start_job(create_issue_job(form.cleaned_data["rule"], holders, created_by=self.request.user))
        return redirect("certificates_jobs:detail", pk=job.pk)


class PrintView(FormScreen):
    permission_required = "view"
    page_title = gettext_lazy("打印证书")
    submit = gettext_lazy("生成合并 PDF")
    form_class = PrintForm

    def get_initial(self) -> dict:
        return {"serials": self.request.GET.get("serials", "")}

    def form_valid(self, form):
        job = create_print_job(
            form.cleaned_data["certificate_ids"], created_by=self.request.user, rule=form.cleaned_data.get("rule")
        )
        return redirect("certificates_jobs:detail", pk=start_job(job).pk)


class JobListView(Screen, TemplateView):
    permission_policy = ModelPermissionPolicy(BulkJob)
    permission_required = "view"
    page_title = gettext_lazy("批量任务")
    header_icon = "tasks"
    template_name = "certificates/admin/job_list.html"

    def get_context_data(self, **kwargs):
        jobs = BulkJob.objects.select_related("rule__template", "created_by")[:100]
        return {**super().get_context_data(**kwargs), "jobs": jobs}


class JobDetailView(Screen, TemplateView):
    """A job's progress; posting resumes it where it stopped (issuing never issues twice)."""

    permission_policy = ModelPermissionPolicy(BulkJob)
    permission_required = "view"
    header_icon = "tasks"
    template_name = "certificates/admin/job_detail.html"

    @cached_property
    def job(self) -> BulkJob:
        return get_object_or_404(BulkJob, pk=self.kwargs["pk"])

    def get_page_title(self) -> str:
        return str(self.job)

    def get_context_data(self, **kwargs):
        running = self.job.state in (BulkJob.State.QUEUED, BulkJob.State.RUNNING)
        return {**super().get_context_data(**kwargs), "job": self.job, "running": running}

    def post(self, request, *args, **kwargs):
        if not self.user_has_permission("change"):
            raise PermissionDenied
        start_job(self.job)
        messages.success(request, _("任务已重新排队,将从中断处继续。"))
        return redirect("certificates_jobs:detail", pk=self.job.pk)


class JobOutputView(PermissionCheckedMixin, View):
    permission_policy = ModelPermissionPolicy(BulkJob)
    permission_required = "view"

    def get(self, request, pk: int) -> FileResponse:
        job = get_object_or_404(BulkJob, pk=pk)
        if not job.output:
            raise Http404
        return FileResponse(job.output.open("rb"), as_attachment=True, filename=f"certificates-job-{job.pk}.pdf")


class ExpiringView(Screen, TemplateView):
    """Certificates that expire within the warning period, and those expired in the last 90 days (not renewed)."""

    permission_required = "view"
    page_title = gettext_lazy("即将到期的证书")
    header_icon = "time"
    template_name = "certificates/admin/expiring.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        days = expiring_soon_days()
        soon = Certificate.objects.expiring_between(today, today + datetime.timedelta(days=days))
        expired = Certificate.objects.expiring_between(
            today - datetime.timedelta(days=90), today - datetime.timedelta(1)
        )
        return {
            **super().get_context_data(**kwargs),
            "soon": soon.select_related("template").order_by("valid_until"),
            "expired": expired.select_related("template").order_by("-valid_until"),
            "days": days,
        }
