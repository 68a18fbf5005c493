"""The roster's panel on "我的": status, hours, star level, invitations and upcoming activities with QR check-in,
why an activity is not open to them, and their correction requests with the social worker's answer."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.http import HttpRequest
from django.utils import timezone

from accounts.panels import MePanel

from . import records
from .eligibility import activity_problems, standing_problems
from .models import Activity, ServiceRecord, Signup, Volunteer
from .stars import current_thresholds


def me_panels(request: HttpRequest) -> list[MePanel]:
    volunteer = (
        Volunteer.objects.filter(user=request.user, anonymised_at__isnull=True).prefetch_related("roles").first()
    )
    if volunteer is None:
        return []
    now = timezone.now()
    signups = list(
        Signup.objects.filter(volunteer=volunteer, activity__ends_at__gte=now)
        .exclude(status=Signup.Status.CANCELLED)
        .select_related("activity", "activity__role")
        .order_by("activity__starts_at")
    )
    taken = {signup.activity_id for signup in signups}
    open_activities = (
        Activity.objects.filter(role__in=volunteer.roles.all(), starts_at__gte=now)
        .exclude(pk__in=taken)
        .annotate(signed=Count("signups", filter=Q(signups__status=Signup.Status.SIGNED_UP)))
        .order_by("starts_at")[:5]
    )
    # Why the volunteer cannot serve at all is said once; what an activity's role asks for, per activity.
    standing = standing_problems(volunteer)
    open_list = []
    for activity in open_activities.select_related("role"):
        activity.remaining = activity.capacity - activity.signed
        if activity.remaining > 0:
            activity.problems = activity_problems(volunteer, activity)
            open_list.append(activity)
    for signup in signups:
        invited = signup.status == Signup.Status.INVITED
        signup.problems = activity_problems(volunteer, signup.activity) if invited else []
    pending = volunteer.service_records.filter(status=ServiceRecord.Status.PENDING).aggregate(total=Sum("hours"))
    thresholds = current_thresholds()
    next_threshold = next((value for value in thresholds if value > volunteer.confirmed_hours), None)
    context = {
        "volunteer": volunteer,
        "signups": signups,
        "open_activities": open_list,
        "standing_problems": standing,
        "pending_hours": pending["total"] or 0,
        "next_threshold": next_threshold,
        "stars": "★" * volunteer.star_level + "☆" * (len(thresholds) - volunteer.star_level),
        "recent_records": volunteer.service_records.select_related("activity")[:5],
        "commendations": volunteer.commendations.all(),
        "corrections": volunteer.correction_requests.select_related("activity")[:10],
        "training": records.training_record(request.user),
    }
    return [MePanel(template="roster/me_panel.html", context=context, order=30)]
