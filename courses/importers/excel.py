"""The Excel template: one question per row under a header row; the columns in ``COLUMNS``, explained by
``COLUMN_HELP``, with ``EXAMPLE_ROW`` — the downloadable template (``template_workbook``) is built from the same
definitions this parser reads."""

from __future__ import annotations

import io
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _
from openpyxl import Workbook

from config import spreadsheet

from ..models import QuestionType, TextFormat
from ..questions import QuestionDraft, parse_answer_line, safe_html
from . import ImportFailed

# A bank of COURSES_IMPORT_MAX_QUESTIONS rows unpacks to a few MB; a file beyond this is refused unread.
MAX_UNPACKED_BYTES = 16 * 2**20
OPTION_LETTERS = "ABCDEFGH"
COLUMNS = [
    "题型",
    "题干",
    *(f"选项{letter}" for letter in OPTION_LETTERS),
    "正确答案",
    "部分得分",
    "解析",
    "分值",
    "难度",
    "标签",
    "简称",
    "选项得分",
    "选项反馈",
    "题干格式",
]
REQUIRED_COLUMNS = ("题型", "题干", "正确答案")
COLUMN_HELP = {
    "题型": "单选、多选、判断、填空、数值、配对或论述",
    "题干": "题目正文",
    **{f"选项{letter}": "选择题的选项,用几个填几个;配对题写成“左边 -> 右边”" for letter in OPTION_LETTERS},
    "正确答案": (
        "选择题填字母(多选如 AC);判断题填 对 或 错;填空题、数值题的几种可接受答案用 | 分隔"
        "(可写成 %50%答案#反馈,数值可写 60..100 或 80:20);配对题留空;论述题填评分要点"
    ),
    "部分得分": "多选题答对部分是否给分:是 或 否",
    "解析": "作答后显示的解析,可留空",
    "分值": "数字,默认 1",
    "难度": "容易、中等 或 较难,可留空",
    "标签": "多个标签用逗号分隔",
    "简称": "题库列表里显示的短名称,可留空",
    "选项得分": "选项各自的得分百分比,如 B:50|C:-50,可留空",
    "选项反馈": "选中某个选项时显示的反馈,如 A:反馈|B:反馈;判断题写 对:反馈|错:反馈,可留空",
    "题干格式": "题干是 HTML 时填 HTML,否则留空",
}
EXAMPLE_ROW = {
    "题型": "单选",
    "题干": "陪同患者检查途中患者突然跌倒,志愿者首先应该怎么做?",
    "选项A": "立即扶起患者",
    "选项B": "保持患者原位并呼叫医护人员",
    "选项C": "离开去找家属",
    "正确答案": "B",
    "解析": "跌倒后贸然搬动可能加重损伤,应先呼叫医护人员。",
    "分值": "2",
    "难度": "容易",
    "标签": "风险预防,跌倒",
}
TYPE_WORDS = {
    "单选": QuestionType.SINGLE,
    "单选题": QuestionType.SINGLE,
    "多选": QuestionType.MULTIPLE,
    "多选题": QuestionType.MULTIPLE,
    "判断": QuestionType.TRUE_FALSE,
    "判断题": QuestionType.TRUE_FALSE,
    "填空": QuestionType.SHORT,
    "填空题": QuestionType.SHORT,
    "简答": QuestionType.SHORT,
    "数值": QuestionType.NUMERIC,
    "数值题": QuestionType.NUMERIC,
    "配对": QuestionType.MATCHING,
    "配对题": QuestionType.MATCHING,
    "论述": QuestionType.ESSAY,
    "论述题": QuestionType.ESSAY,
    **{value: value for value in QuestionType.values},
}
TRUE_WORDS = {"对": True, "正确": True, "是": True, "T": True, "TRUE": True, "√": True}
FALSE_WORDS = {"错": False, "错误": False, "否": False, "F": False, "FALSE": False, "×": False}
DIFFICULTY_WORDS = {"容易": 1, "中等": 2, "较难": 3, "1": 1, "2": 2, "3": 3}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _lettered(cell: str) -> dict[str, str]:
    """``A:50|C:-50`` (选项得分) or ``A:反馈|对:反馈`` (选项反馈) → {"A": "50", …}."""
    entries = {}
    for part in re.split(r"[|｜]", cell):
        key, sep, value = part.replace("：", ":").partition(":")
        if sep and key.strip():
            entries[key.strip().upper()] = value.strip()
    return entries


