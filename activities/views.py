"""The public side: register, the confirmation page, cancel, feedback, iCalendar. None of it needs an account.

The activity page itself is a Wagtail page served from the anonymous page cache; the registration form is here, on
its own URL, because a page with a CSRF token must not be cached (and the places left change with every sign-up).
"""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from config import ratelimit
from config.client_ip import client_ip

from . import ics
from .actions import (
    PRIVACY_NOTICE_VERSION,
    do_cancel_registration,
    do_register,
    do_submit_feedback,
    do_submit_volunteer_feedback,
)
from .forms import RegistrationForm
from .models import ActivityPage, Registration, VolunteerFeedbackLink
from .queries import active_questions, places_left, registration_by_token, waitlist_length

REGISTER_RATE_LIMIT = 10
REGISTER_RATE_WINDOW = 3600


def _live_activity(page_id: int) -> ActivityPage:
    activity = ActivityPage.objects.live().public().filter(pk=page_id).first()
    if activity is None:
        raise Http404
    return activity


@never_cache
def register(request: HttpRequest, page_id: int) -> HttpResponse:
    activity = _live_activity(page_id)
    form = RegistrationForm(request.POST or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        if ratelimit.hit("activities:register", client_ip(request), REGISTER_RATE_LIMIT, REGISTER_RATE_WINDOW):
            errors = [_("提交过于频繁,请一小时后再试,或直接联系负责社工。")]
        else:
            data = form.cleaned_data
            try:
                registration = do_register(
                    activity,
                    salutation=data["salutation"],
                    mobile=data["mobile"],
                    people=data["people"],
                    note=data["note"],
                    consent=data["consent"],
                )
            except ValidationError as error:
                errors = error.messages
            else:
                return redirect("activities:registered", registration.token)
    status = 400 if errors else 200
    return render(
        request,
        "activities/register.html",
        {
            "activity": activity,
            "form": form,
            "errors": errors,
            "places_left": places_left(activity),
            "waitlist": waitlist_length(activity),
            "privacy_version": PRIVACY_NOTICE_VERSION,
        },
        status=status,
    )


def _registration(token: str) -> Registration:
    registration = registration_by_token(token)
    if registration is None:
        raise Http404
    return registration


def sign_in_qr(registration: Registration) -> str:
    """The participant's QR code: the social worker scans it to tick them on the sign-in list (admin only)."""
    path = reverse("activities_admin:qr_sign_in", args=[registration.token])
    url = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"
    return mark_safe(segno.make(url, error="m").svg_inline(scale=5, border=2, title=_("签到二维码")))  # noqa: S308


@never_cache
def registered(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    return render(
        request,
        "activities/registered.html",
        {
            "registration": registration,
            "activity": registration.activity,
            "qr": sign_in_qr(registration) if registration.status == Registration.Status.CONFIRMED else "",
        },
    )


@never_cache
def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    if request.method == "POST":
        try:
            do_cancel_registration(registration)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("已取消报名。感谢告知,名额会留给候补的病友和家属。"))
        return redirect("activities:cancel", token)
    return render(request, "activities/cancel.html", {"registration": registration, "activity": registration.activity})


def _scores(request: HttpRequest) -> dict[int, int]:
    scores = {}
    for question in active_questions():
        value = request.POST.get(f"q{question.pk}", "")
        scores[question.pk] = int(value) if value.isdigit() else 0
    return scores


def _feedback_page(request: HttpRequest, activity: ActivityPage, done: bool, submit) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST" and not done:
        try:
            submit(_scores(request), request.POST.get("comment", ""))
        except ValidationError as error:
            errors = error.messages
        else:
            return render(request, "activities/feedback.html", {"activity": activity, "thanks": True})
    return render(
        request,
        "activities/feedback.html",
        {
            "activity": activity,
            "done": done,
            "errors": errors,
            "questions": active_questions(),
            "scale": [(5, _("很满意")), (4, _("满意")), (3, _("一般")), (2, _("不满意")), (1, _("很不满意"))],
            "posted": request.POST,
            "not_yet": activity.ends_at > timezone.now(),
        },
        status=400 if errors else 200,
    )


@never_cache
def feedback(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration(token)
    return _feedback_page(
        request,
        registration.activity,
        registration.feedback_given,
        lambda scores, comment: do_submit_feedback(registration, scores, comment),
    )


@never_cache
def volunteer_feedback(request: HttpRequest, token: str) -> HttpResponse:
    link = get_object_or_404(VolunteerFeedbackLink.objects.select_related("activity"), token=token[:40])
    return _feedback_page(
        request, link.activity, link.used, lambda scores, comment: do_submit_volunteer_feedback(link, scores, comment)
    )


def _ics_response(activities, name: str) -> HttpResponse:
    response = HttpResponse(
        ics.calendar(activities, settings.SITE_URL or settings.WAGTAILADMIN_BASE_URL),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.ics"'
    return response


def activity_ics(request: HttpRequest, page_id: int) -> HttpResponse:
    return _ics_response([_live_activity(page_id)], f"activity-{page_id}")


def calendar_ics(request: HttpRequest) -> HttpResponse:
    upcoming = ActivityPage.objects.live().public().filter(ends_at__gte=timezone.now()).order_by("starts_at")[:200]
    return _ics_response(upcoming, "activities")
