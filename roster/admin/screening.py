"""申请筛选: new applications (duplicates flagged), one application with interview notes, accept or reject; and the
logged click that shows a full ID number."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions, duplicates, privacy
from ..choices import AVAILABILITY_CHOICES, Skill
from ..forms import ScreeningForm
from ..models import Application, Volunteer
from .base import RosterList


class ScreeningIndexView(RosterList):
    permission_policy = ModelPermissionPolicy(Application)
    permission_required = "change"
    page_title = gettext_lazy("申请筛选")
    header_icon = "group"
    template_name = "roster/admin/screening_index.html"

    def get_status(self) -> str:
        return self.request.GET.get("status", Application.Status.NEW)

    def get_queryset(self):
        return (
            Application.objects.filter(status=self.get_status())
            .annotate(is_duplicate=duplicates.has_duplicate())
            .order_by("created_at")
        )

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "status": self.get_status(),
            "statuses": Application.Status.choices,
        }


class ScreeningDetailView(AdminScreen, FormView):
    permission_policy = ModelPermissionPolicy(Application)
    permission_required = "change"
    header_icon = "group"
    template_name = "roster/admin/screening_detail.html"
    form_class = ScreeningForm

    def dispatch(self, request, *args, **kwargs):
        self.application = get_object_or_404(Application, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return _("筛选:%(name)s") % {"name": self.application.name}

    def get_initial(self) -> dict:
        return {"interview_notes": self.application.interview_notes}

    def form_valid(self, form):
        application, data = self.application, form.cleaned_data
        if application.status != Application.Status.NEW:
            return self.form_invalid(form)
        try:
            if data["decision"] == "accept":
                acceptance = actions.do_accept_application(
                    application,
                    self.request.user,
                    cohort=form.cohort_name(),
                    cohort_id=data["cohort"],
                    notes=data["interview_notes"],
                )
                joined = (
                    _("已加入培训批次「%(cohort)s」。") % {"cohort": acceptance.volunteer.cohort}
                    if data["cohort"]
                    else _("暂未加入培训批次。")
                )
                messages.success(
                    self.request,
                    _("已录用,志愿者编号 %(number)s(即登录用户名)。%(joined)s邀请链接%(sent)s:%(url)s")
                    % {
                        "number": acceptance.volunteer.number,
                        "joined": joined,
                        "sent": _("已发送到邮箱") if acceptance.emailed else _("(无邮箱,请通过短信或微信发送)"),
                        "url": acceptance.invitation_url,
                    },
                )
                return redirect("roster_admin:volunteer_record", acceptance.volunteer.pk)
            actions.do_reject_application(
                application, self.request.user, data["rejection_reason"], data["interview_notes"]
            )
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return self.form_invalid(form)
        messages.success(self.request, _("已标记为未录用。"))
        return redirect("roster_admin:screening_index")

    def get_context_data(self, **kwargs):
        application = self.application
        skill_labels = dict(Skill.choices)
        slot_labels = dict(AVAILABILITY_CHOICES)
        return {
            **super().get_context_data(**kwargs),
            "application": application,
            "duplicates": duplicates.find_duplicates(
                application.mobile, id_hash=application.id_number_hash, exclude_application=application.pk
            ),
            "skills": [skill_labels.get(s, s) for s in application.skills],
            "availability": [slot_labels.get(s, s) for s in application.availability],
        }


class RevealIdView(AdminScreen, TemplateView):
    """POST only: the full number is shown once and the view is logged (who, when, IP)."""

    permission_policy = ModelPermissionPolicy(Volunteer)
    permission_required = "change"
    page_title = gettext_lazy("查看完整身份证号")
    header_icon = "view"
    template_name = "roster/admin/reveal_id.html"
    http_method_names = ["post"]

    def post(self, request, kind: str, pk: int):
        model = {"application": Application, "volunteer": Volunteer}.get(kind)
        if model is None:
            raise Http404
        subject = get_object_or_404(model, pk=pk)
        number = privacy.reveal_id_number(subject, request)
        return self.render_to_response(self.get_context_data(subject=subject, number=number, kind=kind))
