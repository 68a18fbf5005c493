"""请假与回访: record a volunteer's leave, see who is on leave, and the quiet volunteers to call — set inactive
(暂停) in one action."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions, scheduling
from ..models import LeaveOfAbsence, Volunteer
from ..schedule_forms import LeaveForm


class StaffLeaveForm(LeaveForm):
    number = forms.CharField(label=gettext_lazy("志愿者编号"), max_length=20)

    field_order = ["number", "starts_on", "ends_on", "reason"]

    def clean_number(self) -> Volunteer:
        number = self.cleaned_data["number"].strip().upper()
        volunteer = Volunteer.objects.filter(number=number, anonymised_at__isnull=True).first()
        if volunteer is None:
            raise forms.ValidationError(_("没有编号为 %(number)s 的志愿者。") % {"number": number})
        return volunteer


class FollowUpView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Volunteer)
    permission_required = "change"
    page_title = gettext_lazy("请假与回访")
    header_icon = "user"
    template_name = "roster/admin/followup.html"

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "deactivate":
            chosen = list(Volunteer.objects.filter(pk__in=request.POST.getlist("volunteer")))
            if not chosen:
                messages.error(request, _("请先勾选要设为暂停的志愿者。"))
            else:
                changed = actions.do_set_inactive(chosen, request.user)
                messages.success(request, _("已将 %(n)s 名志愿者设为暂停。") % {"n": changed})
            return redirect("roster_admin:followup")
        form = StaffLeaveForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.do_record_leave(
                    data["number"], data["starts_on"], data["ends_on"], data["reason"], by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已登记 %(name)s 的请假。") % {"name": data["number"].name})
                return redirect("roster_admin:followup")
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return {
            **super().get_context_data(**kwargs),
            "form": kwargs.get("form") or StaffLeaveForm(),
            "leaves": LeaveOfAbsence.objects.filter(ends_on__gte=today).select_related("volunteer", "recorded_by"),
            "inactive": scheduling.inactive_volunteers(today)[:200],
            "days": scheduling.rules().inactive_after_days,
            "today": today,
        }
