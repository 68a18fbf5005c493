"""Chinese exam papers (试卷), pasted as text or as a Word .docx, in the layout training materials use.

Sections headed "一、单选题" / "二、多选题" / "三、判断题" / "四、填空题" / "五、简答题" (and "计算题" for numbers)
decide each question's type; questions are numbered "1." "1、" "(1)"; options "A." "A、" "A．" (several may share a
line); the answer is "答案:B", "【答案】AC" or "正确答案:对"; "解析:" is optional. "每题 2 分" in a section
heading gives its questions' points. A short answer may list alternatives separated by ";" or "|"; the
answer of an essay (简答题) becomes its reference answer in the explanation.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from ..models import QuestionType
from ..questions import AnswerLine, QuestionDraft, numeric_bounds
from . import ImportFailed
from .excel import FALSE_WORDS, TRUE_WORDS

SECTION = re.compile(r"^[一二三四五六七八九十]+\s*[、.．]\s*(.+)$")
SECTION_TYPES = [
    (re.compile(r"单选|单项选择"), QuestionType.SINGLE),
    (re.compile(r"多选|多项选择|不定项"), QuestionType.MULTIPLE),
    (re.compile(r"判断"), QuestionType.TRUE_FALSE),
    (re.compile(r"填空"), QuestionType.SHORT),
    (re.compile(r"计算|数值"), QuestionType.NUMERIC),
    (re.compile(r"简答|问答|论述|案例分析"), QuestionType.ESSAY),
]
POINTS = re.compile(r"每(?:小)?题\s*(\d+(?:\.\d+)?)\s*分")
NUMBERED = re.compile(r"^(?:(\d{1,3})\s*[.、．](?!\d)|[（(]\s*(\d{1,3})\s*[)）])\s*(.*)$")
OPTION_START = re.compile(r"(?:^|(?<=\s))([A-H])\s*[.、．:：]\s*")
ANSWER = re.compile(r"^(?:【\s*(?:正确)?答案\s*】|(?:正确|参考)?答案\s*[:：])\s*(.*)$")
EXPLANATION = re.compile(r"^(?:【\s*解析\s*】|解析\s*[:：])\s*(.*)$")
TRUE_FALSE_WORDS = {**TRUE_WORDS, **FALSE_WORDS, "✓": True, "✔": True, "✗": False, "X": False}
ALTERNATIVES = re.compile(r"\s*[;；|｜]\s*")
# "1. 志愿者应当……(√)" / "……( B )": the answer written in the stem's brackets, as many papers do.
INLINE_ANSWER = re.compile(r"[（(]\s*([A-H]{1,8}|√|×|✓|✗|对|错)\s*[)）]\s*[。.]?\s*$")


@dataclass
class _Question:
    line: int
    qtype: str
    points: Decimal | None
    text: list[str]
    options: list[list[str]] = field(default_factory=list)  # [letter, text]
    answer: str | None = None
    explanation: list[str] = field(default_factory=list)
    last: str = "text"  # which part a continuation line belongs to


def _section_type(title: str) -> str | None:
    for pattern, qtype in SECTION_TYPES:
        if pattern.search(title):
            return qtype
    return None


def _options(line: str) -> list[list[str]]:
    """ "A. 甲  B. 乙" → [["A", "甲"], ["B", "乙"]]; [] when the line does not start with an option letter."""
    starts = list(OPTION_START.finditer(line))
    if not starts or starts[0].start() != 0:
        return []
    return [
        [found.group(1), line[found.end() : starts[i + 1].start() if i + 1 < len(starts) else len(line)].strip()]
        for i, found in enumerate(starts)
    ]


def parse(text: str, unit: str = "行") -> list[tuple[str, QuestionDraft]]:
    return parse_lines(list(enumerate(text.splitlines(), start=1)), unit)


def parse_docx(content: bytes) -> list[tuple[str, QuestionDraft]]:
    """A Word exam paper: each paragraph is a line; Word's automatic numbering counts as a question number."""
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ImportFailed([_("无法读取 Word 文件,请另存为 .docx 格式后再导入。")]) from None
    lines, counter = [], 0
    for number, paragraph in enumerate(document.paragraphs, start=1):
        line = paragraph.text.strip()
        if SECTION.match(line):
            counter = 0
        if _auto_numbered(paragraph) and line and not (NUMBERED.match(line) or _options(line) or ANSWER.match(line)):
            counter += 1
            line = f"{counter}. {line}"
        lines.append((number, line))
    return parse_lines(lines, "段")


def _auto_numbered(paragraph) -> bool:
    """Word's own list numbering (on the paragraph or its style, e.g. "列表编号"), which its text does not hold."""
    elements = [paragraph._p]  # noqa: SLF001 - python-docx has no public API for numbering
    style = paragraph.style
    while style is not None:
        elements.append(style.element)
        style = style.base_style
    return any(element.pPr is not None and element.pPr.numPr is not None for element in elements)


