from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from roster.importer import COLUMNS, EXAMPLE_ROW
from roster.models import ServiceRecord, Volunteer

from .factories import id_number, make_role, make_volunteer

pytestmark = pytest.mark.django_db

HEADER = [column.header for column in COLUMNS]


def row(**changes) -> list:
    values = dict(zip(HEADER, EXAMPLE_ROW, strict=True))
    values.update(changes)
    return [values[h] for h in HEADER]


def upload(rows: list[list], header=HEADER) -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(header)
    for r in rows:
        book.active.append(r)
    buffer = BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("roster.xlsx", buffer.getvalue())


@pytest.fixture
def role():
    return make_role("门诊导诊")


def test_good_file_imports_every_row_with_hours_and_stars(client, social_worker, role):
    client.force_login(social_worker)
    number = id_number()
    rows = [row(), row(**{"姓名": "李四", "手机号": "13800138001", "身份证号": number, "历史服务时长": "350"})]
    response = client.post(reverse("roster_admin:import"), {"file": upload(rows)})
    assert response.status_code == 302
    assert Volunteer.objects.count() == 2
    li = Volunteer.objects.get(name="李四")
    assert li.id_number_masked == number[:4] + "*" * 10 + number[-4:] and li.reveal_id_number() == number
    assert li.star_level == 2 and li.skills == ["language", "sign"] and li.availability == ["mon-am", "sat-pm"]
    assert list(li.roles.all()) == [role] and li.status == Volunteer.Status.ACTIVE
    assert ServiceRecord.objects.filter(status=ServiceRecord.Status.CONFIRMED).count() == 2


def test_one_bad_row_imports_nothing_and_errors_name_the_rows(client, social_worker, role):
    client.force_login(social_worker)
    bad_id = id_number()[:17] + ("0" if id_number()[17] != "0" else "1")
    rows = [
        row(),
        row(**{"姓名": "王五", "手机号": "12345"}),
        row(**{"姓名": "赵六", "手机号": "13800138002", "身份证号": bad_id, "状态": "休假"}),
        row(**{"姓名": "钱七", "手机号": "13800138003"}),
    ]
    response = client.post(reverse("roster_admin:import"), {"file": upload(rows)})
    text = response.content.decode()
    assert not Volunteer.objects.exists() and not ServiceRecord.objects.exists()
    assert "第3行" in text and "手机号" in text
    assert "第4行" in text and "校验位" in text and "休假" in text
    assert "第2行" not in text and "第5行" not in text


def test_duplicate_mobile_within_file_or_roster_is_an_error(social_worker, role):
    from roster.importer import ImportFailed, import_roster

    make_volunteer("老志愿者", mobile="13800138009")
    with pytest.raises(ImportFailed) as failure:
        import_roster(upload([row(), row(**{"姓名": "重复"}), row(**{"手机号": "13800138009"})]))
    assert failure.value.errors[0].startswith("第3行") and failure.value.errors[1].startswith("第4行")
    assert Volunteer.objects.count() == 1


def test_unknown_role_and_missing_column_are_reported(social_worker, role):
    from roster.importer import ImportFailed, import_roster

    with pytest.raises(ImportFailed, match="岗位“太空漫步”无法识别"):
        import_roster(upload([row(**{"服务岗位": "太空漫步"})]))
    with pytest.raises(ImportFailed, match="缺少必填列:手机号"):
        import_roster(upload([["张三"]], header=["姓名", "状态"]))


def test_template_download_has_the_documented_columns(client, social_worker):
    from openpyxl import load_workbook

    client.force_login(social_worker)
    book = load_workbook(BytesIO(client.get(reverse("roster_admin:import_template")).content))
    assert [c.value for c in book.worksheets[0][1]] == HEADER


def test_import_page_links_the_template_and_its_example_row_imports(client, social_worker, role):
    from roster.importer import import_roster

    client.force_login(social_worker)
    html = client.get(reverse("roster_admin:import")).content.decode()
    assert reverse("roster_admin:import_template") in html and "README" not in html
    content = client.get(reverse("roster_admin:import_template")).content
    assert import_roster(SimpleUploadedFile("template.xlsx", content)) == 1
