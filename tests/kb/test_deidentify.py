"""The de-identification check finds real identifiers and leaves ordinary numbers alone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kb.deidentify import ID_NUMBER, MEDICAL_RECORD, MOBILE, WITHHELD_NAME, find_identifiers, id_check_digit


def kinds(text: str, **kwargs) -> list[str]:
    return [finding.kind for finding in find_identifiers(text, "正文", **kwargs)]


@pytest.mark.parametrize(
    "text",
    [
        "患者身份证号11010519491231002X,已核对。",
        "身份证:11010519491231002x",
        "证件号 440524188001010014 请勿外传",
    ],
)
def test_valid_18_digit_id_number_is_found(text):
    assert kinds(text) == [ID_NUMBER]


@given(
    region=st.integers(110000, 659999),
    birth=st.dates(min_value=date(1920, 1, 1), max_value=date(2025, 12, 31)),
    sequence=st.integers(0, 999),
)
def test_every_id_number_with_a_valid_check_digit_is_found(region, birth, sequence):
    first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
    number = first17 + id_check_digit(first17)
    assert kinds(f"登记信息:{number}。") == [ID_NUMBER]


def test_18_digits_with_a_wrong_check_digit_are_not_an_id_number():
    assert kinds("订单号 110105194912310021") == []


def test_old_15_digit_id_number_is_found():
    assert kinds("旧身份证 110105491231002 已换发") == [ID_NUMBER]


@pytest.mark.parametrize(
    "text",
    ["请联系13800138000", "电话 138 0013 8000", "手机:138-0013-8000", "+86 139 1234 5678", "8615912345678"],
)
def test_mobile_numbers_are_found(text):
    assert kinds(text) == [MOBILE]


@pytest.mark.parametrize(
    "text",
    [
        "住院号:2023004518",
        "病案号 A1234567",
        "门诊号为0012345",
        "她的病历号是ZY-20230045。",
        "出院小结上写着ZY20230045",
    ],
)
def test_admission_and_medical_record_numbers_are_found(text):
    assert kinds(text) == [MEDICAL_RECORD]


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月15日上午",
        "服务日期 2024-03-15,共 3.5 小时",
        "20240315 活动签到",
        "《志愿服务条例》第十九条规定",
        "根据第 19 条和第二十条",
        "国务院令第685号",
        "国卫医发〔2017〕73号",
        "医院总机 0571-87654321,咨询电话 010-12345678",
        "医保服务热线 12393,卫生热线 12320",
        "预约专线 400-123-4567",
        "住在 3 病区 12 床",
        "门诊楼 3 楼 301 室",
        "邮编 310006",
        "累计服务 1280 小时,服务 15000 人次",
    ],
)
def test_ordinary_numbers_do_not_trip_the_check(text):
    assert kinds(text) == []


@given(day=st.dates(min_value=date(1950, 1, 1), max_value=date(2050, 12, 31)))
def test_dates_in_any_format_do_not_trip_the_check(day):
    text = f"{day:%Y年%m月%d日} {day:%Y-%m-%d} {day:%Y%m%d} {day:%Y/%m/%d} {day.year}年{day.month}月{day.day}日"
    assert kinds(text) == []


def test_published_switchboard_mobile_is_allowed_when_listed():
    assert kinds("志愿者服务站电话 13800138000", allowed_numbers=["138-0013-8000"]) == []


def test_names_the_consent_record_withholds_are_found():
    findings = find_identifiers("张秀英阿姨拉着志愿者的手说谢谢。", "正文 › 第2段", withheld_names=["张秀英"])
    assert [(finding.kind, finding.text, finding.where) for finding in findings] == [
        (WITHHELD_NAME, "张秀英", "正文 › 第2段")
    ]


def test_finding_tells_the_editor_what_and_where_in_chinese():
    (finding,) = find_identifiers("家属电话13800138000,请回电", "正文 › 第1块「段落」 › 第2段")
    message = finding.describe()
    assert "「正文 › 第1块「段落」 › 第2段」" in message
    assert "手机号" in message
    assert "13800138000" in message


def test_dates_next_to_a_mobile_number_do_not_hide_it():
    text = f"{date.today() - timedelta(days=3):%Y年%m月%d日},家属留下电话13912345678。"
    assert kinds(text) == [MOBILE]
