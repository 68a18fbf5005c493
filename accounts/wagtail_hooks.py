from auditlog.models import LogEntry
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
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
    list_display = ["timestamp", "actor", "action", "content_type", "object_repr", "remote_addr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "changes_text"]
    ordering = ["-timestamp"]


@hooks.register("register_admin_viewset")
def register_audit_log_viewset():
    return AuditLogViewSet("audit_log")
