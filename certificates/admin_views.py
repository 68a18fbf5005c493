"""Admin views for the certificate lifecycle and bulk jobs. Each one validates a form and calls actions/tasks."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(f"certificates.{permission}"):
        raise PermissionDenied


def _page(request, template: str, title: str, context: dict, icon: str = "doc-full") -> HttpResponse:
    return render(request, template, {"page_title": title, "header_icon": icon, **context})


def template_sample(request: HttpRequest, pk: int) -> HttpResponse:
    """A sample PDF of the template, as it would print, opened in the browser."""
    _require(request, "view_certificatetemplate")
    template = get_object_or_404(CertificateTemplate, pk=pk)
    response = HttpResponse(render_sample_pdf(template), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="sample.pdf"'
    return response


def _certificate_list_url() -> str:
    return reverse("wagtailsnippets_certificates_certificate:list")


def certificate_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Revoke / reinstate / correct-and-reissue / renew one certificate."""
    _require(request, "change_certificate")
    certificate = get_object_or_404(Certificate.objects.select_related("template"), pk=pk)
    forms = {"revoke": RevokeForm, "reissue": ReissueForm, "renew": RenewForm, "reinstate": None}
    if action not in forms:
        raise Http404
    form_class = forms[action]
    initial = {"holder_name": certificate.holder_name, "issued_on": timezone.localdate()}
    form = form_class(request.POST or None, initial=initial) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        data = form.cleaned_data if form else {}
        try:
            if action == "revoke":
                do_revoke_certificate(certificate, by=request.user, reason=data["reason"])
                messages.success(request, _("证书 %(serial)s 已撤销。") % {"serial": certificate.serial})
            elif action == "reinstate":
                do_reinstate_certificate(certificate, by=request.user)
                messages.success(request, _("证书 %(serial)s 已恢复有效。") % {"serial": certificate.serial})
            elif action == "reissue":
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
    titles = {"revoke": _("撤销证书"), "reinstate": _("恢复证书"), "reissue": _("更正姓名并重发"), "renew": _("续期")}
    return _page(
        request,
        "certificates/admin/certificate_action.html",
        titles[action],
        {"certificate": certificate, "form": form, "action": action},
    )


def issue(request: HttpRequest) -> HttpResponse:
    _require(request, "add_certificate")
    form = IssueForm(request.POST or None, initial={"rule": request.GET.get("rule")})
    if request.method == "POST" and form.is_valid():
        job = create_issue_job(
            form.cleaned_data["rule"], [user.pk for user in form.cleaned_data["holders"]], created_by=request.user
        )
        start_job(job)
        return redirect("certificates_jobs:detail", pk=job.pk)
    return _page(request, "certificates/admin/form.html", _("颁发证书"), {"form": form, "submit": _("开始颁发")})


def print_certificates(request: HttpRequest) -> HttpResponse:
    _require(request, "view_certificate")
    form = PrintForm(request.POST or None, initial={"serials": request.GET.get("serials", "")})
    if request.method == "POST" and form.is_valid():
        job = create_print_job(
            form.cleaned_data["certificate_ids"], created_by=request.user, rule=form.cleaned_data.get("rule")
        )
        start_job(job)
        return redirect("certificates_jobs:detail", pk=job.pk)
    return _page(request, "certificates/admin/form.html", _("打印证书"), {"form": form, "submit": _("生成合并 PDF")})


def job_list(request: HttpRequest) -> HttpResponse:
    _require(request, "view_bulkjob")
    jobs = BulkJob.objects.select_related("rule__template", "created_by")[:100]
    return _page(request, "certificates/admin/job_list.html", _("批量任务"), {"jobs": jobs}, icon="tasks")


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require(request, "view_bulkjob")
    job = get_object_or_404(BulkJob, pk=pk)
    if request.method == "POST":
        _require(request, "change_bulkjob")
        start_job(job)
        messages.success(request, _("任务已重新排队,将从中断处继续。"))
        return redirect("certificates_jobs:detail", pk=job.pk)
    running = job.state in (BulkJob.State.QUEUED, BulkJob.State.RUNNING)
    return _page(
        request, "certificates/admin/job_detail.html", str(job), {"job": job, "running": running}, icon="tasks"
    )


def job_output(request: HttpRequest, pk: int) -> FileResponse:
    _require(request, "view_bulkjob")
    job = get_object_or_404(BulkJob, pk=pk)
    if not job.output:
        raise Http404
    return FileResponse(job.output.open("rb"), as_attachment=True, filename=f"certificates-job-{job.pk}.pdf")


def expiring(request: HttpRequest) -> HttpResponse:
    """Certificates that expire within the warning period, and those expired in the last 90 days (not renewed)."""
    _require(request, "view_certificate")
    today = timezone.localdate()
    soon = Certificate.objects.expiring_between(today, today + datetime.timedelta(days=expiring_soon_days()))
    expired = Certificate.objects.expiring_between(today - datetime.timedelta(days=90), today - datetime.timedelta(1))
    context = {
        "soon": soon.select_related("template").order_by("valid_until"),
        "expired": expired.select_related("template").order_by("-valid_until"),
        "days": expiring_soon_days(),
    }
    return _page(request, "certificates/admin/expiring.html", _("即将到期的证书"), context, icon="time")
