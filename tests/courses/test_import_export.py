"""Imports are all-or-nothing with errors naming the line/row; exports read back in."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from courses import exporters, grading
from courses.importers import ImportFailed, import_file
from courses.models import Question
from courses.questions import snapshot

GIFT = """// 注释行
::单选::发现患者跌倒,首先应当?{=呼叫医护人员 ~自行扶起 ~离开}

::判断::志愿者可以透露患者病情。{F}

::多选::手卫生时机有哪些?{~%50%接触患者前 ~%50%接触患者后 ~%-100%看手机时 ####参照五个时刻}

::填空::七步洗手至少揉搓____秒。{=15 =十五}

::论述::谈谈你对陪伴的理解。{}
"""


def test_gift_imports_each_type(category):
    created = import_file("gift", GIFT.encode(), category)
    by_title = {q.title: q for q in created}
    assert [by_title[t].qtype for t in ("单选", "判断", "多选", "填空", "论述")] == [
        "single",
        "truefalse",
        "multiple",
        "short",
        "essay",
    ]
    assert by_title["多选"].partial_credit and by_title["多选"].explanation == "参照五个时刻"
    assert by_title["判断"].true_false_answer is False
    assert by_title["填空"].accepted_answer_list() == ["15", "十五"]
    assert grading.grade_response(snapshot(by_title["填空"]), "１５") == 1
    assert by_title["单选"].revisions.count() == 1


def test_gift_with_one_bad_question_imports_none_and_names_the_line(category):
    bad = GIFT + "\n::坏题::没有正确选项的单选题{~甲 ~乙}\n"
    with pytest.raises(ImportFailed) as failure:
        import_file("gift", bad.encode(), category)
    assert Question.objects.count() == 0
    assert any(problem.startswith("第 12 行") and "正确选项" in problem for problem in failure.value.problems)


def test_gift_numeric_question_with_an_unreadable_answer_is_reported_not_guessed(category):
    with pytest.raises(ImportFailed, match="第 1 行.*数值题答案"):
        import_file("gift", "成人每分钟正常呼吸次数?{#十二到二十}".encode(), category)
    assert Question.objects.count() == 0


@pytest.mark.parametrize("fmt", ["gift", "aiken", "moodlexml"])
def test_a_file_with_a_nul_byte_is_refused_in_chinese_not_a_server_error(category, fmt):
    """A UTF-16 or binary file holds NUL bytes, which PostgreSQL text cannot store (a 500 there, found by fuzzing)."""
    with pytest.raises(ImportFailed, match="空字符"):
        import_file(fmt, b"\x00" + GIFT.encode(), category)
    with pytest.raises(ImportFailed, match="空字符"):
        import_file(fmt, GIFT.encode("utf-16"), category)
    assert Question.objects.count() == 0


def test_aiken_imports_and_reports_a_missing_answer_line(category):
    aiken = "手卫生最少揉搓多少秒?\nA. 5 秒\nB. 15 秒\nC) 1 秒\nANSWER: B\n\n下列哪些正确?\nA. 甲\nB. 乙\nANSWER: A,B\n"
    created = import_file("aiken", aiken.encode(), category)
    assert [q.qtype for q in created] == ["single", "multiple"]
    assert created[0].choices.get(is_correct=True).text == "15 秒"
    with pytest.raises(ImportFailed, match="第 12 行"):
        import_file("aiken", (aiken + "\n没有答案的题\nA. 一\nB. 二\n").encode(), category)
    assert Question.objects.count() == 2


def test_aiken_answer_that_is_not_an_option_is_refused(category):
    with pytest.raises(ImportFailed, match="第 4 行.*D"):
        import_file("aiken", "题目\nA. 一\nB. 二\nANSWER: D\n".encode(), category)


MOODLE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/风险</text></category></question>
  <question type="multichoice">
    <name><text>锐器</text></name>
    <questiontext format="html"><text><![CDATA[<p>发现地上的针头,应当?</p>]]></text></questiontext>
    <generalfeedback><text>不要用手捡。</text></generalfeedback>
    <defaultgrade>2</defaultgrade>
    <single>true</single>
    <answer fraction="100"><text>通知护士</text></answer>
    <answer fraction="0"><text>用手捡起</text></answer>
  </question>
  <question type="truefalse">
    <name><text>电梯</text></name>
    <questiontext><text>火灾时可以乘电梯。</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>翻身</text></name>
    <questiontext><text>卧床患者约每几小时翻身?</text></questiontext>
    <answer fraction="100"><text>2</text></answer>
  </question>
  <question type="essay">
    <name><text>论述</text></name>
    <questiontext><text>谈谈安全。</text></questiontext>
  </question>
</quiz>
"""


def test_moodle_xml_imports_each_type(category):
    created = import_file("moodlexml", MOODLE_XML.encode(), category)
    assert [q.qtype for q in created] == ["single", "truefalse", "short", "essay"]
    assert created[0].text == "发现地上的针头,应当?" and created[0].points == Decimal("2")
    assert created[1].true_false_answer is False


@pytest.mark.parametrize("declared", ["TF-8", "GBK"])
def test_moodle_xml_trusts_the_bytes_not_a_wrong_encoding_declaration(category, declared):
    """The file is decoded before parsing (UTF-8, else GB18030), so a misspelt or wrong declaration is harmless."""
    text = MOODLE_XML.replace('encoding="UTF-8"', f'encoding="{declared}"')
    created = import_file("moodlexml", text.encode(), category)
    assert created[0].text == "发现地上的针头,应当?"


def test_moodle_xml_unsupported_type_names_its_line_and_imports_nothing(category):
    bad = MOODLE_XML.replace('<question type="essay">', '<question type="calculated">')
    with pytest.raises(ImportFailed, match="第 24 行.*calculated"):
        import_file("moodlexml", bad.encode(), category)
    assert Question.objects.count() == 0


def excel_bytes(rows: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(
        ["题型", "题干", "选项A", "选项B", "选项C", "选项D", "正确答案", "部分得分", "解析", "分值", "难度", "标签"]
    )
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_excel_template_imports_and_a_bad_row_imports_none(category):
    good = [
        ["单选", "跌倒后首先?", "呼叫医护", "扶起", "", "", "A", "", "不要急于扶起", 1, "容易", "跌倒,安全"],
        ["多选", "手卫生时机?", "接触前", "接触后", "看手机", "", "AB", "是", "", 2, "中等", ""],
        ["判断", "可以透露病情。", "", "", "", "", "错", "", "", 1, "", ""],
        ["填空", "至少揉搓____秒", "", "", "", "", "15|十五", "", "", 1, "", ""],
        ["论述", "谈谈陪伴", "", "", "", "", "", "", "要点", 5, "较难", ""],
    ]
    created = import_file("excel", excel_bytes(good), category)
    assert [q.qtype for q in created] == ["single", "multiple", "truefalse", "short", "essay"]
    assert set(created[0].tags.names()) == {"跌倒", "安全"}
    assert created[1].partial_credit
    Question.objects.all().delete()
    bad = [*good, ["单选", "没有答案", "甲", "乙", "", "", "E", "", "", 1, "", ""]]
    with pytest.raises(ImportFailed, match="第 7 行"):
        import_file("excel", excel_bytes(bad), category)
    assert Question.objects.count() == 0


def test_exports_read_back_in(category, bank):
    gift_text = exporters.export_gift(category)
    excel = exporters.export_excel(category)
    Question.objects.filter(category=category).delete()
    from_gift = import_file("gift", gift_text.encode(), category)
    assert [q.qtype for q in from_gift] == ["single", "multiple", "truefalse", "short", "essay"]
    Question.objects.filter(category=category).delete()
    from_excel = import_file("excel", excel, category)
    assert [q.qtype for q in from_excel] == ["single", "multiple", "truefalse", "short", "essay"]
    assert from_excel[3].accepted_answer_list() == ["手卫生", "Hand Hygiene"]


def test_admin_import_reports_problems_in_chinese(client, social_worker, category):
    client.force_login(social_worker)
    upload = io.BytesIO("坏题{~甲 ~乙}".encode())
    upload.name = "bank.txt"
    response = client.post(
        reverse("courses_admin:import"), {"format": "gift", "category": category.pk, "file": upload}, follow=True
    )
    html = response.content.decode()
    assert "第 1 行" in html and "没有导入任何题目" in html
    assert Question.objects.count() == 0


def test_admin_export_downloads_excel(client, social_worker, bank, category):
    client.force_login(social_worker)
    response = client.post(reverse("courses_admin:export"), {"format": "excel", "category": category.pk})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
