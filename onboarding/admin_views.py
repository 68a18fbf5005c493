"""Social workers' onboarding pages in the Wagtail admin: the cohort grid with one-click sign-off, and the QR code
projected at a session. Views read forms and call ``actions``."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.names import display_name
from accounts.roles import COORDINATOR, role_of

from . import actions
from .forms import AddMemberForm, ExceptionForm, MoveMemberForm, SignOffForm
from .models import Cohort, Membership, Session, Step
from .progress import cohort_grid


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def grid(request: HttpRequest, cohort_id: int) -> HttpResponse:
    _require(request, "onboarding.view_cohort")
    cohort = get_object_or_404(Cohort.objects.select_related("programme", "social_worker"), pk=cohort_id)
    context = {
        "page_title": _("培训进度:%(cohort)s") % {"cohort": cohort.name},
        "header_icon": "table",
        "cohort": cohort,
        "grid": cohort_grid(cohort),
        "sessions": cohort.sessions.select_related("step"),
        "sign_off_form": SignOffForm(),
        "exception_form": ExceptionForm(),
        "add_form": AddMemberForm(),
        "move_form": MoveMemberForm(initial={"cohort": cohort}),
        "can_grant_exceptions": request.user.is_superuser or role_of(request.user) == COORDINATOR,
        "sign_off_kinds": (Step.Kind.SHADOW_SHIFT, Step.Kind.SESSION),
    }
    return render(request, "onboarding/admin/grid.html", context)


@require_POST
def sign_off(request: HttpRequest, membership_id: int, step_id: int) -> HttpResponse:
    _require(request, "onboarding.add_steprecord")
    membership = get_object_or_404(Membership.objects.select_related("cohort__programme"), pk=membership_id)
    step = get_object_or_404(Step, pk=step_id)
    form = SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查评分和评价。"))
    else:
        try:
            actions.do_sign_off(membership, step, request.user, **form.cleaned_data)
        except actions.OnboardingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("已确认 %(name)s 的“%(step)s”。") % {"name": display_name(membership.user), "step": step.title},
            )
    return redirect(reverse("onboarding_admin:grid", args=[membership.cohort_id]) + f"#member-{membership.pk}")


@require_POST
def grant_exception(request: HttpRequest, membership_id: int, step_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("cohort__programme"), pk=membership_id)
    step = get_object_or_404(Step, pk=step_id)
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写特批免修的理由。"))
    else:
        try:
            actions.do_grant_exception(membership, step, request.user, form.cleaned_data["reason"])
        except actions.OnboardingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已特批免修“%(step)s”。") % {"step": step.title})
    return redirect(reverse("onboarding_admin:grid", args=[membership.cohort_id]) + f"#member-{membership.pk}")


@require_POST
def add_member(request: HttpRequest, cohort_id: int) -> HttpResponse:
    _require(request, "onboarding.add_membership")
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    form = AddMemberForm(request.POST)
    if form.is_valid():
        membership = actions.do_add_member(cohort, form.cleaned_data["user"], form.cleaned_data["role"])
        messages.success(request, _("已加入批次:%(member)s") % {"member": membership})
    else:
        messages.error(request, _("请选择要加入的志愿者。"))
    return redirect("onboarding_admin:grid", cohort.pk)


@require_POST
def move_member(request: HttpRequest, cohort_id: int) -> HttpResponse:
    _require(request, "onboarding.change_membership")
    form = MoveMemberForm(request.POST)
    if form.is_valid():
        membership = actions.do_move_member(form.cleaned_data["membership"], form.cleaned_data["cohort"])
        messages.success(request, _("已转入批次:%(member)s(已完成的步骤全部保留)") % {"member": membership})
        return redirect("onboarding_admin:grid", membership.cohort_id)
    messages.error(request, _("请选择成员和要转入的批次。"))
    return redirect("onboarding_admin:grid", cohort_id)


def session_qr(request: HttpRequest, session_id: int) -> HttpResponse:
    """A page to project at the session: its QR code opens the sign-in page on the volunteer's phone."""
    _require(request, "onboarding.view_session")
    session = get_object_or_404(Session.objects.select_related("cohort", "step"), pk=session_id)
    url = request.build_absolute_uri(reverse("onboarding:sign_in", args=[session.sign_in_code]))
    svg = segno.make(url, error="m").svg_inline(scale=8, dark="#1f2933")
    context = {"page_title": _("签到二维码"), "header_icon": "link", "session": session, "qr_svg": svg, "url": url}
    return render(request, "onboarding/admin/session_qr.html", context)
