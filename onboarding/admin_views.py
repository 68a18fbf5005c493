"""Social workers' onboarding pages in the Wagtail admin, on Wagtail's generic view mixins: the cohort grid with
one-click sign-off, and the QR code projected at a session. Views check a model permission, read forms and call
``actions``."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen
from accounts.names import display_name
from accounts.roles import COORDINATOR, role_of

from . import actions
from .forms import AddMemberForm, ExceptionForm, MoveMemberForm, SignOffForm
from .models import Cohort, Membership, Session, Step, StepRecord
from .progress import cohort_grid


class Screen(AdminScreen, TemplateView):
    """A page of the onboarding admin; each names the model permission it needs."""


class GridView(Screen):
    permission_policy = ModelPermissionPolicy(Cohort)
    permission_required = "view"
    header_icon = "table"
    template_name = "onboarding/admin/grid.html"

    @cached_property
    def cohort(self) -> Cohort:
        return get_object_or_404(
            Cohort.objects.select_related("programme", "social_worker"), pk=self.kwargs["cohort_id"]
        )

    def get_page_title(self) -> str:
        return _("培训进度:%(cohort)s") % {"cohort": self.cohort.name}

    def get_context_data(self, **kwargs):
        cohort = self.cohort
        return {
            **super().get_context_data(**kwargs),
            "cohort": cohort,
            "grid": cohort_grid(cohort),
            "sessions": cohort.sessions.select_related("step"),
            "sign_off_form": SignOffForm(),
            "exception_form": ExceptionForm(),
            "add_form": AddMemberForm(),
            "move_form": MoveMemberForm(initial={"cohort": cohort}),
            "can_grant_exceptions": self.request.user.is_superuser or role_of(self.request.user) == COORDINATOR,
            "sign_off_kinds": (Step.Kind.SHADOW_SHIFT, Step.Kind.SESSION),
        }


class StepActionView(View):
    """A POST from a grid cell about one member and one step; back to that member's row."""

    http_method_names = ["post"]

    @cached_property
    def membership(self) -> Membership:
        return get_object_or_404(
            Membership.objects.select_related("cohort__programme"), pk=self.kwargs["membership_id"]
        )

    @cached_property
    def step(self) -> Step:
        return get_object_or_404(Step, pk=self.kwargs["step_id"])

    def back_to_row(self):
        return redirect(
            reverse("onboarding_admin:grid", args=[self.membership.cohort_id]) + f"#member-{self.membership.pk}"
        )


class SignOffView(PermissionCheckedMixin, StepActionView):
    permission_policy = ModelPermissionPolicy(StepRecord)
    permission_required = "add"

    def post(self, request, *args, **kwargs):
        membership, step = self.membership, self.step
        form = SignOffForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请检查评分和评价。"))
            return self.back_to_row()
        try:
            actions.do_sign_off(membership, step, request.user, **form.cleaned_data)
        except actions.OnboardingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("已确认 %(name)s 的“%(step)s”。") % {"name": display_name(membership.user), "step": step.title},
            )
        return self.back_to_row()


class ExceptionView(StepActionView):
    """Only a coordinator may waive a step; ``do_grant_exception`` checks the role and says so."""

    def post(self, request, *args, **kwargs):
        form = ExceptionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("请填写特批免修的理由。"))
            return self.back_to_row()
        try:
            actions.do_grant_exception(self.membership, self.step, request.user, form.cleaned_data["reason"])
        except actions.OnboardingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("已特批免修“%(step)s”。") % {"step": self.step.title})
        return self.back_to_row()


class AddMemberView(PermissionCheckedMixin, View):
    permission_policy = ModelPermissionPolicy(Membership)
    permission_required = "add"
    http_method_names = ["post"]

    def post(self, request, cohort_id: int):
        cohort = get_object_or_404(Cohort, pk=cohort_id)
        form = AddMemberForm(request.POST)
        if form.is_valid():
            membership = actions.do_add_member(cohort, form.cleaned_data["user"], form.cleaned_data["role"])
            messages.success(request, _("已加入批次:%(member)s") % {"member": membership})
        else:
            messages.error(request, _("请选择要加入的志愿者。"))
        return redirect("onboarding_admin:grid", cohort.pk)


class MoveMemberView(PermissionCheckedMixin, View):
    permission_policy = ModelPermissionPolicy(Membership)
    permission_required = "change"
    http_method_names = ["post"]

    def post(self, request, cohort_id: int):
        form = MoveMemberForm(request.POST)
        if form.is_valid():
            membership = actions.do_move_member(form.cleaned_data["membership"], form.cleaned_data["cohort"])
            messages.success(request, _("已转入批次:%(member)s(已完成的步骤全部保留)") % {"member": membership})
            return redirect("onboarding_admin:grid", membership.cohort_id)
        messages.error(request, _("请选择成员和要转入的批次。"))
        return redirect("onboarding_admin:grid", cohort_id)


class SessionQrView(Screen):
    """A page to project at the session: its QR code opens the sign-in page on the volunteer's phone."""

    permission_policy = ModelPermissionPolicy(Session)
    permission_required = "view"
    page_title = gettext_lazy("签到二维码")
    header_icon = "link"
    template_name = "onboarding/admin/session_qr.html"

    def get_context_data(self, **kwargs):
        session = get_object_or_404(Session.objects.select_related("cohort", "step"), pk=self.kwargs["session_id"])
        url = self.request.build_absolute_uri(reverse("onboarding:sign_in", args=[session.sign_in_code]))
        svg = segno.make(url, error="m").svg_inline(scale=8, dark="#1f2933")
        return {**super().get_context_data(**kwargs), "session": session, "qr_svg": svg, "url": url}
