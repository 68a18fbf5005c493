"""Text people typed comes out of every spreadsheet the project writes as text, never as a live formula."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.roles import VOLUNTEER
from courses.models import Category
from roster.models import Signup
from tests.conftest import make_user
from tests.courses.conftest import make_question
from tests.roster.factories import add_hours, make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db

PAYLOADS = [
    '=HYPERLINK("http://evil.example","点我")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
]


def payload_cells(content: bytes) -> list:
    """Every cell of the workbook whose text is one of the payloads."""
    book = load_workbook(BytesIO(content))
    return [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and any(p.strip() in cell.value for p in PAYLOADS)
    ]


def assert_all_text(content: bytes, expected: int) -> None:
    found = payload_cells(content)
    assert len(found) >= expected
    assert [cell.data_type for cell in found] == ["s"] * len(found), [(c.value, c.data_type) for c in found]


def test_formula_as_applicant_name_is_text_in_the_roster_export(client, social_worker):
    for payload in PAYLOADS:
        make_volunteer(payload, occupation=payload)
    client.force_login(social_worker)
    response = client.get(reverse("roster_admin:roster_export"))
    assert response.status_code == 200
    assert_all_text(response.content, 2 * len(PAYLOADS))
    assert b"<f>" not in _sheet_xml(response.content)


def test_formula_in_a_department_is_text_in_the_contract_report(client, coordinator):
    for payload in PAYLOADS:
        add_hours(make_volunteer(), "2", department=payload)
    client.force_login(coordinator)
    today = timezone.localdate().isoformat()
    response = client.get(reverse("roster_admin:report"), {"start": today, "end": today, "download": "1"})
    assert_all_text(response.content, len(PAYLOADS))


def test_formula_in_names_and_activity_is_text_in_the_sign_in_sheet(client, social_worker):
    activity = make_activity(make_role(PAYLOADS[0]), name=PAYLOADS[1], department=PAYLOADS[2])
    Signup.objects.create(activity=activity, volunteer=make_volunteer(PAYLOADS[0]))
    client.force_login(social_worker)
    response = client.get(reverse("roster_admin:sign_in_sheet", args=[activity.pk, "xlsx"]))
    assert_all_text(response.content, 3)


def test_formula_in_own_data_download_is_text(client):
    volunteer = make_volunteer(PAYLOADS[0], occupation=PAYLOADS[3], user=make_user("own", VOLUNTEER))
    add_hours(volunteer, "3", content=PAYLOADS[1])
    client.force_login(volunteer.user)
    response = client.get(reverse("roster:my_data", args=["xlsx"]))
    assert_all_text(response.content, 3)


def test_formula_in_a_question_is_text_in_the_question_export(client, social_worker):
    category = Category.objects.create(name="风险预防")
    make_question(
        category, "single", PAYLOADS[0], choices=[(PAYLOADS[1], True), ("离开", False)], explanation=PAYLOADS[3]
    )
    client.force_login(social_worker)
    response = client.post(reverse("courses_admin:export"), {"format": "excel", "category": category.pk})
    assert_all_text(response.content, 3)


def _sheet_xml(content: bytes) -> bytes:
    from zipfile import ZipFile

    with ZipFile(BytesIO(content)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.startswith("xl/worksheets/"))
