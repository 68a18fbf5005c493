import django_filters
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, UserColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from config.page_cache import serve_with_page_cache

hooks.register("on_serve_page", serve_with_page_cache)


class ViewOnlyPolicy(ModelPermissionPolicy):
    """An audit log nobody may edit or delete, superusers included."""

    def user_has_permission(self, user, action: str) -> bool:
        return action == "view" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions) -> bool:
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(LogEntry, ViewOnlyPolicy(LogEntry))


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
