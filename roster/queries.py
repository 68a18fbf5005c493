"""Questions other apps ask about the roster."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet

from .models import ServiceRole, Volunteer


# read by onboarding
def volunteer_of(user: AbstractBaseUser) -> Volunteer | None:
    """The person's volunteer record, if they have one (a member of staff taking the course may not)."""
    return Volunteer.objects.filter(user=user).first()


def volunteer_mobile(user: AbstractBaseUser) -> str:
    """The mobile number reminders are texted to; empty without a volunteer record."""
    return Volunteer.objects.filter(user=user).values_list("mobile", flat=True).first() or ""


def service_roles() -> QuerySet[ServiceRole]:
    """Every service role (岗位), for choosing a cohort member's role."""
    return ServiceRole.objects.all()
