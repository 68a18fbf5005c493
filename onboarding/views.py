"""The volunteer's side of onboarding: the timeline, acknowledging documents, signing in to sessions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .actions import OnboardingError, do_acknowledge, do_sign_in
from .models import Session, Step
from .progress import membership_of, progress_for


@login_required
def my_onboarding(request: HttpRequest) -> HttpResponse:
    membership = membership_of(request.user)
    progress = progress_for(membership) if membership else None
    return render(request, "onboarding/my_onboarding.html", {"membership": membership, "progress": progress})


@login_required
@require_POST
def acknowledge(request: HttpRequest, step_id: int) -> HttpResponse:
    step = get_object_or_404(Step, pk=step_id, kind=Step.Kind.ACKNOWLEDGE)
    try:
        do_acknowledge(request.user, step)
    except OnboardingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("已确认:%(step)s") % {"step": step.title})
    return redirect("onboarding:my")


@login_required
def sign_in(request: HttpRequest, code: str) -> HttpResponse:
    """The page a volunteer's phone opens after scanning the session's QR code; one tap signs in."""
    session = get_object_or_404(Session.objects.select_related("step", "cohort"), sign_in_code=code)
    if request.method == "POST":
        try:
            do_sign_in(request.user, session)
        except OnboardingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("签到成功:%(step)s") % {"step": session.step.title})
            return redirect("onboarding:my")
    return render(request, "onboarding/sign_in.html", {"session": session})
