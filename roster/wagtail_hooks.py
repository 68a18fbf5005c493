"""The roster in the Wagtail admin: a "志愿者名册" menu of snippet lists, and a "名册工作台" menu of work pages.

Lists show ID and mobile numbers masked only; full numbers are on the pages that need them, and a full ID number
only after a logged click (``roster.privacy.reveal_id_number``).
"""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet, SnippetViewSetGroup

from config.admin_policies import RecordPermissionPolicy

from . import admin_urls
from .actions import do_add_note, do_fill_from_waitlist, do_record_evaluation
from .admin.record_snippets import READ_ONLY_MODELS, RecordViewSetGroup
from .models import (
    Activity,
    Application,
    Commendation,
    Evaluation,
    IdNumberView,
    Note,
    ServiceRecord,
    ServiceRecordChange,
    ServiceRole,
    Signup,
    StatusChange,
    Volunteer,
)


class ServiceRoleViewSet(SnippetViewSet):
    model = ServiceRole
    icon = "tag"
    list_display = ["name", "time_commitment", "recruiting"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("time_commitment"),
        FieldPanel("preferred_skills"),
        FieldPanel("required_courses"),
        FieldPanel("needs_insurance"),
        FieldPanel("recruiting"),
    ]


class ApplicationViewSet(SnippetViewSet):
    model = Application
    icon = "form"
    list_display = ["name", "mobile_masked", "id_number_masked", "status", "created_at"]
    list_filter = ["status", "heard_from"]
    search_fields = ["name"]
    # Accepting or rejecting goes through 名册工作台 → 申请筛选 (account, number, history); only notes are edited here.
    panels = [FieldPanel("interview_notes")]


class VolunteerViewSet(SnippetViewSet):
    model = Volunteer
    icon = "group"
    list_display = ["number", "name", "mobile_masked", "id_number_masked", "status", "cohort", "star_level"]
    list_filter = ["status", "cohort", "star_level"]
    search_fields = ["name", "number"]
    panels = [
        FieldPanel("number"),
        FieldPanel("name"),
        FieldPanel("gender"),
        FieldPanel("date_of_birth"),
        FieldPanel("mobile"),
        FieldPanel("email"),
        FieldPanel("education"),
        FieldPanel("occupation"),
        FieldPanel("skills"),
        FieldPanel("availability"),
        FieldPanel("roles"),
        FieldPanel("cohort"),
        FieldPanel("emergency_contact_name"),
        FieldPanel("emergency_contact_phone"),
        FieldPanel("joined_on"),
        FieldPanel("id_type"),
        FieldPanel("residence_area"),
        FieldPanel("service_category"),
        FieldPanel("national_number"),
    ]


class ActivityViewSet(SnippetViewSet):
    model = Activity
    icon = "date"
    list_display = ["name", "department", "starts_at", "role", "capacity", "social_worker"]
    list_filter = ["role", "department"]
    search_fields = ["name", "department"]


# Check-ins and service records change only through ``roster.actions``, which keep who, when and why; their snippet
# lists are for reading, so no form can edit a record without a trace.
register_permission_policy(Signup, RecordPermissionPolicy(Signup))
register_permission_policy(ServiceRecord, RecordPermissionPolicy(ServiceRecord))
register_permission_policy(ServiceRecordChange, RecordPermissionPolicy(ServiceRecordChange))
# Histories and access logs are written by the actions they record (do_change_status, viewing an ID number); a form
# could otherwise back-date a status change or erase who looked at an ID number.
register_permission_policy(StatusChange, RecordPermissionPolicy(StatusChange))
register_permission_policy(IdNumberView, RecordPermissionPolicy(IdNumberView))
for _read_only in READ_ONLY_MODELS:
    register_permission_policy(_read_only, RecordPermissionPolicy(_read_only))


class SignupViewSet(SnippetViewSet):
    model = Signup
    icon = "tick"
    list_display = ["volunteer", "activity", "status", "checked_in_at", "checked_out_at"]
    list_filter = ["status"]
    inspect_view_enabled = True


class ServiceRecordViewSet(SnippetViewSet):
    model = ServiceRecord
    icon = "time"
    list_display = ["volunteer", "date", "department", "content", "hours", "status", "missing_check_out"]
    list_filter = ["status", "missing_check_out", "department"]
    inspect_view_enabled = True


class ServiceRecordChangeViewSet(SnippetViewSet):
    model = ServiceRecordChange
    icon = "history"
    list_display = ["record", "reason", "changed_by", "changed_at"]
    inspect_view_enabled = True


class CommendationViewSet(SnippetViewSet):
    model = Commendation
    icon = "pick"
    list_display = ["volunteer", "name", "level", "issuer", "awarded_on"]
    list_filter = ["level"]


class EvaluationCreateView(CreateView):
    """The author is whoever enters the evaluation (``do_record_evaluation``), not a choice in the form."""

    def save_instance(self) -> Evaluation:
        return do_record_evaluation(self.form.instance, by=self.request.user)


class EvaluationViewSet(SnippetViewSet):
    model = Evaluation
    icon = "comment"
    add_view_class = EvaluationCreateView
    panels = [
        FieldPanel("volunteer"),
        FieldPanel("kind"),
        FieldPanel("rating"),
        FieldPanel("content"),
        FieldPanel("source"),
        FieldPanel("recorded_on"),
        FieldPanel("service_date"),
    ]
    list_display = ["volunteer", "kind", "rating", "service_date", "recorded_on", "entered_at", "author"]
    list_filter = ["kind"]


