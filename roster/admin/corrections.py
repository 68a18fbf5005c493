"""服务记录更正申请: the queue of volunteers' reports that a record is missing or wrong (办法 第十三条)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions
from ..forms import CorrectionDecisionForm
from ..models import CorrectionRequest, ServiceRecord


def _local_input(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M") if moment else ""


class CorrectionQueueView(AdminScreen, TemplateView):
    """Pending requests oldest first, each with the volunteer's account of it and a decision form."""

    permission_policy = ModelPermissionPolicy(ServiceRecord)
    permission_required = "change"
    page_title = gettext_lazy("服务记录更正申请")
    header_icon = "edit"
    template_name = "roster/admin/correction_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", CorrectionRequest.Status.PENDING)
        if status not in CorrectionRequest.Status.values:
            status = CorrectionRequest.Status.PENDING
        requests = (
            CorrectionRequest.objects.filter(status=status)
            .select_related("volunteer", "activity", "record", "decided_by")
            .order_by("created_at")[:100]
        )
        context["rows"] = [
            {
                "request": request,
                "form": CorrectionDecisionForm(
                    prefix=f"c{request.pk}",
                    initial={
                        "decision": "accept",
                        "started_at": _local_input(request.started_at or getattr(request.record, "started_at", None)),
                        "ended_at": _local_input(request.ended_at or getattr(request.record, "ended_at", None)),
                    },
                ),
            }
            for request in requests
        ]
        context["status"] = status
        context["statuses"] = CorrectionRequest.Status.choices
        return context

    def post(self, request, *args, **kwargs):
        correction = get_object_or_404(CorrectionRequest, pk=request.POST.get("correction"))
        form = CorrectionDecisionForm(request.POST, prefix=f"c{correction.pk}")
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect("roster_admin:correction_queue")
        data = form.cleaned_data
        try:
            if data["decision"] == "accept":
                actions.do_accept_correction(
                    correction, request.user, data["started_at"], data["ended_at"], data["reason"]
                )
                messages.success(request, _("已采纳 %(name)s 的更正申请。") % {"name": correction.volunteer.name})
            else:
                actions.do_decline_correction(correction, request.user, data["reason"])
                messages.success(request, _("已告知 %(name)s 未采纳的原因。") % {"name": correction.volunteer.name})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("roster_admin:correction_queue")


def evidence(request, pk: int) -> FileResponse:
    """The evidence photo, to social workers only (uploads under MEDIA_ROOT are not linked publicly)."""
    if not request.user.has_perm("roster.change_servicerecord"):
        raise PermissionDenied
    correction = get_object_or_404(CorrectionRequest, pk=pk)
    if not correction.evidence:
        raise Http404
    return FileResponse(correction.evidence.open("rb"), filename=correction.evidence.name.rsplit("/", 1)[-1])
