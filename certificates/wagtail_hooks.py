"""The "证书" admin menu: templates (with sample PDF), rules, certificates (read-only, with lifecycle actions),
verification log, bulk jobs and the expiring-soon list."""

from __future__ import annotations

from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from config.admin_policies import RecordPermissionPolicy

from . import admin_views
from .models import Certificate, CertificateTemplate, IssuingRule, VerificationLog

# Certificates and logs change only through actions.py, never through a generic edit form.
register_permission_policy(Certificate, RecordPermissionPolicy(Certificate))
register_permission_policy(VerificationLog, RecordPermissionPolicy(VerificationLog))


def _sample_link(template: CertificateTemplate) -> str:
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        reverse("certificates_actions:template_sample", args=[template.pk]),
        _("样张 PDF"),
    )


def _certificate_actions(certificate: Certificate) -> str:
    links = [(reverse("certificates:download", args=[certificate.serial]), _("PDF"))]
    if certificate.status == Certificate.Status.ISSUED:
        for action, label in (("revoke", _("撤销")), ("reissue", _("更正重发")), ("renew", _("续期"))):
            links.append((reverse("certificates_actions:certificate", args=[certificate.pk, action]), label))
        links.append((reverse("certificates_jobs:print") + f"?serials={certificate.serial}", _("打印")))
    elif certificate.status == Certificate.Status.REVOKED:
        links.append((reverse("certificates_actions:certificate", args=[certificate.pk, "reinstate"]), _("恢复")))
    return format_html_join(" · ", '<a href="{}">{}</a>', links)


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = _("证书模板")
    list_display = ["name", "title", "kind", "orientation", Column("sample", label=_("预览"), accessor=_sample_link)]


class IssuingRuleViewSet(SnippetViewSet):
    model = IssuingRule
    icon = "cog"
    menu_label = _("颁发规则")
    list_display = ["__str__", "trigger", "hours", "validity_months", "active"]
    list_filter = ["trigger", "active", "template"]


class CertificateViewSet(SnippetViewSet):
    model = Certificate
    icon = "tick-inverse"
    menu_label = _("证书")
    inspect_view_enabled = True
    copy_view_enabled = False
    search_fields = ["serial", "holder_name", "title"]
    search_backend_name = None
    list_display = [
        "serial",
        "holder_name",
        "title",
        "issued_on",
        "valid_until",
        "status",
        Column("actions", label=_("操作"), accessor=_certificate_actions),
    ]
    list_filter = ["status", "template", "issued_on"]
    inspect_view_fields = [
        "serial",
        "holder",
        "holder_name",
        "title",
        "hours",
        "scope",
        "issued_on",
        "valid_until",
        "status",
        "issued_by",
        "replaces",
        "revoked_at",
        "revoked_by",
        "revoke_reason",
        "template",
        "rule",
    ]


class VerificationLogViewSet(SnippetViewSet):
    model = VerificationLog
    icon = "view"
    menu_label = _("查验记录")
    list_display = ["at", "method", "outcome", "serial_entered", "certificate", "client_hash"]
    list_filter = ["method", "outcome"]
    copy_view_enabled = False


class CertificateActionsViewSet(ViewSet):
    """Lifecycle actions and the template sample; reached from the listings, not from the menu."""

    name = "certificates_actions"
    url_prefix = "certificates/actions"

    def get_urlpatterns(self):
        return [
            path("template/<int:pk>/sample.pdf", admin_views.TemplateSampleView.as_view(), name="template_sample"),
            path("certificate/<int:pk>/<str:action>/", admin_views.CertificateActionView.as_view(), name="certificate"),
        ]


class BulkJobViewSet(ViewSet):
    name = "certificates_jobs"
    url_prefix = "certificates/jobs"
    icon = "tasks"
    menu_label = _("颁发与打印")

    def get_urlpatterns(self):
        return [
            path("", admin_views.JobListView.as_view(), name="list"),
            path("issue/", admin_views.IssueView.as_view(), name="issue"),
            path("print/", admin_views.PrintView.as_view(), name="print"),
            path("<int:pk>/", admin_views.JobDetailView.as_view(), name="detail"),
            path("<int:pk>/output.pdf", admin_views.JobOutputView.as_view(), name="output"),
        ]


class ExpiringViewSet(ViewSet):
    name = "certificates_expiring"
    url_prefix = "certificates/expiring"
    icon = "time"
    menu_label = _("即将到期")

    def get_urlpatterns(self):
        return [path("", admin_views.ExpiringView.as_view(), name="list")]


class CertificatesGroup(ViewSetGroup):
    menu_label = _("证书")
    menu_icon = "tick-inverse"
    menu_order = 320
    items = (
        CertificateViewSet,
        CertificateTemplateViewSet,
        IssuingRuleViewSet,
        BulkJobViewSet,
        ExpiringViewSet,
        VerificationLogViewSet,
    )


@hooks.register("register_admin_viewset")
def register_certificates_admin():
    return [CertificatesGroup(), CertificateActionsViewSet()]
