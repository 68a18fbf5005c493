"""Real-shaped Chinese banks in every format come in as their authors wrote them; broken ones bring in nothing.

The files are in tests/courses/banks/ (a Moodle GIFT export, a Moodle XML export with an embedded picture, a
pasted exam paper and a Word exam paper), beside the files that must import nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from courses import grading
from courses.importers import ImportFailed, import_file
from courses.models import Question
from courses.questions import snapshot

BANKS = Path(__file__).parent / "banks"


def load(name: str) -> bytes:
    return (BANKS / name).read_bytes()


def graded(question: Question, response: object) -> Decimal | None:
    """The score of a response given as stored (choice ids, text, or prompt id → answer text)."""
    return grading.grade_response(snapshot(question), response)


def choice(question: Question, text: str) -> int:
    return question.choices.get(text=text).pk


@pytest.fixture
def gift_bank(category) -> dict[str, Question]:
    return {q.title: q for q in import_file("gift", load("岗前培训题库.gift.txt"), category)}


def test_gift_bank_keeps_every_type_moodle_gives_it(gift_bank):
    assert {title: q.qtype for title, q in gift_bank.items()} == {
        "口罩选择": "single",
        "倾听": "single",
        "病情保密": "truefalse",
        "心率": "numeric",
        "余量": "numeric",
        "跌倒": "numeric",
        "岗位职责": "matching",
        "手卫生": "short",
        "洗手时机": "multiple",
        "陪伴": "essay",
    }


def test_gift_half_credit_option_stays_single_choice_and_earns_half(gift_bank):
    listening = gift_bank["倾听"]
    assert listening.qtype == "single"
    assert graded(listening, choice(listening, "关注并回应对方的感受")) == Decimal("1.00")
    assert graded(listening, choice(listening, "复述对方的话")) == Decimal("0.50")
    assert graded(listening, choice(listening, "给出解决方案")) == Decimal("0.00")


def test_gift_feedback_per_answer_is_kept(gift_bank):
    mask = gift_bank["口罩选择"]
    assert mask.choices.get(text="普通棉布口罩").feedback == "棉布口罩不能阻挡飞沫。"
    assert mask.explanation == "遵循医院感染防控要求,口罩每 4 小时更换。"
    secret = gift_bank["病情保密"]
    assert secret.true_false_answer is False
    # GIFT writes the wrong answer's feedback first: choosing "正确" here is the wrong answer.
    assert secret.true_feedback.startswith("答错了") and secret.false_feedback.startswith("答对了")
    data = snapshot(secret)
    assert grading.answer_feedback(data, True) == ["答错了:患者病情属于个人隐私,不能透露。"]


def test_gift_markdown_text_is_rendered_and_sanitised(gift_bank):
    mask = gift_bank["口罩选择"]
    assert mask.text_format == "html"
    assert "<strong>呼吸道感染</strong>" in mask.text and "**" not in mask.text


def test_gift_numeric_ranges_tolerances_and_partial_credit(gift_bank):
    heart, left, digits = gift_bank["心率"], gift_bank["余量"], gift_bank["跌倒"]
    assert [graded(heart, value) for value in ("60", "８０", "100", "101", "五十")] == [
        Decimal("1.00"),
        Decimal("1.00"),
        Decimal("1.00"),
        Decimal("0.00"),
        Decimal("0.00"),
    ]
    assert graded(left, "200") == Decimal("1.00")
    assert graded(left, "230") == Decimal("0.50")
    assert grading.answer_feedback(snapshot(left), "230") == ["接近了,请再算一遍。"]
    assert graded(left, "260") == Decimal("0.00")
    assert graded(digits, "4") == Decimal("1.00") and graded(digits, "4.5") == Decimal("0.00")


def test_gift_matching_earns_a_share_per_pair(gift_bank):
    roles = gift_bank["岗位职责"]
    ids = {c.text: str(c.pk) for c in roles.choices.all()}
    all_right = {
        ids["医务社工"]: "心理社会评估与个案管理",
        ids["志愿者"]: "陪伴导诊与生活协助",
        ids["责任护士"]: "执行医嘱与护理操作",
    }
    assert graded(roles, all_right) == Decimal("1.00")
    swapped = {**all_right, ids["志愿者"]: "执行医嘱与护理操作", ids["责任护士"]: "陪伴导诊与生活协助"}
    assert graded(roles, swapped) == Decimal("0.33")


def test_gift_short_answer_partial_credit_and_feedback(gift_bank):
    hygiene = gift_bank["手卫生"]
    assert graded(hygiene, "手卫生") == Decimal("1.00")
    assert graded(hygiene, " 洗手 ") == Decimal("0.50")
    assert grading.answer_feedback(snapshot(hygiene), "洗手") == ["基本正确,规范说法是“手卫生”。"]
    assert grading.correct_answer_text(snapshot(hygiene)) == "手卫生"


def test_gift_file_with_mistakes_imports_nothing_and_names_each_line(category):
    with pytest.raises(ImportFailed) as failure:
        import_file("gift", load("必须拒绝-数值与配对有误.gift.txt"), category)
    problems = failure.value.problems
    assert any(p.startswith("第 2 行") and "数值题答案" in p for p in problems)
    assert any(p.startswith("第 4 行") and "至少需要两对" in p for p in problems)
    assert any(p.startswith("第 10 行") and "配对题的每一项" in p for p in problems)
    assert Question.objects.count() == 0


def test_moodle_xml_bank_with_picture_feedback_and_formats(category):
    created = {q.title: q for q in import_file("moodlexml", load("康复训练协助.moodle.xml"), category)}
    assert {t: q.qtype for t, q in created.items()} == {
        "轮椅刹车": "single",
        "拐杖": "truefalse",
        "体位": "short",
        "步行距离": "numeric",
        "辅具": "matching",
        "康复陪伴": "essay",
    }
    brake = created["轮椅刹车"]
    assert brake.image is not None and brake.image.width == 4
    assert "<strong>首先</strong>" in brake.text and "<script>" not in brake.text and "<img" not in brake.text
    assert sorted(t.name for t in brake.tags.all()) == ["康复", "轮椅"]
    assert graded(brake, choice(brake, "把轮椅靠近床边")) == Decimal("1.00")  # 50% of 2 points
    assert brake.choices.get(text="让患者自己站起来").feedback == "患者可能跌倒。"
    crutch = created["拐杖"]
    assert crutch.true_false_answer is False and crutch.false_feedback == "正确,应由手掌承重。"
    position = created["体位"]
    assert position.text_format == "html" and "<strong>健侧</strong>" in position.text
    assert graded(position, "好的一侧") == Decimal("0.50")
    walk = created["步行距离"]
    assert graded(walk, "30") == Decimal("1.00") and graded(walk, "34") == Decimal("0.50")
    aids = created["辅具"]
    assert aids.points == 3 and aids.choices.count() == 4  # three pairs and one extra answer
    assert "需要卧床" in {a["text"] for a in grading.public_view(_started(aids))["matches"]}


def _started(question: Question) -> dict:
    import random

    return grading.add_attempt_tokens(snapshot(question), True, random.Random(1))


def test_moodle_xml_with_a_broken_picture_imports_nothing(category):
    with pytest.raises(ImportFailed) as failure:
        import_file("moodlexml", load("必须拒绝-图片损坏.moodle.xml"), category)
    assert any("第 7 行" in p and "wheelchair.png" in p for p in failure.value.problems)
    assert any("配对题至少需要两对" in p for p in failure.value.problems)
    assert Question.objects.count() == 0


def test_pasted_exam_paper_sections_decide_the_types(category):
    created = import_file("paper", load("风险预防试卷.txt"), category)
    assert [q.qtype for q in created] == [
        "single",
        "single",
        "single",
        "multiple",
        "truefalse",
        "truefalse",
        "truefalse",
        "short",
        "numeric",
        "essay",
    ]
    fall, needle, medicine = created[0], created[1], created[2]
    assert fall.points == 2 and fall.explanation == "不要随意搬动患者,先呼叫专业人员。"
    assert [c.text for c in fall.choices.all()] == ["立即呼叫医护人员", "自行将患者扶起", "离开现场", "拍照发到群里"]
    assert needle.choices.get(is_correct=True).text == "通知护士用锐器盒处理"  # options on one line
    assert medicine.choices.get(is_correct=True).text == "请患者询问医生或药师"  # answer in the brackets
    assert "( B )" not in medicine.text
    assert created[3].points == 3 and [c.is_correct for c in created[3].choices.all()] == [True, True, True, False]
    assert [q.true_false_answer for q in created[4:7]] == [False, True, True]
    assert created[7].accepted_answer_list() == ["手卫生", "洗手"]
    assert graded(created[8], "200") == 1
    assert created[9].points == 10 and created[9].explanation.startswith("参考答案:先倾听")


def test_exam_paper_with_mistakes_imports_nothing_and_names_each_line(category):
    with pytest.raises(ImportFailed) as failure:
        import_file("paper", load("必须拒绝-缺答案的试卷.txt"), category)
    problems = failure.value.problems
    assert any(p.startswith("第 2 行") and "题型标题" in p for p in problems)
    assert any(p.startswith("第 5 行") and "缺少答案" in p for p in problems)
    assert any(p.startswith("第 8 行") and "只能有一个" in p for p in problems)
    assert any(p.startswith("第 13 行") and "判断题的答案" in p for p in problems)
    assert any(p.startswith("第 16 行") and "缺少答案" in p for p in problems)
    assert any(p.startswith("第 17 行") and "无法从标题" in p for p in problems)
    assert Question.objects.count() == 0


def test_word_exam_paper_imports_with_word_numbering(category):
    created = import_file("docx", load("心理支持试卷.docx"), category)
    assert [q.qtype for q in created] == ["single", "single", "multiple", "truefalse", "short", "essay"]
    calm = created[0]
    assert calm.text.startswith("患者家属情绪激动时")
    assert calm.choices.get(is_correct=True).text == "关注并回应对方的感受"
    assert created[1].explanation == "专注倾听是建立信任的第一步。"
    assert created[1].choices.count() == 3
    assert created[3].true_false_answer is False and created[3].explanation.startswith("应立即报告")
    assert created[4].accepted_answer_list() == ["医务社工", "社工"]


def test_a_file_that_is_not_a_word_document_is_refused_in_chinese(category):
    with pytest.raises(ImportFailed, match="无法读取 Word 文件"):
        import_file("docx", load("风险预防试卷.txt"), category)
    with pytest.raises(ImportFailed) as failure:
        import_file("docx", _docx_with_missing_answer(), category)
    assert failure.value.problems == ["第 2 段:这道题缺少答案(写成“答案:…”或“【答案】…”)"]
    assert Question.objects.count() == 0


def _docx_with_missing_answer() -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("一、判断题")
    document.add_paragraph("1. 志愿者可以透露病情。")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
