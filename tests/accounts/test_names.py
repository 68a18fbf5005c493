"""Names are written family name first, as in Chinese, wherever the site and its admin show a person."""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from accounts.names import display_name


def test_display_name_puts_the_family_name_first(volunteer):
    assert display_name(volunteer) == "李小萌"
    assert volunteer.get_full_name() == "李小萌"


def test_admin_shows_the_signed_in_social_worker_family_name_first(client, social_worker, home_page):
    client.force_login(social_worker)
    html = client.get("/admin/").content.decode()
    assert "王思远" in html
    assert "思远 王" not in html


def test_admin_avatars_send_nothing_to_gravatar(client, social_worker, home_page):
    social_worker.email = "siyuan@example.com"
    social_worker.save()
    client.force_login(social_worker)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
    assert "default-user-avatar" in html


def test_audit_log_names_the_actor_family_name_first(client, coordinator, social_worker):
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(social_worker),
        object_pk=str(social_worker.pk),
        object_repr="siyuan",
        action=LogEntry.Action.UPDATE,
        actor=social_worker,
    )
    client.force_login(coordinator)
    html = client.get("/admin/audit_log/").content.decode()
    assert "王思远" in html
    assert "操作人" in html and "更新" in html


def test_audit_log_filter_offers_only_the_kinds_of_record_it_keeps(client, coordinator):
    client.force_login(coordinator)
    html = client.get("/admin/audit_log/").content.decode()
    assert "workflow content type" not in html
    assert "记录类型" in html
