from __future__ import annotations

from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from . import admin_urls
from .models import Cohort, Programme, Session


class LinkColumn(Column):
    """A column with a link built from the row (the cohort grid, the session QR)."""

    def __init__(self, name, label, url_name, text):
        super().__init__(name, label=label)
        self.url_name, self.text = url_name, text

    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text)


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "list-ol"
    menu_label = _("培训项目")
    list_display = ["name", "weeks", "certificate_rule", "active"]
    search_fields = ["name"]


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("培训批次")
    list_display = [
        "name",
        "programme",
        "start_date",
        "social_worker",
        LinkColumn("grid", _("进度"), "onboarding_admin:grid", _("查看进度表")),
    ]
    list_filter = ["programme"]
    search_fields = ["name"]


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = _("集中培训签到")
    list_display = [
        "step",
        "cohort",
        "starts_at",
        "location",
        LinkColumn("qr", _("签到"), "onboarding_admin:session_qr", _("显示二维码")),
    ]
    list_filter = ["cohort"]


class OnboardingViewSetGroup(ViewSetGroup):
    menu_label = _("岗前培训")
    menu_icon = "calendar-alt"
    menu_order = 280
    items = (
        ProgrammeViewSet("onboarding_programmes"),
        CohortViewSet("onboarding_cohorts"),
        SessionViewSet("onboarding_sessions"),
    )


@hooks.register("register_admin_viewset")
def register_onboarding_viewsets():
    return OnboardingViewSetGroup()


@hooks.register("register_admin_urls")
def register_onboarding_admin_urls():
    return [path("onboarding/", include(admin_urls, namespace="onboarding_admin"))]


@hooks.register("roster_cohort_choices")
def open_cohorts_for_screening() -> list[tuple[str, str]]:
    """The cohorts a screened volunteer may join: those of active programmes that have not ended yet."""
    today = timezone.localdate()
    cohorts = Cohort.objects.select_related("programme").filter(programme__active=True).order_by("start_date")
    return [(str(cohort.pk), cohort.name) for cohort in cohorts if cohort.end_date >= today]
