"""The volunteer service certificate (志愿服务证明): issued from a summary of confirmed service.

Contents follow what China's volunteer-record rules ask a service certificate to state: the volunteer's name,
ID document type and number (masked: PIPL, collect and show the minimum), volunteer number, service hours and
content over a period, the issuing organisation, the person in charge, the handling officer, a contact, the
certificate number and date, and the seal. The roster builds the summary (``roster/service_proof.py``) from its
confirmed hours and masks the ID number before it gets here, so certificates know nothing of how hours are
counted and never see a full ID number.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .actions import IssuingError, do_issue_certificate
from .models import Certificate, CertificateTemplate
from .rendering import chinese_date

SERVICE_CONTENT_ITEMS = 6  # kinds of service printed; the rest would not fit the line


@dataclass(frozen=True)
class ServiceProofSummary:
    """One volunteer's confirmed service over a period, as the certificate prints it."""

    start: datetime.date
    end: datetime.date
    hours: Decimal
    items: tuple[str, ...] = ()
    volunteer_number: str = ""
    id_type: str = ""
    id_number_masked: str = ""

    @property
    def service_content(self) -> str:
        return "、".join(self.items[:SERVICE_CONTENT_ITEMS]) or _("医院志愿服务")


def default_service_template() -> CertificateTemplate | None:
    return CertificateTemplate.objects.filter(kind=CertificateTemplate.Kind.SERVICE).order_by("pk").first()


def do_issue_service_proof(
    holder: User,
    summary: ServiceProofSummary,
    by: User | None = None,
    *,
    person_in_charge: str,
    handling_officer: str,
    template: CertificateTemplate | None = None,
    contact: str = "",
) -> Certificate:
    """Issue a 志愿服务证明 for the period. The same period twice gives back the certificate already issued."""
    template = template or default_service_template()
    if template is None or template.kind != CertificateTemplate.Kind.SERVICE:
        raise IssuingError(_("没有“志愿服务证明”类别的证书模板,请先在后台创建。"))
    if summary.end < summary.start:
        raise IssuingError(_("服务期间的结束日期早于开始日期。"))
    if summary.hours <= 0:
        raise IssuingError(_("该期间没有已确认的服务时长,不能开具志愿服务证明。"))
    period = f"{chinese_date(summary.start)}至{chinese_date(summary.end)}"
    id_document = f"{summary.id_type} {summary.id_number_masked}".strip() if summary.id_number_masked else ""
    with transaction.atomic():
        type(holder).objects.select_for_update().filter(pk=holder.pk).first()  # one proof per period, even racing
        existing = (
            Certificate.objects.filter(holder=holder, template=template, extra__period=period)
            .exclude(status=Certificate.Status.SUPERSEDED)
            .first()
        )
        if existing is not None:
            return existing
        return do_issue_certificate(
            holder,
            template,
            title=_("志愿服务"),
            hours=summary.hours,
            issued_by=by,
            issued_on=timezone.localdate(),
            extra={
                "period": period,
                "service_content": summary.service_content,
                "volunteer_number": summary.volunteer_number,
                "id_document": id_document,
                "person_in_charge": person_in_charge,
                "handling_officer": handling_officer,
                "contact": contact or template.contact,
            },
        )
