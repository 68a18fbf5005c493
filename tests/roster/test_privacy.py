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


def test_data_download_includes_training_agreements_health_insurance_leave_and_sign_up_marks(
    client, person, monkeypatch
):
    from datetime import date, timedelta
    from decimal import Decimal

    from django.utils import timezone

    from roster import training
    from roster.models import (
        AgreementVersion,
        HealthCheck,
        HealthItem,
        InsurancePolicy,
        LeaveOfAbsence,
        SignedAgreement,
        Signup,
    )

    from .factories import make_activity

    volunteer, _number = person
    monkeypatch.setitem(
        training._sources,
        "test",
        lambda user: [
            training.TrainingRow("岗前培训第一讲", "医院环境与礼仪", Decimal("2"), "本院", date(2026, 3, 1), "岗前培训")
        ],
    )
    version = AgreementVersion.objects.create(version="2026版", text="……")
    SignedAgreement.objects.create(
        volunteer=volunteer, version=version, signed_on=date(2026, 3, 1), expires_on=date(2027, 2, 28)
    )
    item = HealthItem.objects.create(name="年度结核筛查", validity_days=365)
    HealthCheck.objects.create(volunteer=volunteer, item=item, checked_on=date(2026, 2, 20), result="pass")
    InsurancePolicy.objects.create(
        insurer="平安", number="PA-2026-1", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    ).covered.add(volunteer)
    LeaveOfAbsence.objects.create(
        volunteer=volunteer, starts_on=date(2026, 7, 1), ends_on=date(2026, 7, 31), reason="考试"
    )
    role = make_role()
    past = make_activity(role, starts_at=timezone.now() - timedelta(days=3), name="已过的班次")
    soon = make_activity(role, starts_at=timezone.now() + timedelta(days=3), name="候补的班次")
    cancelled = make_activity(role, starts_at=timezone.now() + timedelta(days=5), name="临时取消的班次")
    Signup.objects.create(activity=past, volunteer=volunteer, no_show=True)
    Signup.objects.create(
        activity=soon, volunteer=volunteer, status=Signup.Status.WAITLISTED, waitlisted_at=timezone.now()
    )
    Signup.objects.create(
        activity=cancelled,
        volunteer=volunteer,
        status=Signup.Status.CANCELLED,
        cancelled_at=timezone.now(),
        late_cancellation=True,
    )
    client.force_login(volunteer.user)
    data = json.loads(client.get(reverse("roster:my_data", args=["json"])).content)
    assert data["培训记录"] == [
        {
            "名称": "岗前培训第一讲",
            "主要内容": "医院环境与礼仪",
            "学时": 2.0,
            "举办单位": "本院",
            "日期": "2026-03-01",
            "类型": "岗前培训",
        }
    ]
    assert data["服务协议"][0]["签署日期"] == "2026-03-01" and data["服务协议"][0]["到期日期"] == "2027-02-28"
    assert data["健康核验"] == [{"项目": "年度结核筛查", "检查日期": "2026-02-20", "结果": "合格"}]
    assert data["意外保险"][0]["保单号"] == "PA-2026-1"
    assert data["请假与暂停"][0]["原因"] == "考试"
    signups = {row["活动"]: row for row in data["活动报名"]}
    assert signups["已过的班次"]["未到岗"] == "是"
    assert signups["候补的班次"]["状态"] == "候补" and signups["候补的班次"]["候补时间"]
    assert signups["临时取消的班次"]["临时取消"] == "是" and signups["临时取消的班次"]["未到岗"] == "否"
    values = cells(client.get(reverse("roster:my_data", args=["xlsx"])).content)
    assert "岗前培训第一讲" in values and "PA-2026-1" in values and "年度结核筛查" in values
