from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import Group

from accounts.roles import COORDINATOR


def test_granting_a_role_is_recorded_with_who_did_it(client, coordinator, volunteer, home_page):
    with set_actor(coordinator):
        volunteer.groups.add(Group.objects.get(name=COORDINATOR))
    entry = LogEntry.objects.get_for_object(volunteer).latest("timestamp")
    assert entry.actor == coordinator
    assert "groups" in entry.changes_display_dict or "groups" in str(entry.changes)


def test_password_hashes_never_reach_the_audit_log(volunteer):
    volunteer.set_password("another-secret-123")
    volunteer.save()
    for entry in LogEntry.objects.get_for_object(volunteer):
        assert "password" not in str(entry.changes)


def test_coordinator_reads_the_audit_log_in_the_admin_but_a_social_worker_cannot(
    client, coordinator, social_worker, home_page
):
    client.force_login(coordinator)
    assert client.get("/admin/audit_log/").status_code == 200
    entry = LogEntry.objects.first()
    assert client.get(f"/admin/audit_log/edit/{entry.pk}/").status_code in (302, 403, 404)
    client.force_login(social_worker)
    assert client.get("/admin/audit_log/").status_code in (302, 403)
