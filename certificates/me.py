"""The "我的证书" panel on the "我的" page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from accounts.panels import MePanel

from .models import Certificate
from .verification import STATUS_LABELS, certificate_public_status


def me_panels(request: HttpRequest) -> list[MePanel]:
    today = timezone.localdate()
    certificates = (
        Certificate.objects.filter(holder=request.user)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .select_related("template")
    )
    rows = []
    for certificate in certificates:
        status = certificate_public_status(certificate, today)
        rows.append({"certificate": certificate, "status": status, "status_label": STATUS_LABELS[status]})
    return [MePanel(template="certificates/me_panel.html", context={"rows": rows}, order=40)]
