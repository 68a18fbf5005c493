"""Object-level access: every URL that takes an id or a code, tried by another volunteer and by staff.

A volunteer can never read or change another volunteer's attempts, record or certificates: the answer is 403/404
(or a refusal message) with none of the owner's data in the body, and nothing changes. The admin is for staff roles.
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from accounts.roles import SOCIAL_WORKER
from courses.models import AttemptState
from onboarding.models import StepRecord
from roster.models import ServiceRecord, Signup
from tests.conftest import make_user

from .conftest import OWNER_ID, OWNER_MOBILE

OWNER_SECRETS = ("李小萌", "小萌", OWNER_MOBILE, OWNER_ID)


def assert_no_owner_data(response) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    for secret in OWNER_SECRETS:
        assert secret not in text


def refused(response) -> bool:
    """Refused outright, or sent to a login page (the admin's answer to a user without admin access)."""
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "login" in response["Location"]


# --- quiz attempts --------------------------------------------------------------------------------------------------


def test_another_volunteer_cannot_open_an_attempt(client, intruder, attempt):
    client.force_login(intruder)
    response = client.get(reverse("courses:attempt", args=[attempt.pk]))
    assert response.status_code == 404
    first_question = attempt.answers.order_by("position").first().question_data["text"]
    assert first_question not in response.content.decode()


def test_another_volunteer_cannot_post_answers_into_an_attempt(client, intruder, attempt):
    client.force_login(intruder)
    answer = attempt.answers.order_by("position").first()
    response = client.post(reverse("courses:attempt", args=[attempt.pk]), {f"q{answer.position}": "x"})
    assert response.status_code == 404
    answer.refresh_from_db()
    assert answer.response in (None, "", [])


def test_another_volunteer_cannot_autosave_into_an_attempt(client, intruder, attempt):
    client.force_login(intruder)
    response = client.post(
        reverse("courses:save", args=[attempt.pk]),
        json.dumps({"position": 1, "response": "手卫生"}),
        content_type="application/json",
    )
    assert response.status_code == 404
    assert attempt.answers.get(position=1).response in (None, "", [])


def test_another_volunteer_cannot_check_an_answer_of_an_attempt(client, intruder, attempt):
    client.force_login(intruder)
    response = client.post(
        reverse("courses:check", args=[attempt.pk]), json.dumps({"position": 1}), content_type="application/json"
    )
    assert response.status_code == 404
    assert "correct_answer" not in response.content.decode()
    assert not attempt.answers.get(position=1).checked


def test_another_volunteer_cannot_submit_an_attempt(client, intruder, attempt):
    client.force_login(intruder)
    assert client.post(reverse("courses:submit", args=[attempt.pk])).status_code == 404
    attempt.refresh_from_db()
    assert attempt.state == AttemptState.IN_PROGRESS


def test_another_volunteer_cannot_read_a_result(client, owner, intruder, attempt):
    client.force_login(owner)
    client.post(reverse("courses:submit", args=[attempt.pk]))
    attempt.refresh_from_db()
    assert attempt.state != AttemptState.IN_PROGRESS
    client.force_login(intruder)
    response = client.get(reverse("courses:result", args=[attempt.pk]))
    assert response.status_code == 404
    assert str(attempt.score) not in response.content.decode() or attempt.score is None


def test_owner_still_reaches_their_attempt(client, owner, attempt):
    client.force_login(owner)
    assert client.get(reverse("courses:attempt", args=[attempt.pk])).status_code == 200


def test_anonymous_visitor_is_sent_to_login_for_an_attempt(client, attempt):
    for name in ("attempt", "result"):
        response = client.get(reverse(f"courses:{name}", args=[attempt.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- certificates ---------------------------------------------------------------------------------------------------


def test_another_volunteer_cannot_download_a_certificate(client, intruder, certificate):
    client.force_login(intruder)
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")
    assert_no_owner_data(response)


def test_unknown_serial_reads_the_same_as_someone_elses(client, intruder, certificate):
    client.force_login(intruder)
    theirs = client.get(reverse("certificates:download", args=[certificate.serial]))
    unknown = client.get(reverse("certificates:download", args=["SG-2099-999999"]))
    assert theirs.status_code == unknown.status_code == 404


# --- onboarding ----------------------------------------------------------------------------------------------------


def test_acknowledging_records_only_for_oneself(client, owner, intruder, steps):
    client.force_login(intruder)
    client.post(reverse("onboarding:acknowledge", args=[steps["pledge"].pk]))
    assert not StepRecord.objects.filter(user=owner).exists()
    assert StepRecord.objects.filter(user=intruder, step=steps["pledge"]).exists()


def test_a_volunteer_outside_the_programme_cannot_acknowledge_its_steps(client, owner, steps):
    outsider = make_user("outsider", "志愿者")
    client.force_login(outsider)
    response = client.post(reverse("onboarding:acknowledge", args=[steps["pledge"].pk]), follow=True)
    assert "不在这个培训项目" in response.content.decode()
    assert not StepRecord.objects.exists()


def test_a_volunteer_of_another_cohort_cannot_sign_in_with_the_sessions_code(client, owner, session, programme):
    from onboarding.models import Cohort, Membership

    other_cohort = Cohort.objects.create(programme=programme, name="另一批", start_date=session.cohort.start_date)
    outsider = make_user("outsider", "志愿者")
    Membership.objects.create(cohort=other_cohort, user=outsider)
    client.force_login(outsider)
    response = client.post(reverse("onboarding:sign_in", args=[session.sign_in_code]), follow=True)
    assert "其他批次" in response.content.decode()
    assert not StepRecord.objects.filter(step=session.step).exists()
    assert_no_owner_data(response)


def test_unknown_sign_in_code_is_not_found(client, intruder, session):
    client.force_login(intruder)
    assert client.get(reverse("onboarding:sign_in", args=["no-such-code"])).status_code == 404


# --- roster ---------------------------------------------------------------------------------------------------------


def test_another_volunteer_cannot_see_a_check_in_qr_code(client, intruder, signup):
    client.force_login(intruder)
    response = client.get(reverse("roster:signup_qr", args=[signup.pk]))
    assert response.status_code == 404
    assert signup.token not in response.content.decode()


def test_another_volunteer_cannot_cancel_a_signup(client, intruder, signup):
    client.force_login(intruder)
    assert client.post(reverse("roster:cancel_signup", args=[signup.pk])).status_code == 404
    signup.refresh_from_db()
    assert signup.status == Signup.Status.SIGNED_UP


def test_a_volunteer_cannot_check_anyone_in_even_with_the_token(client, intruder, signup):
    client.force_login(intruder)
    url = reverse("roster:check_in", args=[signup.token])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    signup.refresh_from_db()
    assert signup.checked_in_at is None
    assert not ServiceRecord.objects.exists()


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_my_data_download_holds_only_ones_own_data(client, owner, intruder, fmt):
    client.force_login(intruder)
    response = client.get(reverse("roster:my_data", args=[fmt]))
    assert response.status_code == 200
    if fmt == "json":
        text = response.content.decode()
        assert "赵闯" in text
        assert_no_owner_data(response)
    else:
        import io

        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(response.content))
        cells = " ".join(str(c.value) for ws in workbook for row in ws.iter_rows() for c in row if c.value)
        assert "赵闯" in cells
        assert not any(secret in cells for secret in OWNER_SECRETS)


def test_my_data_for_a_user_without_a_record_is_not_found(client, owner):
    client.force_login(make_user("nobody", "志愿者"))
    assert client.get(reverse("roster:my_data", args=["json"])).status_code == 404


def test_erasure_request_applies_only_to_oneself(client, owner, intruder):
    from roster.models import Volunteer

    client.force_login(intruder)
    client.post(reverse("roster:request_erasure"), {"confirm": "yes"})
    assert Volunteer.objects.get(user=owner).erasure_requested_at is None


# --- the admin: staff roles only ------------------------------------------------------------------------------------


@pytest.fixture
def admin_urls(owner, attempt, certificate, session, cohort, steps):
    from roster.models import Volunteer

    volunteer = Volunteer.objects.get(user=owner)
    membership_id = cohort.memberships.get(user=owner).pk
    return {
        "grid": f"/admin/onboarding/cohorts/{cohort.pk}/grid/",
        "session_qr": f"/admin/onboarding/sessions/{session.pk}/qr/",
        "volunteer_record": f"/admin/roster/volunteers/{volunteer.pk}/",
        "reveal_id": f"/admin/roster/id-number/volunteer/{volunteer.pk}/",
        "roster_export": "/admin/roster/volunteers/export.xlsx",
        "certificate_action": f"/admin/certificates/actions/certificate/{certificate.pk}/revoke/",
        "essays": "/admin/courses/essays/",
        "sign_off": f"/admin/onboarding/members/{membership_id}/steps/{steps['shadow'].pk}/sign-off/",
        "exception": f"/admin/onboarding/members/{membership_id}/steps/{steps['shadow'].pk}/exception/",
        "add_member": f"/admin/onboarding/cohorts/{cohort.pk}/members/add/",
        "move_member": f"/admin/onboarding/cohorts/{cohort.pk}/members/move/",
        "issue": "/admin/certificates/jobs/issue/",
    }


GET_URLS = ["grid", "session_qr", "volunteer_record", "roster_export", "certificate_action", "essays"]


@pytest.mark.parametrize("name", GET_URLS)
def test_a_volunteer_cannot_open_admin_pages(client, intruder, admin_urls, name):
    client.force_login(intruder)
    response = client.get(admin_urls[name])
    assert refused(response)
    assert_no_owner_data(response)


@pytest.mark.parametrize("name", GET_URLS)
def test_staff_flag_without_a_staff_role_does_not_open_the_admin(client, admin_urls, name):
    client.force_login(make_user("flagged", None, is_staff=True))
    response = client.get(admin_urls[name])
    assert refused(response)
    assert_no_owner_data(response)


@pytest.mark.parametrize("name", GET_URLS)
def test_a_social_worker_opens_admin_pages(client, social_worker, admin_urls, name):
    client.force_login(social_worker)
    assert client.get(admin_urls[name]).status_code == 200


def test_a_volunteer_cannot_sign_off_a_shadow_shift(client, owner, intruder, admin_urls, steps):
    client.force_login(intruder)
    response = client.post(admin_urls["sign_off"], {"rating": 5, "evaluation": "很好"})
    assert refused(response)
    assert not StepRecord.objects.filter(step=steps["shadow"]).exists()


@pytest.mark.parametrize("name", ["exception", "add_member", "move_member", "issue"])
def test_a_volunteer_cannot_post_to_staff_actions(client, owner, intruder, admin_urls, name, steps, cohort):
    from certificates.models import BulkJob
    from onboarding.models import Membership

    memberships = list(Membership.objects.values_list("pk", "cohort_id", "completed_at"))
    client.force_login(intruder)
    response = client.post(
        admin_urls[name], {"user": intruder.pk, "reason": "x", "cohort": cohort.pk, "holders": [owner.pk], "rule": 1}
    )
    assert refused(response)
    assert list(Membership.objects.values_list("pk", "cohort_id", "completed_at")) == memberships
    assert not StepRecord.objects.filter(step=steps["shadow"]).exists()
    assert not BulkJob.objects.exists()


def test_a_volunteer_cannot_reveal_an_id_number(client, intruder, admin_urls):
    client.force_login(intruder)
    response = client.post(admin_urls["reveal_id"])
    assert refused(response)
    assert_no_owner_data(response)


def test_a_volunteer_cannot_revoke_a_certificate(client, intruder, admin_urls, certificate):
    client.force_login(intruder)
    response = client.post(admin_urls["certificate_action"], {"reason": "恶意"})
    assert refused(response)
    certificate.refresh_from_db()
    assert certificate.status == certificate.Status.ISSUED


def test_social_worker_role_is_what_opens_the_admin(client, admin_urls):
    client.force_login(make_user("sw2", SOCIAL_WORKER))
    assert client.get(admin_urls["grid"]).status_code == 200
