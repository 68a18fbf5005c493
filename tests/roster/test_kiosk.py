"""The check-in kiosk: opened by a social worker on a tablet, which is signed out and keeps only the kiosk key;
volunteers check in (and out) with their QR code or number + PIN; it can do nothing else and can be closed remotely."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from roster import actions
from roster.models import KioskPin, KioskSession, ServiceRecord, Signup
from roster.qr import check_in_url
from tests.conftest import make_user
from tests.roster.factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def now_activity():
    return make_activity(make_role(), starts_at=timezone.now() - timedelta(minutes=5), hours=2)


@pytest.fixture
def kiosk_client(client, social_worker):
    """A tablet on which the social worker opened a kiosk at 门诊大厅."""
    client.force_login(social_worker)
    response = client.post(reverse("roster_admin:kiosks"), {"name": "门诊大厅服务台", "department": "门诊大厅"})
    assert response.status_code == 302 and response["Location"] == reverse("roster:kiosk")
    return client


def test_opening_a_kiosk_signs_the_device_out(kiosk_client):
    assert "_auth_user_id" not in kiosk_client.session
    page = kiosk_client.get(reverse("roster:kiosk"))
    assert page.status_code == 200 and "门诊大厅服务台" in page.content.decode()


def test_kiosk_checks_in_by_qr_code_then_checks_out(kiosk_client, now_activity):
    volunteer = make_volunteer()
    signup = actions.do_sign_up(volunteer, now_activity)
    page = kiosk_client.post(reverse("roster:kiosk"), {"code": check_in_url(signup)}, follow=True)
    assert "签到成功" in page.content.decode()
    assert Signup.objects.get(pk=signup.pk).checked_in_at is not None
    page = kiosk_client.post(reverse("roster:kiosk"), {"code": check_in_url(signup)}, follow=True)
    assert "签退成功" in page.content.decode()
    assert ServiceRecord.objects.filter(signup=signup, status=ServiceRecord.Status.PENDING).exists()


def test_kiosk_checks_in_by_number_and_pin_and_refuses_a_wrong_pin(kiosk_client, now_activity):
    volunteer = make_volunteer()
    signup = actions.do_sign_up(volunteer, now_activity)
    actions.do_set_kiosk_pin(volunteer, "4827")
    wrong = kiosk_client.post(reverse("roster:kiosk"), {"number": volunteer.number, "pin": "4828"}, follow=True)
    assert "编号或 PIN 不正确" in wrong.content.decode()
    assert Signup.objects.get(pk=signup.pk).checked_in_at is None
    empty = kiosk_client.post(reverse("roster:kiosk"), {"number": "", "pin": ""})
    assert "请扫描签到二维码" in empty.content.decode()
    right = kiosk_client.post(reverse("roster:kiosk"), {"number": volunteer.number.lower(), "pin": "4827"}, follow=True)
    assert "签到成功" in right.content.decode()
    assert Signup.objects.get(pk=signup.pk).checked_in_at is not None


def test_kiosk_locks_a_number_after_repeated_wrong_pins(kiosk_client, now_activity):
    volunteer = make_volunteer()
    actions.do_sign_up(volunteer, now_activity)
    actions.do_set_kiosk_pin(volunteer, "4827")
    for _attempt in range(5):
        kiosk_client.post(reverse("roster:kiosk"), {"number": volunteer.number, "pin": "0000"})
    locked = kiosk_client.post(reverse("roster:kiosk"), {"number": volunteer.number, "pin": "4827"}, follow=True)
    assert "错误次数过多" in locked.content.decode()


def test_kiosk_refuses_an_activity_at_another_service_point(kiosk_client):
    elsewhere = make_activity(make_role(), starts_at=timezone.now() - timedelta(minutes=5), department="住院部")
    signup = actions.do_sign_up(make_volunteer(), elsewhere)
    page = kiosk_client.post(reverse("roster:kiosk"), {"code": signup.token}, follow=True)
    assert "不在本签到台" in page.content.decode()
    assert Signup.objects.get(pk=signup.pk).checked_in_at is None


def test_kiosk_can_do_nothing_else(kiosk_client, now_activity):
    volunteer = make_volunteer(user=make_user("vol1"))
    signup = actions.do_sign_up(volunteer, now_activity)
    for url in (
        reverse("wagtailadmin_home"),
        reverse("roster_admin:volunteer_index"),
        reverse("roster_admin:kiosks"),
        reverse("roster:check_in", args=[signup.token]),
        reverse("roster:schedule"),
        reverse("accounts:me"),
    ):
        response = kiosk_client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "login" in response["Location"], url
    # the kiosk page shows no one's data, only its form
    page = kiosk_client.get(reverse("roster:kiosk")).content.decode()
    assert volunteer.name not in page and volunteer.mobile not in page
    # cancelling a place from the kiosk is not possible either
    assert kiosk_client.post(reverse("roster:schedule_cancel", args=[signup.pk])).status_code == 302
    assert Signup.objects.get(pk=signup.pk).status == Signup.Status.SIGNED_UP


def test_closed_remotely_the_kiosk_can_no_longer_check_in(kiosk_client, social_worker, client, now_activity):
    from django.test import Client

    signup = actions.do_sign_up(make_volunteer(), now_activity)
    office = Client()
    office.force_login(social_worker)
    kiosk = KioskSession.objects.get()
    assert "门诊大厅服务台" in office.get(reverse("roster_admin:kiosks")).content.decode()
    office.post(reverse("roster_admin:kiosks"), {"close": kiosk.pk})
    response = kiosk_client.post(reverse("roster:kiosk"), {"code": signup.token})
    assert response.status_code == 410 and "签到台未开启" in response.content.decode()
    assert Signup.objects.get(pk=signup.pk).checked_in_at is None


def test_a_device_that_never_opened_a_kiosk_gets_nothing(client):
    assert client.get(reverse("roster:kiosk")).status_code == 403


def test_volunteer_sets_a_pin_that_is_not_trivial(client, volunteer):
    own = make_volunteer(user=volunteer)
    client.force_login(volunteer)
    for bad in ("", "12", "1234", "1111", "abcd", "１２３４"):
        page = client.post(reverse("roster:set_kiosk_pin"), {"pin": bad}, follow=True)
        assert "PIN" in page.content.decode()
        assert not KioskPin.objects.filter(volunteer=own).exists(), bad
    page = client.post(reverse("roster:set_kiosk_pin"), {"pin": "4827"}, follow=True)
    assert "签到 PIN 已设置" in page.content.decode()
    pin = KioskPin.objects.get(volunteer=own)
    assert pin.matches("4827") and "4827" not in pin.pin_hash
