"""The question import page offers its Excel template for download, built from the columns the importer reads;
the template's example row imports as it is."""

from __future__ import annotations

from io import BytesIO

from django.urls import reverse
from openpyxl import load_workbook

from courses.importers import excel, import_file


def test_import_page_offers_the_template_and_explains_each_column(client, social_worker):
    client.force_login(social_worker)
    html = client.get(reverse("courses_admin:import")).content.decode()
    assert reverse("courses_admin:import_template") in html and "下载 Excel 导入模板" in html
    assert "README" not in html
    assert "选择题填字母" in html
    assert "请选择分类" in html and "---------" not in html


def test_template_has_the_importers_columns_and_an_example_that_imports(client, social_worker, category):
    client.force_login(social_worker)
    response = client.get(reverse("courses_admin:import_template"))
    assert response["Content-Disposition"].endswith('question-import-template.xlsx"')
    book = load_workbook(BytesIO(response.content))
    assert [cell.value for cell in book["题目"][1]] == excel.COLUMNS
    assert [cell.value for cell in book["填写说明"]["A"]][1:] == excel.COLUMNS
    (question,) = import_file("excel", response.content, category)
    assert question.text.startswith("陪同患者检查途中患者突然跌倒")


def test_volunteers_cannot_download_the_template(client, volunteer):
    client.force_login(volunteer)
    assert client.get(reverse("courses_admin:import_template")).status_code in (302, 403)
