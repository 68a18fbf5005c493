"""服务时长确认: pending records oldest first; confirm (a changed figure needs a reason), reject with a reason, or set
the real times of a 未签退 record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.permission_policies import ModelPermissionPolicy

from .. import actions
from ..forms import ConfirmHoursForm, CorrectTimesForm
from ..models import ServiceRecord
from .base import RosterList


def _form_errors(form) -> str:
    return " ".join(error for errors in form.errors.values() for error in errors)


class HoursQueueView(RosterList):
    permission_policy = ModelPermissionPolicy(ServiceRecord)
    permission_required = "change"
    page_title = gettext_lazy("服务时长确认")
    header_icon = "time"
    template_name = "roster/admin/hours_queue.html"

    def get_queryset(self):
        return (
            ServiceRecord.objects.filter(status=ServiceRecord.Status.PENDING)
            .select_related("volunteer", "activity", "signup")
            .prefetch_related("changes")
            .order_by("date", "pk")
        )

    def post(self, request, *args, **kwargs):
        record = get_object_or_404(ServiceRecord, pk=request.POST.get("record"))
        action = request.POST.get("action")
        try:
            if action == "reject":
                actions.do_reject_service_record(record, request.user, request.POST.get("note", ""))
                messages.success(request, _("已标记为不予确认。"))
            elif action == "correct":
                form = CorrectTimesForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _form_errors(form))
                    return redirect(request.get_full_path())
                data = form.cleaned_data
                actions.do_correct_service_record(
                    record, request.user, data["checked_in_at"], data["checked_out_at"], data["reason"]
                )
                messages.success(request, _("已更正 %(name)s 的服务时间,待确认。") % {"name": record.volunteer.name})
            else:
                form = ConfirmHoursForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _form_errors(form))
                    return redirect(request.get_full_path())
                actions.do_confirm_service_record(
                    record, request.user, form.cleaned_data["hours"], form.cleaned_data["note"]
                )
                messages.success(request, _("已确认 %(name)s 的服务时长。") % {"name": record.volunteer.name})
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(request.get_full_path())
