"""Public verification pages and the holder's download. Thin: the rules live in verification.py and issuing.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from .forms import VerifyForm
from .models import Certificate, CertificateEvent, VerificationLog
from .verification import (
    STATUS_LABELS,
    certificate_public_status,
    mask_name,
    verify_by_code,
    verify_by_serial_and_name,
)


def _result_context(verification) -> dict[str, object]:
    certificate = verification.certificate
    if certificate is None:
        return {"outcome": verification.outcome}
    status = certificate_public_status(certificate, timezone.localdate())
    return {
        "outcome": verification.outcome,
        "masked_name": mask_name(certificate.holder_name),
        "certificate": certificate,
        "status": status,
        "status_label": STATUS_LABELS[status],
    }


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """Serial + holder's name. Both must match; anything else reads "not found"."""
    context: dict[str, object] = {}
    status = 200
    if request.method == "POST":
        form = VerifyForm(request.POST)
        if form.is_valid():
            verification = verify_by_serial_and_name(request, form.cleaned_data["serial"], form.cleaned_data["name"])
            context.update(_result_context(verification))
            if verification.outcome == VerificationLog.Outcome.RATE_LIMITED:
                status = 429
    else:
        form = VerifyForm()
    context["form"] = form
    return render(request, "certificates/verify.html", context, status=status)


@never_cache
def verify_code(request: HttpRequest, code: str) -> HttpResponse:
    """The QR code's target."""
    verification = verify_by_code(request, code)
    context = _result_context(verification)
    if verification.outcome == VerificationLog.Outcome.RATE_LIMITED:
        status = 429
    elif verification.certificate is None:
        status = 404
    else:
        status = 200
    return render(request, "certificates/verify_result.html", context, status=status)


def can_download(user, certificate: Certificate) -> bool:
    return user.is_authenticated and (
        user.pk == certificate.holder_id or user.has_perm("certificates.view_certificate")
    )


@login_required
def download(request: HttpRequest, serial: str) -> FileResponse:
    """The stored PDF, for its holder or for staff; anyone else gets 404 (no hint that the serial exists)."""
    certificate = get_object_or_404(Certificate, serial=serial)
    if not can_download(request.user, certificate):
        raise Http404
    if certificate.status == Certificate.Status.SUPERSEDED and not request.user.has_perm(
        "certificates.view_certificate"
    ):
        raise PermissionDenied
    if not certificate.pdf:
        raise Http404
    CertificateEvent.objects.create(
        certificate=certificate, action=CertificateEvent.Action.DOWNLOADED, actor=request.user
    )
    return FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=f"{certificate.serial}.pdf",
        content_type="application/pdf",
    )
