from __future__ import annotations

import json
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from accounts.roles import VOLUNTEER
from roster.models import Volunteer

from ..conftest import make_user
from .factories import add_hours, id_number, make_role, make_volunteer

pytestmark = pytest.mark.django_db

MOBILE = "13998765432"


@pytest.fixture
def person():
    number = id_number()
    volunteer = make_volunteer("林黛玉", mobile=MOBILE, user=make_user("daiyu", VOLUNTEER))
    volunteer.set_id_number(number)
    volunteer.save()
    return volunteer, number


def cells(content: bytes) -> list[str]:
    book = load_workbook(BytesIO(content))
    return [str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c]


def test_admin_lists_show_only_masked_numbers(client, social_worker, person):
    volunteer, number = person
    client.force_login(social_worker)
    for url in (
        reverse("roster_admin:volunteer_index"),
        reverse("wagtailsnippets_roster_volunteer:list"),
        f"{reverse('roster_admin:match')}?role={make_role().pk}&starts_at=2030-01-07T09:00&ends_at=2030-01-07T11:00",
    ):
        text = client.get(url).content.decode()
        assert "林黛玉" in text, url
        assert "139****5432" in text and MOBILE not in text, url
        assert number not in text, url
        assert volunteer.id_number_masked in text or "matching" in url, url


def test_roster_export_masks_id_and_mobile(client, social_worker, person):
    volunteer, number = person
    client.force_login(social_worker)
    values = cells(client.get(reverse("roster_admin:roster_export")).content)
    assert "林黛玉" in values and "139****5432" in values and volunteer.id_number_masked in values
    assert not any(MOBILE in v or number in v for v in values)


def test_record_page_masks_id_until_a_logged_reveal(client, social_worker, person):
    volunteer, number = person
    client.force_login(social_worker)
    text = client.get(reverse("roster_admin:volunteer_record", args=[volunteer.pk])).content.decode()
    assert number not in text and volunteer.id_number_masked in text


def test_id_number_never_stored_in_clear(person):
    volunteer, number = person
    row = Volunteer.objects.filter(pk=volunteer.pk).values().get()
    assert not any(number in str(value) for value in row.values())


def test_me_panel_shows_status_hours_and_stars_without_numbers(client, person):
    volunteer, number = person
    add_hours(volunteer, "150")
    from roster.stars import recompute_star_levels

    recompute_star_levels()
    client.force_login(volunteer.user)
    text = client.get(reverse("accounts:me")).content.decode()
    assert "在岗" in text and "150" in text and "★☆☆☆☆" in text
    assert number not in text and MOBILE not in text


def test_volunteer_downloads_own_data_as_json_and_excel(client, person):
    volunteer, number = person
    add_hours(volunteer, "3", content="门诊导诊")
    client.force_login(volunteer.user)
    data = json.loads(client.get(reverse("roster:my_data", args=["json"])).content)
    assert data["基本信息"]["姓名"] == "林黛玉" and data["基本信息"]["身份证号"] == number
    assert data["服务时长"][0]["服务内容"] == "门诊导诊"
    values = cells(client.get(reverse("roster:my_data", args=["xlsx"])).content)
    assert "林黛玉" in values and "门诊导诊" in values


def test_other_users_have_no_data_download(client, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("roster:my_data", args=["json"])).status_code == 404


def test_erasure_request_then_confirmation_anonymises_but_keeps_hours(client, social_worker, person):
    volunteer, number = person
    add_hours(volunteer, "120")
    from roster.stars import recompute_star_levels

    recompute_star_levels()
    client.force_login(volunteer.user)
    client.post(reverse("roster:request_erasure"), {"confirm": "yes"})
    client.force_login(social_worker)
    assert "林黛玉" in client.get(reverse("roster_admin:erasure_queue")).content.decode()
    client.post(reverse("roster_admin:erasure_queue"), {"volunteer": volunteer.pk})
    volunteer.refresh_from_db()
    assert "林黛玉" not in volunteer.name and volunteer.mobile == "" and volunteer.id_number_encrypted == ""
    assert volunteer.status == Volunteer.Status.LEFT and not volunteer.user.is_active
    assert volunteer.confirmed_hours == 120 and volunteer.service_records.count() == 1
    from roster.reports import contract_figures

    today = volunteer.service_records.get().date
    assert contract_figures(today, today).hours == 120


def test_erasure_asks_for_confirmation_first_and_changes_nothing_without_it(client, person):
    volunteer, _number = person
    client.force_login(volunteer.user)
    page = client.get(reverse("roster:request_erasure")).content.decode()
    assert "删除后会怎样" in page and "无法恢复" in page
    unconfirmed = client.post(reverse("roster:request_erasure"), {}).content.decode()
    assert "请勾选“我已了解并确认申请删除”" in unconfirmed
    volunteer.refresh_from_db()
    assert volunteer.erasure_requested_at is None
    client.post(reverse("roster:request_erasure"), {"confirm": "yes"})
    volunteer.refresh_from_db()
    assert volunteer.erasure_requested_at is not None
    assert "撤回删除申请" in client.get(reverse("accounts:me")).content.decode()


def test_erasure_request_can_be_withdrawn_until_a_social_worker_acts(client, social_worker, person):
    from roster import privacy

    volunteer, _number = person
    client.force_login(volunteer.user)
    client.post(reverse("roster:request_erasure"), {"confirm": "yes"})
    response = client.post(reverse("roster:withdraw_erasure"), follow=True)
    assert "已撤回删除个人信息的申请" in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.erasure_requested_at is None
    client.force_login(social_worker)
    assert "林黛玉" not in client.get(reverse("roster_admin:erasure_queue")).content.decode()
    privacy.do_request_erasure(volunteer)
    privacy.do_anonymise(volunteer, social_worker)
    with pytest.raises(ValidationError, match="不能再撤回"):
        privacy.do_withdraw_erasure(volunteer)
    volunteer.refresh_from_db()
    assert volunteer.erasure_requested_at is not None