class NoteCreateView(CreateView):
    """A note is written by whoever writes it (``do_add_note``, as on the volunteer's page)."""

    def save_instance(self) -> Note:
        return do_add_note(self.form.instance.volunteer, self.form.instance.text, by=self.request.user)


class NoteViewSet(SnippetViewSet):
    model = Note
    icon = "edit"
    add_view_class = NoteCreateView
    panels = [FieldPanel("volunteer"), FieldPanel("text")]
    list_display = ["volunteer", "created_at", "author"]


class StatusChangeViewSet(SnippetViewSet):
    model = StatusChange
    icon = "history"
    list_display = ["volunteer", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]
    inspect_view_enabled = True


class IdNumberViewViewSet(SnippetViewSet):
    model = IdNumberView
    icon = "view"
    list_display = ["viewer", "subject", "viewed_at", "ip_address"]
    add_to_admin_menu = False


class RosterViewSetGroup(SnippetViewSetGroup):
    menu_label = _("志愿者名册")
    menu_icon = "group"
    menu_order = 300
    items = (
        VolunteerViewSet,
        ApplicationViewSet,
        ServiceRoleViewSet,
        ActivityViewSet,
        SignupViewSet,
        ServiceRecordViewSet,
        ServiceRecordChangeViewSet,
        CommendationViewSet,
        EvaluationViewSet,
        NoteViewSet,
        StatusChangeViewSet,
        IdNumberViewViewSet,
    )


register_snippet(RosterViewSetGroup)
register_snippet(RecordViewSetGroup)


@hooks.register("after_edit_snippet")
def fill_places_after_activity_edit(request, instance):
    """A capacity raised in the snippet editor gives the new places to the waitlist at once."""
    if isinstance(instance, Activity):
        do_fill_from_waitlist(instance)


@hooks.register("register_admin_urls")
def register_roster_admin_urls():
    return [path("roster/", include(admin_urls, namespace="roster_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, label, url_name: str, permission: str, icon_name: str, order: int):
        super().__init__(label, reverse(url_name), icon_name=icon_name, order=order)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_roster_work_menu():
    items = [
        PermissionMenuItem(_("申请筛选"), "roster_admin:screening_index", "roster.change_application", "form", 1),
        PermissionMenuItem(_("志愿者档案"), "roster_admin:volunteer_index", "roster.view_volunteer", "group", 2),
        PermissionMenuItem(_("服务时长确认"), "roster_admin:hours_queue", "roster.change_servicerecord", "time", 3),
        PermissionMenuItem(_("活动与签到"), "roster_admin:activity_index", "roster.view_activity", "date", 3),
        PermissionMenuItem(_("匹配志愿者"), "roster_admin:match", "roster.change_signup", "search", 4),
        PermissionMenuItem(_("数据看板"), "roster_admin:dashboard", "roster.view_servicerecord", "table", 5),
        PermissionMenuItem(_("服务报表导出"), "roster_admin:report", "roster.view_servicerecord", "doc-full", 6),
        PermissionMenuItem(_("导入名册"), "roster_admin:import", "roster.add_volunteer", "upload", 7),
        PermissionMenuItem(
            _("服务记录更正申请"), "roster_admin:correction_queue", "roster.change_servicerecord", "edit", 3
        ),
        PermissionMenuItem(_("删除个人信息申请"), "roster_admin:erasure_queue", "roster.change_volunteer", "bin", 8),
        PermissionMenuItem(
            _("开具志愿服务证明"), "roster_admin:service_proof", "certificates.add_certificate", "doc-full", 6
        ),
        PermissionMenuItem(
            _("逾期未录入记录"), "roster_admin:overdue_entries", "roster.change_servicerecord", "warning", 3
        ),
        PermissionMenuItem(
            _("全国系统录入"), "roster_admin:national_entry", "roster.change_servicerecord", "upload", 6
        ),
        PermissionMenuItem(_("保险与健康到期"), "roster_admin:expiring_cover", "roster.view_volunteer", "warning", 8),
        PermissionMenuItem(
            _("身份证号查看记录"), "wagtailsnippets_roster_idnumberview:list", "roster.view_idnumberview", "view", 9
        ),
    ]
    return SubmenuMenuItem(_("名册工作台"), Menu(items=items), icon_name="clipboard-list", order=290)


@hooks.register("register_admin_menu_item")
def register_scheduling_menu():
    """排班 (issue 16 part B): weekly series, leave and follow-up, check-in kiosks, the private calendar feed."""
    items = [
        PermissionMenuItem(_("系列活动"), "roster_admin:series", "roster.add_activity", "rotate", 1),
        PermissionMenuItem(_("请假与回访"), "roster_admin:followup", "roster.change_volunteer", "user", 2),
        PermissionMenuItem(_("签到台"), "roster_admin:kiosks", "roster.add_kiosksession", "tablet-alt", 3),
        PermissionMenuItem(_("我的日历订阅"), "roster:my_calendar", "wagtailadmin.access_admin", "date", 4),
    ]
    return SubmenuMenuItem(_("排班"), Menu(items=items), icon_name="calendar-alt", order=291)
