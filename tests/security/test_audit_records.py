"""The audit log covers roster and certificate records without copying personal details into it."""

from __future__ import annotations

from auditlog.context import set_actor
from auditlog.models import LogEntry

from certificates.actions import do_revoke_certificate
from roster.models import Volunteer

from .conftest import OWNER_ID, OWNER_MOBILE


def test_changing_a_volunteer_record_is_logged_without_phone_or_id_number(owner, social_worker):
    volunteer = Volunteer.objects.get(user=owner)
    with set_actor(social_worker):
        volunteer.mobile = "13700001111"
        volunteer.status = Volunteer.Status.ACTIVE
        volunteer.save()
    entries = LogEntry.objects.get_for_object(volunteer)
    assert entries.filter(actor=social_worker).exists()
    logged = " ".join(str(entry.changes) for entry in entries)
    assert "status" in logged
    for secret in (OWNER_MOBILE, "13700001111", OWNER_ID, "id_number_encrypted"):
        assert secret not in logged


def test_revoking_a_certificate_is_logged_with_who_did_it(certificate, coordinator):
    with set_actor(coordinator):
        do_revoke_certificate(certificate, by=coordinator, reason="信息有误")
    entry = LogEntry.objects.get_for_object(certificate).latest("timestamp")
    assert entry.actor == coordinator
    assert "status" in str(entry.changes)
