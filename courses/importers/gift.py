"""Moodle GIFT: single/multiple choice, true/false, short answer, numeric, matching and essay questions.

Weights (``%50%``), feedback per answer (``#…``), general feedback (``####…``, kept as the explanation) and the
``[markdown]``/``[html]`` text formats (rendered to sanitised HTML) follow Moodle's own reading of the format.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..models import QuestionType, TextFormat
from ..questions import AnswerLine, QuestionDraft, markdown_html, numeric_bounds, safe_html
from . import ImportFailed
from .excel import DIFFICULTY_WORDS

ESCAPES = {"\\:": "\x01", "\\~": "\x02", "\\=": "\x03", "\\#": "\x04", "\\{": "\x05", "\\}": "\x06", "\\n": "\n"}
UNESCAPE = {v: k[1] for k, v in ESCAPES.items() if k != "\\n"}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
META = re.compile(r"^//\s*((?:分值|难度|标签|评分)[:：].*)$")
ALL_OR_NOTHING = "全对才得分"
TRUE_WORDS = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _escape(text: str) -> str:
    for raw, mark in ESCAPES.items():
        text = text.replace(raw, mark)
    return text


def _unescape(text: str) -> str:
    for mark, char in UNESCAPE.items():
        text = text.replace(mark, char)
    return text.strip()


def _blocks(text: str) -> list[tuple[int, str, str]]:
    """Questions separated by blank lines, each with the number of its first line and the comment just above it
    (where this project's export writes points, difficulty and tags); other comments and categories dropped."""
    blocks: list[tuple[int, str, str]] = []
    current: list[str] = []
    start, comment = 0, ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//") or stripped.startswith("$CATEGORY:"):
            if not current:
                comment = stripped
            continue
        if not stripped:
            if current:
                blocks.append((start, "\n".join(current), comment))
                current, comment = [], ""
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current), comment))
    return blocks


def _apply_meta(draft: QuestionDraft, comment: str) -> str | None:
    """``// 分值:2;难度:较难;标签:岗前培训,第1周;评分:全对才得分`` (GIFT itself has none of them, nor an
    all-or-nothing multiple choice; Moodle skips comments, so the file stays a plain GIFT file)."""
    found = META.match(comment)
    if not found:
        return None
    for key, value in re.findall(r"(分值|难度|标签|评分)[:：]([^;；]*)", found.group(1)):
        value = value.strip()
        if key == "分值" and value:
            try:
                draft.points = Decimal(value)
            except InvalidOperation:
                return _("分值“%(v)s”不是数字") % {"v": value}
        elif key == "难度" and value:
            if value not in DIFFICULTY_WORDS:
                return _("难度应为 容易、中等 或 较难")
            draft.difficulty = DIFFICULTY_WORDS[value]
        elif key == "标签":
            draft.tags = [tag.strip() for tag in re.split(r"[,,]", value) if tag.strip()]
        elif key == "评分" and value == ALL_OR_NOTHING and draft.qtype == QuestionType.MULTIPLE:
            draft.partial_credit, draft.weights = False, []
    return None


def _answer(raw: str) -> tuple[float | None, str, str]:
    """``%50%文字#反馈`` → (weight or None, text, feedback), still escaped."""
    weight = None
    found = WEIGHT.match(raw.strip())
    if found:
        weight = float(found.group(1))
        raw = raw.strip()[found.end() :]
    text, _sep, feedback = raw.partition("#")
    return weight, text.strip(), feedback


def _items(body: str) -> list[tuple[str, str]]:
    return re.findall(r"([=~])([^=~]*)", body)


def _numeric(draft: QuestionDraft, body: str) -> QuestionDraft | str:
    """``{#60..100}``, ``{#1:0}``, ``{#=%100%1:0#反馈 =%50%1:0.5}``: ranges, tolerances, partial credit."""
    body = body[1:].strip()
    items = _items(body) if re.search(r"[=~]", body) else [("=", body)]
    draft.qtype = QuestionType.NUMERIC
    for sign, raw in items:
        weight, spec, feedback = _answer(raw)
        weight = weight if weight is not None else (100.0 if sign == "=" else 0.0)
        if numeric_bounds(_unescape(spec)) is None:
            return _("数值题答案“%(a)s”无法识别(应写成 80、80:20 或 60..100)") % {"a": _unescape(spec)[:30]}
        draft.numeric_answers.append(AnswerLine(_unescape(spec), Decimal(str(weight)), _unescape(feedback)))
    return draft


