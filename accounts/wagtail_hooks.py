import django_filters
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, UserColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from config.admin_display import register_record_displays
from config.admin_policies import RecordPermissionPolicy
from config.page_cache import serve_with_page_cache

hooks.register("on_serve_page", serve_with_page_cache)
register_record_displays()
# An audit log nobody may edit or delete, superusers included.
register_permission_policy(LogEntry, RecordPermissionPolicy(LogEntry))


def _logged_content_types():
    """Only the kinds of record the log keeps: the filter offers what can match, not every installed model."""
    kinds = ContentType.objects.get_for_models(*auditlog.get_models()).values()
    return ContentType.objects.filter(pk__in=[kind.pk for kind in kinds])


class AuditLogFilterSet(WagtailFilterSet):
    content_type = django_filters.ModelChoiceFilter(
        label=_("记录类型"),
        queryset=lambda request: _logged_content_types(),
    )

    class Meta:
        model = LogEntry
        fields = ["action", "content_type"]


class AuditLogViewSet(ModelViewSet):
    """Read-only view of the audit log for coordinators."""

    model = LogEntry
    form_fields = ["action"]  # required by ModelViewSet; the policy above keeps add/edit unreachable
    icon = "history"
    menu_label = _("审计日志")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        Column("timestamp", label=_("时间")),
        UserColumn("actor", label=_("操作人"), blank_display_name=_("系统")),
        Column("get_action_display", label=_("操作")),
        Column("content_type", label=_("记录类型")),
        Column("object_repr", label=_("对象")),
        Column("remote_addr", label=_("来源地址")),
    ]
    filterset_class = AuditLogFilterSet
    search_fields = ["object_repr", "changes_text"]
    ordering = ["-timestamp"]


@hooks.register("register_admin_viewset")
def register_audit_log_viewset():
    return AuditLogViewSet("audit_log")
