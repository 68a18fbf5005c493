"""匹配志愿者: who may serve in a role at a time (roster.matching), and inviting them to an activity."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.permission_policies import ModelPermissionPolicy

from accounts.admin_screens import AdminScreen

from .. import actions, matching
from ..choices import Skill
from ..forms import MatchForm
from ..models import Activity, Signup, Volunteer


class MatchView(AdminScreen, TemplateView):
    permission_policy = ModelPermissionPolicy(Signup)
    permission_required = "change"
    page_title = gettext_lazy("匹配志愿者")
    header_icon = "search"
    template_name = "roster/admin/match.html"

    def dispatch(self, request, *args, **kwargs):
        self.activity = None
        if request.GET.get("activity"):
            if not request.GET["activity"].isdecimal():
                raise Http404
            self.activity = get_object_or_404(Activity, pk=request.GET["activity"])
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.activity is None:
            return self.get(request, *args, **kwargs)
        chosen = Volunteer.objects.filter(pk__in=request.POST.getlist("volunteer"))
        invited = actions.do_invite(list(chosen), self.activity)
        messages.success(request, _("已邀请 %(n)d 名志愿者。") % {"n": invited})
        return redirect("roster_admin:activity_detail", self.activity.pk)

    def get_context_data(self, **kwargs):
        activity = self.activity
        initial = {}
        if activity is not None:
            initial = {
                "role": activity.role_id,
                "starts_at": timezone.localtime(activity.starts_at).strftime("%Y-%m-%dT%H:%M"),
                "ends_at": timezone.localtime(activity.ends_at).strftime("%Y-%m-%dT%H:%M"),
            }
        form = MatchForm(self.request.GET if "role" in self.request.GET else None, initial=initial)
        candidates = None
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            candidates = matching.match_volunteers(data["role"], data["starts_at"], data["ends_at"])
        elif activity is not None:
            candidates = matching.match_volunteers(activity.role, activity.starts_at, activity.ends_at)
        skill_labels = dict(Skill.choices)
        if candidates is not None:
            candidates = [(c, [skill_labels.get(s, s) for s in c.matching_skills]) for c in candidates]
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "activity": activity,
            "candidates": candidates,
            "invited": set(activity.signups.values_list("volunteer_id", flat=True)) if activity else set(),
        }
