"""The volunteer service certificate (志愿服务证明), issued from confirmed service hours.

Contents follow what China's volunteer-record rules ask a service certificate to state: the volunteer's name,
ID document type and number (masked here: PIPL, collect and show the minimum), volunteer number, service hours
and content over a period, the issuing organisation, the person in charge, the handling officer, a contact, the
certificate number and date, and the seal. The hours come from the roster as a ``ServiceHoursSummary``; the
issuing function takes it as an argument so that this module does not depend on how the roster counts hours.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from roster.idcard import mask_id_number

from .issuing import IssuingError, issue_certificate
from .models import Certificate, CertificateTemplate
from .rendering import chinese_date


@dataclass(frozen=True)
class ServiceHoursSummary:
    """Confirmed service of one volunteer over a period (what ``roster.hours.confirmed_service_summary`` returns)."""

    start: datetime.date
    end: datetime.date
    hours: Decimal
    service_content: str
    volunteer_number: str = ""
    id_type: str = "居民身份证"
    id_number: str = ""


def default_service_template() -> CertificateTemplate | None:
    return CertificateTemplate.objects.filter(kind=CertificateTemplate.Kind.SERVICE).order_by("pk").first()


def issue_service_certificate(
    volunteer: AbstractBaseUser,
    summary: ServiceHoursSummary,
    *,
    person_in_charge: str,
    handling_officer: str,
    issued_by: AbstractBaseUser | None = None,
    template: CertificateTemplate | None = None,
    contact: str = "",
) -> Certificate:
    """Issue a 志愿服务证明 for the period. The same period twice gives back the certificate already issued."""
    template = template or default_service_template()
    if template is None or template.kind != CertificateTemplate.Kind.SERVICE:
        raise IssuingError("没有“志愿服务证明”类别的证书模板,请先在后台创建。")
    if summary.end < summary.start:
        raise IssuingError("服务期间的结束日期早于开始日期。")
    if summary.hours <= 0:
        raise IssuingError("该期间没有已确认的服务时长,不能开具志愿服务证明。")
    period = f"{chinese_date(summary.start)}至{chinese_date(summary.end)}"
    existing = (
        Certificate.objects.filter(holder=volunteer, template=template, extra__period=period)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .first()
    )
    if existing is not None:
        return existing
    id_document = f"{summary.id_type} {mask_id_number(summary.id_number)}".strip() if summary.id_number else ""
    return issue_certificate(
        volunteer,
        template,
        title="志愿服务",
        hours=summary.hours,
        issued_by=issued_by,
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


def summary_from_roster(volunteer: AbstractBaseUser, start: datetime.date, end: datetime.date) -> ServiceHoursSummary:
    """The volunteer's confirmed hours and service content in the period, and their record's number and masked ID."""
    from roster.hours import confirmed_service_summary
    from roster.models import Volunteer

    record = Volunteer.objects.filter(user=volunteer).first()
    if record is None:
        raise IssuingError("该账号没有志愿者档案,不能开具志愿服务证明。")
    served = confirmed_service_summary(volunteer, start, end)
    return ServiceHoursSummary(
        start=start,
        end=end,
        hours=served.total_hours,
        service_content="、".join(served.contents[:6]) or "医院志愿服务",
        volunteer_number=record.number,
        id_number=record.id_number_masked,
    )


def issue_from_roster(
    volunteer: AbstractBaseUser,
    start: datetime.date,
    end: datetime.date,
    *,
    person_in_charge: str,
    handling_officer: str,
    issued_by: AbstractBaseUser | None = None,
    template: CertificateTemplate | None = None,
) -> Certificate:
    """Issue the 志愿服务证明 for a period from the roster's confirmed hours (pending hours never count)."""
    return issue_service_certificate(
        volunteer,
        summary_from_roster(volunteer, start, end),
        person_in_charge=person_in_charge,
        handling_officer=handling_officer,
        issued_by=issued_by,
        template=template,
    )