def parse_lines(lines: list[tuple[int, str]], unit: str) -> list[tuple[str, QuestionDraft]]:  # noqa: C901
    """All-or-nothing: every problem is reported with its line (or, in Word, paragraph) number."""
    questions: list[_Question] = []
    problems: list[str] = []
    qtype: str | None = None
    points: Decimal | None = None

    def place(line: int) -> str:
        # The unit (行 line / 段 paragraph) is part of the msgid so English says "line 3", not "line 3 行".
        if unit == "段":
            return _("第 %(line)d 段") % {"line": line}
        return _("第 %(line)d 行") % {"line": line}

    for number, raw in lines:
        line = raw.replace("\u3000", " ").strip()
        if not line:
            continue
        current = questions[-1] if questions else None
        section = SECTION.match(line)
        if section and not NUMBERED.match(line):
            qtype = _section_type(section.group(1))
            found = POINTS.search(section.group(1))
            points = Decimal(found.group(1)) if found else None
            if qtype is None:
                problems.append(
                    f"{place(number)}:"
                    + _("无法从标题“%(t)s”判断题型(应为单选题、多选题、判断题、填空题、计算题或简答题)")
                    % {"t": line[:30]}
                )
            continue
        numbered = NUMBERED.match(line)
        answer, explanation = ANSWER.match(line), EXPLANATION.match(line)
        options = _options(line)
        if numbered and not (current and current.last == "options" and options):
            if qtype is None:
                problems.append(f"{place(number)}:" + _("题目前缺少题型标题(如“一、单选题”)"))
                qtype = ""
            questions.append(_Question(number, qtype, points, [numbered.group(3).strip()]))
        elif current is None:
            continue  # the paper's title, instructions, name and score boxes
        elif answer:
            value, _sep, rest = re.sub(r"【\s*解析\s*】|解析\s*[:：]", "\x00", answer.group(1)).partition("\x00")
            current.answer, current.last = value.strip(), "answer"
            if rest.strip():
                current.explanation.append(rest.strip())
                current.last = "explanation"
        elif explanation:
            current.explanation.append(explanation.group(1).strip())
            current.last = "explanation"
        elif (
            options
            and current.last in ("text", "options")
            and current.qtype
            in (
                QuestionType.SINGLE,
                QuestionType.MULTIPLE,
            )
        ):
            current.options.extend(options)
            current.last = "options"
        elif current.last == "options":
            current.options[-1][1] += line
        elif current.last == "explanation":
            current.explanation.append(line)
        elif current.last == "answer":
            current.answer = f"{current.answer}\n{line}"
        else:
            current.text.append(line)
    pairs = []
    for question in questions:
        if not question.qtype:
            continue
        result = _draft(question)
        if isinstance(result, str):
            problems.append(f"{place(question.line)}:{result}")
        else:
            pairs.append((place(question.line), result))
    if problems:
        raise ImportFailed(problems, pairs)
    return pairs


def _draft(question: _Question) -> QuestionDraft | str:  # noqa: C901 - one branch per section type
    """The question as a draft, or why it cannot be one (its number is in the message)."""
    draft = QuestionDraft(
        qtype=question.qtype, text="\n".join(question.text).strip(), explanation="\n".join(question.explanation)
    )
    if question.points is not None:
        draft.points = question.points
    answer = (question.answer or "").strip()
    inline = INLINE_ANSWER.search(draft.text) if not answer else None
    if inline and question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.TRUE_FALSE):
        answer = inline.group(1)
        draft.text = draft.text[: inline.start()] + "( )" + draft.text[inline.end() :]
    if not answer and question.qtype != QuestionType.ESSAY:
        return _("这道题缺少答案(写成“答案:…”或“【答案】…”)")
    if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        letters = re.findall(r"[A-H]", answer.upper())
        known = [letter for letter, _t in question.options]
        unknown = [letter for letter in letters if letter not in known]
        if not question.options:
            return _("选择题没有找到选项(写成“A. …”)")
        if unknown or not letters:
            return _("答案“%(a)s”不是本题的选项") % {"a": answer[:20]}
        if question.qtype == QuestionType.SINGLE and len(set(letters)) > 1:
            return _("单选题的答案只能有一个选项(现在是 %(a)s)") % {"a": "".join(letters)}
        draft.choices = [(text, letter in letters) for letter, text in question.options]
    elif question.qtype == QuestionType.TRUE_FALSE:
        draft.true_false_answer = TRUE_FALSE_WORDS.get(answer.upper().rstrip("。."))
        if draft.true_false_answer is None:
            return _("判断题的答案应为 对/错、正确/错误 或 √/×(现在是“%(a)s”)") % {"a": answer[:20]}
    elif question.qtype == QuestionType.SHORT:
        draft.accepted_answers = [part for part in ALTERNATIVES.split(answer) if part]
    elif question.qtype == QuestionType.NUMERIC:
        for part in ALTERNATIVES.split(answer):
            spec = re.sub(r"\s*(?:~|～|至|到)\s*", "..", part)
            if numeric_bounds(spec) is None:
                return _("计算题的答案“%(a)s”不是数字(可写成 80、80:2 或 60~100)") % {"a": part[:20]}
            draft.numeric_answers.append(AnswerLine(spec))
    elif answer:
        reference = _("参考答案:%(a)s") % {"a": answer}
        draft.explanation = "\n".join(part for part in (reference, draft.explanation) if part)
    return draft
