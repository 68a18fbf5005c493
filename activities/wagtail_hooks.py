"""公益活动 in the Wagtail admin: snippet lists, a "公益活动工作台" menu, and the contract panel on the admin home."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from config.admin_policies import RecordPermissionPolicy

from . import actions, admin_urls, queries
from .models import ActivityPage, ContractPeriod, Feedback, FeedbackQuestion, Registration, Tally

# Registrations, feedback and tallies change only through ``activities.actions`` (capacity, the waitlist, the
# de-identification check); their lists are for reading.
register_permission_policy(Registration, RecordPermissionPolicy(Registration))
register_permission_policy(Feedback, RecordPermissionPolicy(Feedback))
register_permission_policy(
    Tally, RecordPermissionPolicy(Tally, denied={"add", "change"})
)  # a tally entered by mistake is removed


class RegistrationViewSet(SnippetViewSet):
    model = Registration
    icon = "user"
    list_display = ["salutation", "mobile_masked", "people", "activity", "status", "signed_in_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["salutation"]
    inspect_view_enabled = True
    inspect_view_fields = ["salutation", "mobile_masked", "people", "note", "status", "created_at", "signed_in_at"]


class FeedbackViewSet(SnippetViewSet):
    model = Feedback
    icon = "comment"
    list_display = ["activity", "from_volunteer", "submitted_on", "comment"]
    inspect_view_enabled = True


class FeedbackQuestionViewSet(SnippetViewSet):
    model = FeedbackQuestion
    icon = "help"
    list_display = ["text", "order", "active"]


class ContractPeriodViewSet(SnippetViewSet):
    model = ContractPeriod
    icon = "doc-full"
    list_display = ["name", "starts_on", "ends_on"]


class TallyViewSet(SnippetViewSet):
    model = Tally
    icon = "list-ol"
    list_display = ["date", "category", "count", "summary", "recorded_by"]
    list_filter = ["category"]


class ActivitiesViewSetGroup(SnippetViewSetGroup):
    menu_label = _("公益活动")
    menu_icon = "date"
    menu_order = 310
    items = (RegistrationViewSet, FeedbackViewSet, FeedbackQuestionViewSet, ContractPeriodViewSet, TallyViewSet)


register_snippet(ActivitiesViewSetGroup)


@hooks.register("register_admin_urls")
def register_activities_admin_urls():
    return [path("activities/", include(admin_urls, namespace="activities_admin"))]


@hooks.register("register_page_header_buttons")
def repeat_activity_button(page, user, view_name, next_url=None):
    """「按周期复制」 on an activity page's header menu: the other dates of a series from this one."""
    activity = page.specific_deferred
    if isinstance(activity, ActivityPage) and actions.may_repeat(activity, user):
        yield Button(_("按周期复制"), reverse("activities_admin:repeat", args=[page.pk]), icon_name="copy", priority=35)


class PermissionMenuItem(MenuItem):
    def __init__(self, label, url_name: str, permission: str, icon_name: str, order: int):
        super().__init__(label, reverse(url_name), icon_name=icon_name, order=order)
        self.permission = permission

    def is_shown(self, request) -> bool:
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_activities_work_menu():
    items = [
        PermissionMenuItem(
            _("活动签到"), "activities_admin:sign_in_index", "activities.change_registration", "tick", 1
        ),
        PermissionMenuItem(
            _("合同指标看板"), "activities_admin:contract_dashboard", "activities.view_contractperiod", "table", 2
        ),
    ]
    return SubmenuMenuItem(_("公益活动工作台"), Menu(items=items), icon_name="date", order=295)


class ContractPanel(Component):
    """On the admin home: the current contract period's indicators against their targets."""

    name = "activities_contract"
    order = 150

    def __init__(self, period: ContractPeriod) -> None:
        self.period = period

    def render_html(self, parent_context=None) -> str:
        return render_to_string(
            "activities/admin/contract_panel.html",
            {"period": self.period, "progress": queries.contract_progress(self.period)},
        )


@hooks.register("construct_homepage_panels")
def add_contract_panel(request, panels) -> None:
    if not request.user.has_perm("activities.view_contractperiod"):
        return
    period = queries.current_period()
    if period is not None:
        panels.append(ContractPanel(period))
