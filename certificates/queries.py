"""Questions other apps ask about certificates (the roster uses these for eligibility)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db.models import Count
from wagtail.permission_policies import ModelPermissionPolicy

from .models import Certificate, IssuingRule


def users_holding_valid_certificates(course_page_ids: Iterable[int], on: datetime.date) -> set[int]:
    """Ids of users who, on ``on``, hold a valid certificate (issued, not revoked, not superseded, not expired)
    for EVERY listed course page. An empty list asks nothing, so it answers with no one.
    """
    wanted = set(course_page_ids)
    if not wanted:
        return set()
    rows = (
        Certificate.objects.valid_on(on)
        .filter(course_page_id__in=wanted)
        .values("holder_id")
        .annotate(pages=Count("course_page_id", distinct=True))
        .filter(pages=len(wanted))
    )
    return {row["holder_id"] for row in rows}


def current_certificate(holder: User, rule: IssuingRule) -> Certificate | None:
    """The holder's certificate under this rule that still counts (issued or revoked; not superseded)."""
    return (
        Certificate.objects.filter(holder=holder, rule=rule)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .order_by("-issued_on", "-pk")
        .first()
    )


def certificates_for_user(user: User) -> list[dict]:
    """A person's certificates, newest first, with the status the public verification page would show."""
    from django.utils import timezone

    from .verification import STATUS_LABELS, certificate_public_status

    today = timezone.localdate()
    return [
        {
            "title": certificate.title,
            "serial": certificate.serial,
            "issued_on": certificate.issued_on,
            "expires_on": certificate.valid_until,
            "status": STATUS_LABELS[certificate_public_status(certificate, today)],
        }
        for certificate in Certificate.objects.filter(holder=user).order_by("-issued_on", "-pk")
    ]


def certificates_issued_count(start: datetime.date, end: datetime.date) -> int:
    """Certificates issued in the period (superseded corrections not counted twice), for contract reports."""
    return (
        Certificate.objects.filter(issued_on__gte=start, issued_on__lte=end)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .count()
    )


def certificate_permission_policy() -> ModelPermissionPolicy:
    """Who may issue or change certificates, for screens of other apps that issue one (the roster's 志愿服务证明)."""
    return ModelPermissionPolicy(Certificate)
