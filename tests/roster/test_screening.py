from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.roles import VOLUNTEER
from roster.models import Application, Volunteer

from .factories import id_number, make_volunteer, years_ago

pytestmark = pytest.mark.django_db


def make_application(name="赵敏", mobile="13700001111", number="", **extra) -> Application:
    application = Application(
        name=name,
        gender="female",
        date_of_birth=years_ago(25),
        mobile=mobile,
        education="bachelor",
        occupation="学生",
        availability=["sat-am"],
        emergency_contact_name="赵父",
        emergency_contact_phone="13700002222",
        heard_from="school",
        privacy_notice_version="2026.1",
        privacy_consented_at=timezone.now(),
        **extra,
    )
    application.set_id_number(number)
    application.save()
    return application


def test_social_worker_sees_new_applications_with_masked_numbers(client, social_worker):
    number = id_number(years_ago(25))
    make_application(number=number)
    client.force_login(social_worker)
    text = client.get(reverse("roster_admin:screening_index")).content.decode()
    assert "赵敏" in text and "137****1111" in text and number[:4] + "*" * 10 + number[-4:] in text
    assert "13700001111" not in text and number not in text


def test_volunteer_cannot_open_screening(client, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("roster_admin:screening_index")).status_code in (302, 403)


def test_duplicate_applicants_by_phone_or_id_are_flagged(client, social_worker):
    number = id_number(years_ago(25))
    make_application(number=number)
    make_application(name="赵敏敏", mobile="13700009999", number=number)
    make_application(name="无关的人", mobile="13600000000")
    client.force_login(social_worker)
    text = client.get(reverse("roster_admin:screening_index")).content.decode()
    assert text.count("疑似重复") == 2


def test_accepting_creates_account_volunteer_number_group_and_invitation(
    client, social_worker, django_capture_on_commit_callbacks
):
    application = make_application(email="zm@example.com")
    client.force_login(social_worker)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("roster_admin:screening_detail", args=[application.pk]),
            {"decision": "accept", "cohort": "", "interview_notes": "沟通良好"},
        )
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert volunteer.number.startswith(f"SG{timezone.localdate().year}-")
    assert volunteer.status == Volunteer.Status.TRAINING and volunteer.cohort == ""
    assert volunteer.user.groups.filter(name=VOLUNTEER).exists()
    assert not volunteer.user.has_usable_password()
    assert [c.to_status for c in volunteer.status_changes.all()] == ["applying", "training"]
    application.refresh_from_db()
    assert application.status == Application.Status.ACCEPTED and application.interview_notes == "沟通良好"
    assert len(mail.outbox) == 1 and "/accounts/password/reset/" in mail.outbox[0].body
    link = mail.outbox[0].body.split("http://127.0.0.1:8000", 1)[1].split()[0]
    client.logout()
    set_password = client.get(link, follow=True)
    assert set_password.status_code == 200 and "new_password1" in set_password.content.decode()


def test_rejecting_needs_a_reason(client, social_worker):
    application = make_application()
    client.force_login(social_worker)
    url = reverse("roster_admin:screening_detail", args=[application.pk])
    response = client.post(url, {"decision": "reject", "rejection_reason": ""})
    assert "请填写未录用原因" in response.content.decode()
    client.post(url, {"decision": "reject", "rejection_reason": "时间无法满足"})
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED and not Volunteer.objects.exists()


def test_viewing_a_full_id_number_is_logged(client, social_worker):
    from roster.models import IdNumberView

    number = id_number(years_ago(25))
    application = make_application(number=number)
    client.force_login(social_worker)
    detail = client.get(reverse("roster_admin:screening_detail", args=[application.pk])).content.decode()
    assert number not in detail
    response = client.post(reverse("roster_admin:reveal_id", args=["application", application.pk]))
    assert number in response.content.decode()
    log = IdNumberView.objects.get()
    assert log.viewer == social_worker and "赵敏" in log.subject


def test_volunteer_record_shows_status_history_and_adds_notes(client, social_worker):
    volunteer = make_volunteer("钱多多", status=Volunteer.Status.TRAINING)
    client.force_login(social_worker)
    url = reverse("roster_admin:volunteer_record", args=[volunteer.pk])
    client.post(url, {"action": "status", "status-status": "active", "status-reason": "培训合格"})
    client.post(url, {"action": "note", "note-text": "擅长与老人沟通"})
    text = client.get(url).content.decode()
    assert "培训合格" in text and "擅长与老人沟通" in text
    volunteer.refresh_from_db()
    assert volunteer.status == Volunteer.Status.ACTIVE


def test_volunteer_numbers_keep_counting_past_four_digits():
    from roster.actions import next_volunteer_number

    year = timezone.localdate().year
    Volunteer.objects.create(number=f"SG{year}-9999", name="甲")
    Volunteer.objects.create(number=f"SG{year}-10000", name="乙")
    assert next_volunteer_number() == f"SG{year}-10001"
