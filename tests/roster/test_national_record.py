"""The national-system workbook: one sheet per block of the 办法 with its columns, the 「已录入全国系统」 marks and
the list of service not yet entered; and the record page's blocks and correction history."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from roster.actions import do_correct_service_record, do_mark_national_entered
from roster.models import Commendation, Evaluation, NationalEntry, ServiceRecord
from roster.national import (
    COMMENDATION_HEADER,
    EVALUATION_HEADER,
    PERSONAL_HEADER,
    SERVICE_HEADER,
    TRAINING_HEADER,
)

from .factories import add_hours, id_number, local, make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(social_worker):
    volunteer = make_volunteer(
        "王芳", residence_area="北京市东城区", national_number="11010120260001", skills=["medical"]
    )
    volunteer.set_id_number(id_number())
    volunteer.save()
    activity = make_activity(
        make_role("门诊导诊"), starts_at=local(2026, 3, 3, 9), name="门诊导诊服务", social_worker=social_worker
    )
    first = add_hours(volunteer, "3", activity=activity, date=date(2026, 3, 3), department="门诊大厅", content="导诊")
    second = add_hours(volunteer, "2.5", date=date(2026, 3, 10), department="住院部", content="陪伴")
    add_hours(volunteer, "4", status=ServiceRecord.Status.PENDING, date=date(2026, 3, 12))
    Commendation.objects.create(
        volunteer=volunteer, name="优秀志愿者", level="hospital", issuer="示范医院", awarded_on=date(2026, 3, 20)
    )
    Evaluation.objects.create(
        volunteer=volunteer, rating=5, content="耐心细致", source="患者家属", recorded_on=date(2026, 3, 4)
    )
    return volunteer, first, second


def workbook(client, **params):
    response = client.get(
        reverse("roster_admin:national_export"), {"start": "2026-03-01", "end": "2026-03-31", **params}
    )
    assert response.status_code == 200
    return load_workbook(io.BytesIO(response.content))


def header(sheet):
    return [cell.value for cell in sheet[1]]


def rows(sheet):
    return list(sheet.iter_rows(min_row=2, values_only=True))


def test_workbook_has_each_block_with_the_national_columns(client, social_worker, served):
    volunteer, _first, _second = served
    client.force_login(social_worker)
    book = workbook(client)
    assert book.sheetnames == ["志愿者信息", "服务记录", "培训记录", "表彰奖励", "评价记录", "未录入全国系统"]
    assert header(book["志愿者信息"]) == PERSONAL_HEADER
    assert header(book["服务记录"]) == header(book["未录入全国系统"]) == SERVICE_HEADER
    assert header(book["培训记录"]) == TRAINING_HEADER
    assert header(book["表彰奖励"]) == COMMENDATION_HEADER
    assert header(book["评价记录"]) == EVALUATION_HEADER
    person = dict(zip(PERSONAL_HEADER, rows(book["志愿者信息"])[0], strict=True))
    assert person["全国志愿者编号"] == "11010120260001" and person["身份证件类型"] == "居民身份证"
    assert person["居住区域"] == "北京市东城区"
    assert "*" in person["身份证件号码"] and "*" in person["联系方式"]  # masked, as in every export
    service = [dict(zip(SERVICE_HEADER, row, strict=True)) for row in rows(book["服务记录"])]
    assert [s["活动名称"] for s in service] == ["门诊导诊服务", "陪伴"]  # the pending record is not the record yet
    assert service[0]["服务地点"] == "门诊大厅" and service[0]["服务时长(小时)"] == 3
    assert service[0]["活动负责人"] == "王思远" and service[0]["组织单位"]
    assert rows(book["表彰奖励"])[0][2:4] == ("优秀志愿者", "院级")
    assert rows(book["评价记录"])[0][4] == "耐心细致"


def test_a_mark_made_after_midnight_in_beijing_carries_the_beijing_date(client, social_worker, served):
    """00:30 on 2 December in Beijing is still 1 December in UTC: the mark's date is the hospital's date."""
    import datetime as dt

    import time_machine

    _volunteer, first, _second = served
    with time_machine.travel(dt.datetime(2026, 12, 1, 16, 30, tzinfo=dt.UTC), tick=False):
        do_mark_national_entered([first], social_worker)
    client.force_login(social_worker)
    service = {row[3]: dict(zip(SERVICE_HEADER, row, strict=True)) for row in rows(workbook(client)["服务记录"])}
    assert service["门诊导诊服务"]["录入标记日期"].date() == date(2026, 12, 2)


def test_marked_record_shows_date_and_marker_and_leaves_the_not_entered_list(client, social_worker, served):
    _volunteer, first, second = served
    assert do_mark_national_entered([first], social_worker) == 1
    assert do_mark_national_entered([first], social_worker) == 0  # marking twice keeps the first mark
    client.force_login(social_worker)
    book = workbook(client)
    service = {row[3]: dict(zip(SERVICE_HEADER, row, strict=True)) for row in rows(book["服务记录"])}
    assert service["门诊导诊服务"]["已录入全国系统"] == "已录入全国系统"
    assert service["门诊导诊服务"]["标记人"] == "王思远"
    assert service["门诊导诊服务"]["录入标记日期"].date() == timezone.localdate()
    assert service["陪伴"]["已录入全国系统"] == "未录入"
    assert [row[3] for row in rows(book["未录入全国系统"])] == ["陪伴"]


def test_marking_on_the_screen_and_refusing_an_empty_or_unconfirmed_selection(client, social_worker, served):
    _volunteer, first, second = served
    client.force_login(social_worker)
    url = reverse("roster_admin:national_entry") + "?start=2026-03-01&end=2026-03-31&number="
    page = client.get(url).content.decode()
    assert "未录入全国系统的服务记录:2 条" in page
    response = client.post(url, {}, follow=True)
    assert "请先勾选" in response.content.decode() and not NationalEntry.objects.exists()
    pending = ServiceRecord.objects.get(status=ServiceRecord.Status.PENDING)
    response = client.post(url, {"record": [pending.pk]}, follow=True)
    assert "只有已确认的服务记录" in response.content.decode() and not NationalEntry.objects.exists()
    response = client.post(url, {"record": [second.pk]}, follow=True)
    assert "已标记 1 条" in response.content.decode()
    assert NationalEntry.objects.get().marked_by == social_worker
    assert "未录入全国系统的服务记录:1 条" in response.content.decode()


def test_export_for_one_volunteer_and_a_wrong_number(client, social_worker, served):
    other = make_volunteer("李四")
    add_hours(other, "1", date=date(2026, 3, 5))
    client.force_login(social_worker)
    book = workbook(client, number=served[0].number)
    assert [row[2] for row in rows(book["服务记录"])] == ["王芳", "王芳"]
    page = client.get(
        reverse("roster_admin:national_entry"), {"start": "2026-03-01", "end": "2026-03-31", "number": "nope"}
    )
    assert "没有编号为 nope 的志愿者" in page.content.decode()
    page = client.get(reverse("roster_admin:national_entry"), {"start": "2026-03-31", "end": "2026-03-01"})
    assert "结束日期不能早于开始日期" in page.content.decode()


def test_volunteers_cannot_download_the_workbook(client, volunteer, served):
    client.force_login(volunteer)
    response = client.get(reverse("roster_admin:national_export"), {"start": "2026-03-01", "end": "2026-03-31"})
    assert response.status_code in (302, 403)


def test_record_page_shows_personal_block_and_the_correction_history_with_reason(client, social_worker, served):
    volunteer, first, _second = served
    record = first
    record.started_at = local(2026, 3, 3, 9)
    record.ended_at = local(2026, 3, 3, 12)
    record.save()
    do_correct_service_record(
        record, social_worker, local(2026, 3, 3, 9), local(2026, 3, 3, 11), "签退时间登记有误,以签到表为准"
    )
    client.force_login(social_worker)
    page = client.get(reverse("roster_admin:volunteer_record", args=[volunteer.pk])).content.decode()
    assert "北京市东城区" in page and "11010120260001" in page and "居民身份证" in page
    assert "修改记录" in page and "签退时间登记有误,以签到表为准" in page


def test_overdue_list_and_dashboard_count_late_entries(client, social_worker):
    volunteer = make_volunteer("逾期")
    long_ago = timezone.localdate() - timedelta(days=40)
    add_hours(volunteer, "2", status=ServiceRecord.Status.PENDING, date=long_ago, content="病房陪伴")
    client.force_login(social_worker)
    page = client.get(reverse("roster_admin:overdue_entries")).content.decode()
    assert "病房陪伴" in page and "已逾期" in page
    dashboard = client.get(reverse("roster_admin:dashboard")).content.decode()
    assert "今年逾期录入的服务记录" in dashboard and "其中尚未录入:1" in dashboard
