"""Snippet lists of the record's tables: the holiday calendar, health items, insurance policies and agreement
versions are edited here; health checks, signed agreements and national-system marks are written only through
``roster.actions`` (on the record page and the 全国系统录入 screen) and only read here."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from ..models import AgreementVersion, HealthCheck, HealthItem, Holiday, InsurancePolicy, NationalEntry, SignedAgreement


class HolidayViewSet(SnippetViewSet):
    model = Holiday
    icon = "date"
    list_display = ["date", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    panels = [FieldPanel("date"), FieldPanel("kind"), FieldPanel("name")]


class HealthItemViewSet(SnippetViewSet):
    model = HealthItem
    icon = "success"
    list_display = ["name", "validity_days", "remind_days"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("validity_days"),
        FieldPanel("remind_days"),
        FieldPanel("roles"),
    ]


class InsurancePolicyViewSet(SnippetViewSet):
    model = InsurancePolicy
    icon = "lock"
    list_display = ["insurer", "number", "starts_on", "ends_on"]
    search_fields = ["insurer", "number"]
    panels = [
        FieldPanel("insurer"),
        FieldPanel("number"),
        FieldPanel("starts_on"),
        FieldPanel("ends_on"),
        FieldPanel("covered"),
        FieldPanel("note"),
    ]


class AgreementVersionViewSet(SnippetViewSet):
    model = AgreementVersion
    icon = "doc-full"
    list_display = ["version", "title", "effective_from", "term_months"]
    panels = [
        FieldPanel("version"),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("effective_from"),
        FieldPanel("term_months"),
    ]


class HealthCheckViewSet(SnippetViewSet):
    model = HealthCheck
    icon = "success"
    list_display = ["volunteer", "item", "checked_on", "result", "checked_by"]
    list_filter = ["item", "result"]


class SignedAgreementViewSet(SnippetViewSet):
    model = SignedAgreement
    icon = "doc-full"
    list_display = ["volunteer", "version", "signed_on", "expires_on", "how"]


class NationalEntryViewSet(SnippetViewSet):
    model = NationalEntry
    icon = "tick"
    list_display = ["record", "marked_at", "marked_by"]


# Rows written only through ``roster.actions``: their lists are read-only (``config.admin_policies``).
READ_ONLY_MODELS = (HealthCheck, SignedAgreement, NationalEntry)


class RecordViewSetGroup(SnippetViewSetGroup):
    menu_label = _("档案与保障")
    menu_icon = "clipboard-list"
    menu_order = 301
    items = (
        HolidayViewSet,
        HealthItemViewSet,
        HealthCheckViewSet,
        InsurancePolicyViewSet,
        AgreementVersionViewSet,
        SignedAgreementViewSet,
        NationalEntryViewSet,
    )
