"""志愿者档案: search and filter the roster, export it, and the full record page (status, notes, account invite)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions, excel, record_page, records, scheduling
from ..choices import AVAILABILITY_CHOICES, Skill
from ..forms import NoteForm, StatusForm
from ..models import Volunteer
from ..record_forms import AgreementForm, HealthCheckForm
from .base import RosterList


def filtered_volunteers(request: HttpRequest):
    """The list's filters (name/number/mobile, status, cohort), shared by the list and its Excel export."""
    volunteers = Volunteer.objects.all()
    query = request.GET.get("q", "").strip()
    if query:
        volunteers = volunteers.filter(Q(name__icontains=query) | Q(number__icontains=query) | Q(mobile=query))
    if request.GET.get("status"):
        volunteers = volunteers.filter(status=request.GET["status"])
    if request.GET.get("cohort"):
        volunteers = volunteers.filter(cohort=request.GET["cohort"])
    return volunteers.order_by("number")


class VolunteerIndexView(RosterList):
    permission_policy = ModelPermissionPolicy(Volunteer)
    permission_required = "view"
    page_title = gettext_lazy("志愿者档案")
    header_icon = "group"
    template_name = "roster/admin/volunteer_index.html"

    def get_queryset(self):
        return filtered_volunteers(self.request)

    def get_context_data(self, **kwargs):
        cohorts = Volunteer.objects.exclude(cohort="").values_list("cohort", flat=True).distinct().order_by("cohort")
        context = super().get_context_data(**kwargs)
        return {
            **context,
            "statuses": Volunteer.Status.choices,
            "cohorts": cohorts,
        }


def roster_export(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("roster.view_volunteer"):
        raise PermissionDenied
    return excel.response(
        excel.roster_workbook(filtered_volunteers(request)), f"roster-{timezone.localdate():%Y%m%d}.xlsx"
    )


class VolunteerRecordView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Volunteer)
    permission_required = "change"
    header_icon = "group"
    template_name = "roster/admin/volunteer_record.html"

    def dispatch(self, request, *args, **kwargs):
        self.volunteer = get_object_or_404(Volunteer.objects.select_related("user", "application"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self) -> str:
        return f"{self.volunteer.number} {self.volunteer.name}"

    def post(self, request, pk: int):
        volunteer = self.volunteer
        action = request.POST.get("action")
        status_form = StatusForm(prefix="status", initial={"status": volunteer.status})
        note_form = NoteForm(prefix="note")
        if action == "status":
            status_form = StatusForm(request.POST, prefix="status")
            if status_form.is_valid():
                actions.do_change_status(
                    volunteer, status_form.cleaned_data["status"], request.user, status_form.cleaned_data["reason"]
                )
                messages.success(request, _("状态已更新。"))
                return redirect("roster_admin:volunteer_record", pk)
        elif action == "note":
            note_form = NoteForm(request.POST, prefix="note")
            if note_form.is_valid():
                actions.do_add_note(volunteer, note_form.cleaned_data["text"], request.user)
                return redirect("roster_admin:volunteer_record", pk)
        elif action in ("health", "agreement"):
            forms = self._record_forms(request, action)
            if forms is None:
                return redirect("roster_admin:volunteer_record", pk)
            return self.render_to_response(self.get_context_data(status_form=status_form, note_form=note_form, **forms))
        elif action == "invite":
            try:
                acceptance = actions.do_create_account(volunteer)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("账号邀请链接:%(url)s") % {"url": acceptance.invitation_url})
            return redirect("roster_admin:volunteer_record", pk)
        return self.render_to_response(self.get_context_data(status_form=status_form, note_form=note_form))

    def _record_forms(self, request, action: str) -> dict | None:
        """A health check or a signed agreement from the record page; None once saved, else the forms to show."""
        volunteer = self.volunteer
        if action == "health":
            form = HealthCheckForm(request.POST, prefix="health")
            if form.is_valid():
                data = form.cleaned_data
                actions.do_record_health_check(
                    volunteer, data["item"], data["checked_on"], data["result"], request.user
                )
                messages.success(request, _("已登记健康核验结果。"))
                return None
            return {"health_form": form}
        form = AgreementForm(request.POST, prefix="agreement")
        if form.is_valid():
            data = form.cleaned_data
            actions.do_sign_agreement(volunteer, data["version"], data["signed_on"], request.user, data["how"])
            messages.success(request, _("已登记签署的服务协议。"))
            return None
        return {"agreement_form": form}

    def get_context_data(self, **kwargs):
        volunteer = self.volunteer
        today = timezone.localdate()
        kwargs.setdefault("health_form", HealthCheckForm(prefix="health", initial={"checked_on": today}))
        kwargs.setdefault("agreement_form", AgreementForm(prefix="agreement", initial={"signed_on": today}))
        skill_labels = dict(Skill.choices)
        slot_labels = dict(AVAILABILITY_CHOICES)
        kwargs.setdefault("status_form", StatusForm(prefix="status", initial={"status": volunteer.status}))
        kwargs.setdefault("note_form", NoteForm(prefix="note"))
        return {
            **super().get_context_data(**kwargs),
            "volunteer": volunteer,
            "skills": [skill_labels.get(s, s) for s in volunteer.skills],
            "availability": [slot_labels.get(s, s) for s in volunteer.availability],
            "history": volunteer.status_changes.select_related("changed_by"),
            "service_records": volunteer.service_records.select_related("activity")[:30],
            "commendations": volunteer.commendations.all(),
            "evaluations": volunteer.evaluations.all(),
            "notes": volunteer.notes.select_related("author"),
            "roles": volunteer.roles.all(),
            "training": records.training_record(volunteer.user),
            "certificates": records.certificates_for_user(volunteer.user),
            # scheduling (issue 16 part B)
            "attendance": scheduling.attendance_rates(volunteer),
            "leaves": volunteer.leaves.all()[:10],
            "record_training": record_page.training_of(volunteer),
            "health": record_page.health_status(volunteer, today),
            "insurance": record_page.insurance_of(volunteer),
            "insured_today": any(p.starts_on <= today <= p.ends_on for p in record_page.insurance_of(volunteer)),
            "agreements": record_page.agreements_of(volunteer),
            "correction_history": record_page.correction_history(volunteer),
            "today": today,
        }
