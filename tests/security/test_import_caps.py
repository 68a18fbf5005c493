"""Uploaded banks and rosters are sized up before they are read: a bomb is refused with a message, nothing saved."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.search.backends import get_search_backend

from courses.models import Category, Question
from roster.models import Volunteer

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    "</Relationships>"
)


def bomb(rows: int, dimension: bool = True) -> bytes:
    """A workbook of ``rows`` one-cell rows, deflated: a few dozen KB that unpack to tens of MB."""
    body = '<row><c t="inlineStr"><is><t>单选</t></is></c></row>' * rows
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="A1:A{rows}"/>' if dimension else "")
        + f"<sheetData>{body}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in (
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", WORKBOOK),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/worksheets/sheet1.xml", sheet),
        ):
            archive.writestr(name, text)
    return buffer.getvalue()


def import_questions(client, user, name: str, content: bytes, fmt: str = "excel") -> str:
    client.force_login(user)
    category = Category.objects.create(name="风险预防")
    upload = SimpleUploadedFile(name, content)
    response = client.post(reverse("courses_admin:import"), {"format": fmt, "category": category.pk, "file": upload})
    page = response.content.decode()
    token = re.search(r'name="token" value="([^"]+)"', page)
    if token:  # the file passed its checks: confirm the preview, as the social worker would
        response = client.post(reverse("courses_admin:import"), {"confirm": "1", "token": token.group(1)}, follow=True)
        page = response.content.decode()
    return page


def test_question_import_refuses_a_workbook_that_unpacks_to_half_a_million_rows(client, social_worker):
    content = bomb(500_000)
    assert len(content) < 200 * 1024
    page = import_questions(client, social_worker, "bank.xlsx", content)
    assert "文件解压后超过 16 MB" in page and "没有导入任何题目" in page
    assert not Question.objects.exists()


def test_question_import_stops_a_sheet_without_dimension_at_the_row_cap(client, social_worker, settings):
    page = import_questions(client, social_worker, "bank.xlsx", bomb(2_500, dimension=False))
    assert "表格超过 2000 行" in page
    assert not Question.objects.exists()


def test_roster_import_refuses_a_workbook_of_half_a_million_rows(client, social_worker):
    client.force_login(social_worker)
    response = client.post(reverse("roster_admin:import"), {"file": SimpleUploadedFile("roster.xlsx", bomb(500_000))})
    assert "表格超过 20000 行" in response.content.decode()
    assert not Volunteer.objects.exists()


def test_gift_bank_beyond_the_cap_is_refused_with_its_size(client, social_worker, settings):
    settings.COURSES_IMPORT_MAX_QUESTIONS = 5
    gift = "\n\n".join(f"第{n}题:志愿者可以替患者签字。 {{FALSE}}" for n in range(6)).encode()
    page = import_questions(client, social_worker, "bank.txt", gift, fmt="gift")
    assert "文件中有 6 道题目,一次最多导入 5 道" in page
    assert not Question.objects.exists()


def test_a_large_accepted_bank_is_saved_whole_with_revisions_and_search(
    client, social_worker, django_capture_on_commit_callbacks
):
    gift = "\n\n".join(
        f"// q{n}\n::题{n}::第{n}题:跌倒后首先应该? {{=呼叫医护人员 ~自行扶起 ~离开现场}}" for n in range(300)
    )
    with django_capture_on_commit_callbacks(execute=True):
        import_questions(client, social_worker, "bank.txt", gift.encode(), fmt="gift")
    assert Question.objects.count() == 300
    question = Question.objects.get(title="题299")
    assert [c.text for c in question.choices.all()] == ["呼叫医护人员", "自行扶起", "离开现场"]
    assert question.latest_revision is not None and question.latest_revision.object_str == "题299"
    assert len(list(get_search_backend().search("跌倒", Question))) == 300