def _matching(draft: QuestionDraft, body: str) -> QuestionDraft | str:
    """``{=护理员 -> 协助生活照料 =医务社工 -> 心理社会评估}``: every pair is worth its share of the points."""
    draft.qtype = QuestionType.MATCHING
    for sign, raw in _items(body):
        if sign != "=" or "->" not in raw:
            return _("配对题的每一项都要写成“=左边 -> 右边”")
        prompt, answer = raw.split("->", 1)
        draft.pairs.append((_unescape(prompt), _unescape(answer.split("#", 1)[0])))
    return draft


def _true_false(draft: QuestionDraft, body: str) -> QuestionDraft:
    """``{TRUE#答错时的反馈#答对时的反馈}`` (GIFT's order): each side keeps the feedback a learner choosing it sees."""
    head, *notes = body.split("#")
    answer = TRUE_WORDS[head.strip().upper()]
    wrong, right = (_unescape(notes[0]) if notes else ""), (_unescape(notes[1]) if len(notes) > 1 else "")
    draft.qtype = QuestionType.TRUE_FALSE
    draft.true_false_answer = answer
    draft.true_feedback, draft.false_feedback = (right, wrong) if answer else (wrong, right)
    return draft


def parse_block(block: str) -> QuestionDraft | str:
    """One GIFT question, or a Chinese message saying what is wrong with it."""
    text = _escape(block)
    title = ""
    match = re.match(r"^\s*::(.*?)::", text, re.S)
    if match:
        title, text = match.group(1), text[match.end() :]
    if text.count("{") != 1 or text.count("}") != 1 or text.index("{") > text.index("}"):
        return _("缺少答案部分 {…},或花括号不成对(题目中的花括号请写成 \\{ \\})")
    before, rest = text.split("{", 1)
    answer_part, after = rest.split("}", 1)
    found = re.match(r"^\s*\[(html|moodle|markdown|plain)\]", before)
    text_format = found.group(1) if found else "plain"
    before = before[found.end() :] if found else before
    question_text = _unescape(before + ("____" + after if after.strip() else ""))
    if text_format == "markdown":
        question_text = markdown_html(question_text)
    elif text_format == "html":
        question_text = safe_html(question_text)
    answer_part, _sep, general = answer_part.partition("####")
    draft = QuestionDraft(
        qtype=QuestionType.ESSAY,
        text=question_text,
        title=_unescape(title),
        explanation=_unescape(general),
        text_format=TextFormat.HTML if text_format in ("markdown", "html") else TextFormat.PLAIN,
    )
    body = answer_part.strip()
    if not body:
        return draft
    if body.startswith("#"):
        return _numeric(draft, body)
    if "->" in body:
        return _matching(draft, body)
    head = body.split("#", 1)[0].strip().upper()
    if head in TRUE_WORDS and not re.search(r"[=~]", body):
        return _true_false(draft, body)
    items = _items(body)
    if not items:
        return _("无法识别答案部分“%(body)s”") % {"body": _unescape(body)[:30]}
    parsed = []
    for sign, raw in items:
        weight, answer, feedback = _answer(raw)
        parsed.append(
            (
                sign,
                _unescape(answer),
                weight if weight is not None else (100.0 if sign == "=" else 0.0),
                _unescape(feedback),
            )
        )
    if all(sign == "=" for sign, *_rest in parsed):
        draft.qtype = QuestionType.SHORT
        kept = [(t, w, f) for _s, t, w, f in parsed if w > 0]
        draft.accepted_answers = [t for t, _w, _f in kept]
        draft.answer_weights = [w for _t, w, _f in kept]
        draft.answer_feedback = [f for _t, _w, f in kept]
        return draft
    draft.choices = [(t, w >= 100) for _s, t, w, _f in parsed]
    draft.weights = [w for _s, _t, w, _f in parsed]
    draft.choice_feedback = [f for _s, _t, _w, f in parsed]
    if any(sign == "=" for sign, *_rest in parsed):
        # Moodle's rule: an "=" answer makes it single choice; "=%50%" is a half-right option, not a second answer.
        draft.qtype = QuestionType.SINGLE
    else:
        draft.qtype = QuestionType.MULTIPLE
        draft.choices = [(t, w > 0) for _s, t, w, _f in parsed]
        draft.partial_credit = True
    return draft


def parse(text: str) -> list[tuple[str, QuestionDraft]]:
    pairs, problems = [], []
    for line, block, comment in _blocks(text):
        result = parse_block(block)
        place = _("第 %(line)d 行") % {"line": line}
        if not isinstance(result, str):
            result = _apply_meta(result, comment) or result
        if isinstance(result, str):
            problems.append(f"{place}:{result}")
        else:
            pairs.append((place, result))
    if problems:
        raise ImportFailed(problems, pairs)
    return pairs