def _answers(draft: QuestionDraft, row: dict[str, str]) -> str | None:  # noqa: C901 - one branch per type
    """Fill the draft's answers from the row, or say what is wrong with them."""
    qtype, answer = draft.qtype, row["正确答案"].upper()
    feedback = _lettered(row.get("选项反馈", ""))
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        options = [(letter, row.get(f"选项{letter}", "")) for letter in OPTION_LETTERS]
        options = [(letter, text) for letter, text in options if text]
        letters = re.findall(r"[A-H]", answer)
        unknown = [letter for letter in letters if letter not in {lt for lt, _t in options}]
        if unknown:
            return _("正确答案 %(l)s 没有对应的选项") % {"l": ",".join(unknown)}
        draft.choices = [(text, letter in letters) for letter, text in options]
        draft.partial_credit = row.get("部分得分", "") in ("是", "Y", "YES", "1", "TRUE")
        weights = _lettered(row.get("选项得分", ""))
        if weights:
            try:
                draft.weights = [
                    float(weights[letter]) if letter in weights else (100.0 if letter in letters else 0.0)
                    for letter, _t in options
                ]
            except ValueError:
                return _("选项得分应写成“B:50”这样的字母和百分数")
        if feedback:
            draft.choice_feedback = [feedback.get(letter, "") for letter, _t in options]
    elif qtype == QuestionType.TRUE_FALSE:
        draft.true_false_answer = TRUE_WORDS.get(answer, FALSE_WORDS.get(answer))
        draft.true_feedback, draft.false_feedback = feedback.get("对", ""), feedback.get("错", "")
    elif qtype == QuestionType.SHORT:
        lines = [parse_answer_line(part) for part in re.split(r"[|｜]", row["正确答案"]) if part.strip()]
        draft.accepted_answers = [line.text for line in lines]
        draft.answer_weights = [float(line.fraction) for line in lines]
        draft.answer_feedback = [line.feedback for line in lines]
    elif qtype == QuestionType.NUMERIC:
        draft.numeric_answers = [parse_answer_line(p) for p in re.split(r"[|｜]", row["正确答案"]) if p.strip()]
    elif qtype == QuestionType.MATCHING:
        for letter in OPTION_LETTERS:
            cell = row.get(f"选项{letter}", "")
            if not cell:
                continue
            if "->" not in cell:
                return _("配对题的选项%(l)s应写成“左边 -> 右边”") % {"l": letter}
            prompt, match = cell.split("->", 1)
            draft.pairs.append((prompt.strip(), match.strip()))
    return None


def parse(content: bytes) -> list[tuple[str, QuestionDraft]]:
    try:
        rows = spreadsheet.read_rows(io.BytesIO(content), settings.COURSES_IMPORT_MAX_QUESTIONS + 1, MAX_UNPACKED_BYTES)
    except spreadsheet.WorkbookTooLarge as error:
        raise ImportFailed([str(error)]) from None
    except spreadsheet.WorkbookUnreadable:
        raise ImportFailed([_("无法读取 Excel 文件,请使用 .xlsx 格式的导入模板。")]) from None
    header = [_cell(value) for value in next(rows, [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFailed([_("第 1 行:表头缺少列 %(cols)s") % {"cols": "、".join(missing)}])
    col = {name: header.index(name) for name in COLUMNS if name in header}
    pairs, problems = [], []
    for number, values in enumerate(rows, start=2):
        row = {name: _cell(values[index]) if index < len(values) else "" for name, index in col.items()}
        if not any(row.values()):
            continue
        place = _("第 %(row)d 行") % {"row": number}
        qtype = TYPE_WORDS.get(row["题型"])
        if qtype is None:
            problems.append(
                f"{place}:"
                + _("题型“%(t)s”无法识别(应为单选、多选、判断、填空、数值、配对或论述)") % {"t": row["题型"]}
            )
            continue
        draft = QuestionDraft(
            qtype=qtype,
            text=row["题干"],
            explanation=row.get("解析", ""),
            title=row.get("简称", ""),
            text_format=TextFormat.HTML if row.get("题干格式", "").upper() == "HTML" else TextFormat.PLAIN,
        )
        if draft.text_format == TextFormat.HTML:
            draft.text = safe_html(draft.text)
        problem = _answers(draft, row)
        if problem:
            problems.append(f"{place}:{problem}")
            continue
        if row.get("分值"):
            try:
                draft.points = Decimal(row["分值"])
            except InvalidOperation:
                problems.append(f"{place}:" + _("分值“%(v)s”不是数字") % {"v": row["分值"]})
                continue
        if row.get("难度"):
            if row["难度"] not in DIFFICULTY_WORDS:
                problems.append(f"{place}:" + _("难度应为 容易、中等 或 较难"))
                continue
            draft.difficulty = DIFFICULTY_WORDS[row["难度"]]
        draft.tags = [tag.strip() for tag in re.split(r"[,,;;]", row.get("标签", "")) if tag.strip()]
        pairs.append((place, draft))
    if problems:
        raise ImportFailed(problems)
    return pairs


def template_workbook() -> Workbook:
    """The import template: the header row and one example row, and a sheet that explains every column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "题目"
    spreadsheet.append_row(sheet, COLUMNS)
    spreadsheet.append_row(sheet, [EXAMPLE_ROW.get(name, "") for name in COLUMNS])
    notes = workbook.create_sheet("填写说明")
    spreadsheet.append_row(notes, ["列", "必填", "说明"])
    for name in COLUMNS:
        spreadsheet.append_row(notes, [name, "是" if name in REQUIRED_COLUMNS else "否", COLUMN_HELP[name]])
    return workbook
