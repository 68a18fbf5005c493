"""What other apps may read from the roster. They ask here, never ``roster.models`` directly."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet
from django.utils import timezone

from .models import AgreementVersion, ServiceRole, Signup, Volunteer


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


def activity_signups(activity_id: int) -> QuerySet[Signup]:
    """The volunteers signed up for an activity (not invited or cancelled), with their roster records."""
    return Signup.objects.filter(activity_id=activity_id, status=Signup.Status.SIGNED_UP).select_related("volunteer")


def checked_in_activity_ids(activity_ids: list[int]) -> set[int]:
    """Which of these activities had at least one volunteer checked in (their sign-in list exists)."""
    return set(
        Signup.objects.filter(activity_id__in=activity_ids, checked_in_at__isnull=False).values_list(
            "activity_id", flat=True
        )
    )
