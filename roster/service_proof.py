"""The roster's side of the 志愿服务证明: a volunteer's confirmed hours in a period, with their number and masked
ID, summarised for ``certificates.service_proof`` to issue. Pending or rejected hours never count.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from certificates.actions import IssuingError
from certificates.service_proof import ServiceProofSummary, do_issue_service_proof

from .hours import confirmed_service_summary
from .idcard import mask_id_number
from .models import Volunteer

if TYPE_CHECKING:
    from certificates.models import Certificate, CertificateTemplate


def service_proof_summary(user: User, start: datetime.date, end: datetime.date) -> ServiceProofSummary:
    """The volunteer's confirmed hours and kinds of service in the period, their number and masked ID number."""
    record = Volunteer.objects.filter(user=user).first()
    if record is None:
        raise IssuingError(_("该账号没有志愿者档案,不能开具志愿服务证明。"))
    served = confirmed_service_summary(user, start, end)
    masked = mask_id_number(record.id_number_masked) if record.id_number_masked else ""
    return ServiceProofSummary(
        start=start,
        end=end,
        hours=served.total_hours,
        items=tuple(served.contents),
        volunteer_number=record.number,
        id_type=_("居民身份证") if masked else "",
        id_number_masked=masked,
    )


def do_issue_service_proof_from_roster(
    user: User,
    start: datetime.date,
    end: datetime.date,
    by: User | None = None,
    *,
    person_in_charge: str,
    handling_officer: str,
    template: CertificateTemplate | None = None,
) -> Certificate:
    """Issue the 志愿服务证明 for a period from the roster's confirmed hours (admin screen, command, demo)."""
    if end < start:
        raise IssuingError(_("服务期间的结束日期早于开始日期。"))
    return do_issue_service_proof(
        user,
        service_proof_summary(user, start, end),
        by,
        person_in_charge=person_in_charge,
        handling_officer=handling_officer,
        template=template,
    )
