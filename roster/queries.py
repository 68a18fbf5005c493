"""What other apps may read from the roster. They ask here, never ``roster.models`` directly."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .eligibility import eligibility_problems
from .hours import ServiceSummary, confirmed_service_summary
from .models import Activity, ServiceRole, Volunteer


def volunteer_for_user(user) -> Volunteer | None:
    """The roster record of a signed-in person, or None (staff, or a volunteer whose data was erased)."""
    if user is None or not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user=user, anonymised_at__isnull=True).first()


def mobile_for_user(user) -> str:
    """The mobile number to send an SMS to, or "" when the person has no roster record or no number."""
    volunteer = volunteer_for_user(user)
    return volunteer.mobile if volunteer else ""


def service_roles() -> QuerySet[ServiceRole]:
    return ServiceRole.objects.all()


def may_serve(user, activity: Activity) -> list[str]:
    """Why this person may not serve at ``activity`` (empty: they may); the rule sign-up and check-in use."""
    volunteer = volunteer_for_user(user)
    if volunteer is None:
        return [_("该账号没有志愿者档案。")]
    return eligibility_problems(volunteer, activity)


def service_summary(user, start: date, end: date) -> ServiceSummary:
    """Confirmed hours only: what the 志愿服务证明 and any report outside the roster may state."""
    return confirmed_service_summary(user, start, end)
