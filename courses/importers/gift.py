"""Moodle GIFT: single/multiple choice (with %weights), true/false, short answer, essay; ``####`` explanations.

Numerical and matching questions are refused with a clear message rather than imported wrongly.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from ..models import QuestionType
from ..questions import QuestionDraft
from . import ImportFailed

ESCAPES = {"\\:": "\x01", "\\~": "\x02", "\\=": "\x03", "\\#": "\x04", "\\{": "\x05", "\\}": "\x06", "\\n": "\n"}
UNESCAPE = {v: k[1] for k, v in ESCAPES.items() if k != "\\n"}
WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
TRUE_WORDS = {"T": True, "TRUE": True, "F": False, "FALSE": False}


def _escape(text: str) -> str:
    for raw, mark in ESCAPES.items():
        text = text.replace(raw, mark)
    return text


def _unescape(text: str) -> str:
    for mark, char in UNESCAPE.items():
        text = text.replace(mark, char)
    return text.strip()


def _blocks(text: str) -> list[tuple[int, str]]:
    """Questions separated by blank lines, each with the number of its first line; comments and categories dropped."""
    blocks, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped.startswith("//") or stripped.startswith("$CATEGORY:"):
            continue
        if not stripped:
            if current:
                blocks.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, "\n".join(current)))
    return blocks


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
    before = re.sub(r"^\s*\[(html|moodle|markdown|plain)\]", "", before)
    question_text = _unescape(before + ("____" + after if after.strip() else ""))
    answer_part, _sep, general = answer_part.partition("####")
    explanation = _unescape(general)
    body = answer_part.strip()
    draft = QuestionDraft(qtype=QuestionType.ESSAY, text=question_text, title=_unescape(title), explanation=explanation)
    if not body:
        return draft
    if body.startswith("#"):
        return _("不支持数值题(答案以 # 开头)")
    if "->" in body:
        return _("不支持配对题(答案中含有 ->)")
    head = body.split("#", 1)[0].strip().upper()
    if head in TRUE_WORDS and not re.search(r"[=~]", body):
        draft.qtype = QuestionType.TRUE_FALSE
        draft.true_false_answer = TRUE_WORDS[head]
        return draft
    items = re.findall(r"([=~])([^=~]*)", body)
    if not items:
        return _("无法识别答案部分“%(body)s”") % {"body": _unescape(body)[:30]}
    parsed = []
    for sign, raw in items:
        raw = raw.split("#", 1)[0].strip()
        weight = 100.0 if sign == "=" else 0.0
        found = WEIGHT.match(raw)
        if found:
            weight = float(found.group(1))
            raw = raw[found.end() :].strip()
        parsed.append((sign, _unescape(raw), weight))
    if all(sign == "=" for sign, _t, _w in parsed):
        draft.qtype = QuestionType.SHORT
        draft.accepted_answers = [t for _s, t, w in parsed if w > 0]
        return draft
    positive = [w for _s, _t, w in parsed if w > 0]
    draft.choices = [(t, w > 0) for _s, t, w in parsed]
    draft.weights = [w for _s, _t, w in parsed]
    if len(positive) == 1 and positive[0] >= 100:
        draft.qtype = QuestionType.SINGLE
    else:
        draft.qtype = QuestionType.MULTIPLE
        draft.partial_credit = any(0 < w < 100 for w in positive)
    return draft


def parse(text: str) -> list[tuple[str, QuestionDraft]]:
    pairs, problems = [], []
    for line, block in _blocks(text):
        result = parse_block(block)
        place = _("第 %(line)d 行") % {"line": line}
        if isinstance(result, str):
            problems.append(f"{place}:{result}")
        else:
            pairs.append((place, result))
    if problems:
        raise ImportFailed(problems)
    return pairs
