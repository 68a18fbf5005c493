"""What other apps may read from the roster. They ask here, never ``roster.models`` directly."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone

from .models import AgreementVersion, ServiceRole, Volunteer


def volunteer_for_user(user: User | AnonymousUser | None) -> Volunteer | None:
    """The roster record of a signed-in person, or None (staff, or a volunteer whose data was erased)."""
    if user is None or not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user, anonymised_at__isnull=True).first()


def mobile_for_user(user: User) -> str:
    """The mobile number to send an SMS to, or "" when the person has no roster record or no number."""
    volunteer = volunteer_for_user(user)
    return volunteer.mobile if volunteer else ""


def has_signed_agreement(volunteer: Volunteer, version: AgreementVersion) -> bool:
    """Whether the volunteer has a signature of this agreement version that still runs today."""
    return volunteer.agreements.filter(version=version, expires_on__gte=timezone.localdate()).exists()


def service_roles() -> QuerySet[ServiceRole]:
    """Every service role (岗位), e.g. for choosing a cohort member's role."""
    return ServiceRole.objects.all()
