"""Moodle XML: multichoice, truefalse, shortanswer and essay questions; categories are skipped."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..models import QuestionType
from ..questions import QuestionDraft
from . import ImportFailed

TAGS = re.compile(r"<[^>]+>")


def _text(element: ET.Element | None) -> str:
    """The plain text of a Moodle <…><text>…</text></…> element (HTML tags removed)."""
    if element is None:
        return ""
    inner = element.find("text")
    value = inner.text if inner is not None else element.text
    value = re.sub(r"<br\s*/?>|</p>", "\n", value or "")
    return html.unescape(TAGS.sub("", value)).strip()


def parse(text: str) -> list[tuple[str, QuestionDraft]]:
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        line = error.position[0] if error.position else 0
        raise ImportFailed([_("第 %(line)d 行:XML 格式错误(%(msg)s)") % {"line": line, "msg": error.msg}]) from None
    if root.tag != "quiz":
        raise ImportFailed([_("第 1 行:根元素应为 <quiz>")])
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<question[\s>]", text)]
    pairs, problems = [], []
    for index, element in enumerate(root.findall("question")):
        qtype = element.get("type", "")
        place = _("第 %(line)d 行") % {"line": lines[index] if index < len(lines) else 0}
        if qtype == "category":
            continue
        draft = QuestionDraft(
            qtype="",
            text=_text(element.find("questiontext")),
            title=_text(element.find("name")),
            explanation=_text(element.find("generalfeedback")),
        )
        try:
            draft.points = Decimal((element.findtext("defaultgrade") or "1").strip())
        except InvalidOperation:
            problems.append(f"{place}:" + _("分值 defaultgrade 不是数字"))
            continue
        answers = []
        for answer in element.findall("answer"):
            try:
                fraction = float(answer.get("fraction", "0"))
            except ValueError:
                problems.append(f"{place}:" + _("答案的 fraction 不是数字"))
                fraction = 0.0
            answers.append((_text(answer), fraction))
        if qtype == "multichoice":
            single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
            draft.choices = [(t, f > 0) for t, f in answers]
            if single:
                draft.qtype = QuestionType.SINGLE
                draft.choices = [(t, f >= 100) for t, f in answers]
            else:
                draft.qtype = QuestionType.MULTIPLE
                draft.partial_credit = any(0 < f < 100 for _t, f in answers)
        elif qtype == "truefalse":
            draft.qtype = QuestionType.TRUE_FALSE
            right = [t.lower() for t, f in answers if f >= 100]
            draft.true_false_answer = {"true": True, "false": False}.get(right[0]) if len(right) == 1 else None
        elif qtype == "shortanswer":
            draft.qtype = QuestionType.SHORT
            draft.accepted_answers = [t for t, f in answers if f >= 100]
        elif qtype == "essay":
            draft.qtype = QuestionType.ESSAY
        else:
            problems.append(f"{place}:" + _("不支持的题型“%(type)s”") % {"type": qtype})
            continue
        pairs.append((place, draft))
    if problems:
        raise ImportFailed(problems)
    return pairs
