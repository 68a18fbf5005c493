"""Moodle XML: multichoice (and the all-or-nothing multichoiceset), truefalse, shortanswer, numerical, matching
and essay questions, with per-answer feedback, tags, text formats and embedded images; categories are skipped."""

from __future__ import annotations

import base64
import binascii
import html
import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ..models import QuestionType, TextFormat
from ..questions import AnswerLine, QuestionDraft, markdown_html, safe_html
from . import ImportFailed, image_problem

TAGS = re.compile(r"<[^>]+>")
IMAGES = re.compile(r"<img\b[^>]*>", re.I)
# Moodle writes even plain text as <p>…</p>; only these tags are no reason to keep the text as HTML.
PLAIN_TAGS = re.compile(r"</?(p|br|div|span)\b[^>]*>", re.I)


def _plain(value: str) -> str:
    value = re.sub(r"<br\s*/?>|</p>", "\n", value)
    return html.unescape(TAGS.sub("", value)).strip()


def _text(element: ET.Element | None) -> str:
    """The plain text of a Moodle <…><text>…</text></…> element (HTML tags removed)."""
    if element is None:
        return ""
    inner = element.find("text")
    value = inner.text if inner is not None else element.text
    return _plain(value or "")


def _rich(element: ET.Element | None) -> tuple[str, str]:
    """Question text and its format: plain unless the author used HTML beyond paragraphs, or Markdown."""
    if element is None:
        return "", TextFormat.PLAIN
    value = IMAGES.sub("", element.findtext("text") or "")
    fmt = element.get("format", "html")
    if fmt == "markdown":
        return markdown_html(value), TextFormat.HTML
    if fmt == "html" and TAGS.search(PLAIN_TAGS.sub("", value)):
        return safe_html(value).strip(), TextFormat.HTML
    return _plain(value), TextFormat.PLAIN


def _image(element: ET.Element | None) -> tuple[tuple[str, bytes] | None, str | None]:
    """The first base64 <file> of the question text, or the reason it cannot be used."""
    found = element.find("file") if element is not None else None
    if found is None:
        return None, None
    name = found.get("name") or "image.png"
    try:
        content = base64.b64decode((found.text or "").strip(), validate=False)
    except (binascii.Error, ValueError):
        return None, _("图片“%(name)s”不是有效的 base64 数据") % {"name": name}
    problem = image_problem(name, content)
    return (None, problem) if problem else ((name, content), None)


def _fraction(answer: ET.Element) -> float:
    return float(answer.get("fraction", "0"))


def parse(text: str) -> list[tuple[str, QuestionDraft]]:
    try:
        # The text is already decoded: parsing it as str makes expat ignore the file's own encoding declaration,
        # which may name an encoding that does not exist ("TF-8") or is not the one the bytes were in.
        root = ET.fromstring(text)
    except ET.ParseError as error:
        line = error.position[0] if error.position else 0
        raise ImportFailed([_("第 %(line)d 行:XML 格式错误(%(msg)s)") % {"line": line, "msg": error.msg}]) from None
    if root.tag != "quiz":
        raise ImportFailed([_("第 1 行:根元素应为 <quiz>")])
    lines = [text.count("\n", 0, m.start()) + 1 for m in re.finditer(r"<question[\s>]", text)]
    pairs, problems = [], []
    for index, element in enumerate(root.findall("question")):
        place = _("第 %(line)d 行") % {"line": lines[index] if index < len(lines) else 0}
        result = _question(element)
        if result is None:
            continue
        if isinstance(result, str):
            problems.append(f"{place}:{result}")
        else:
            pairs.append((place, result))
    if problems:
        raise ImportFailed(problems, pairs)
    return pairs


def _question(element: ET.Element) -> QuestionDraft | str | None:  # noqa: C901 - one branch per Moodle type
    """One <question>, a Chinese message saying what is wrong with it, or None for a category."""
    qtype = element.get("type", "")
    if qtype == "category":
        return None
    text, text_format = _rich(element.find("questiontext"))
    image, problem = _image(element.find("questiontext"))
    if problem:
        return problem
    draft = QuestionDraft(
        qtype="",
        text=text,
        text_format=text_format,
        image=image,
        title=_text(element.find("name")),
        explanation=_text(element.find("generalfeedback")),
        tags=[_text(tag) for tag in element.findall("tags/tag") if _text(tag)],
    )
    try:
        draft.points = Decimal((element.findtext("defaultgrade") or "1").strip())
        answers = [(answer, _fraction(answer)) for answer in element.findall("answer")]
    except (InvalidOperation, ValueError):
        return _("分值 defaultgrade 或答案的 fraction 不是数字")
    if qtype in ("multichoice", "multichoiceset"):
        single = qtype == "multichoice" and (element.findtext("single") or "true").strip().lower() in ("true", "1")
        draft.choices = [(_text(a), f >= 100 if single else f > 0) for a, f in answers]
        draft.weights = [f for _a, f in answers]
        draft.choice_feedback = [_text(a.find("feedback")) for a, _f in answers]
        draft.qtype = QuestionType.SINGLE if single else QuestionType.MULTIPLE
        # Moodle's "multiple answers" adds up the weights; the multichoiceset plugin is all-or-nothing.
        draft.partial_credit = qtype == "multichoice" and not single
    elif qtype == "truefalse":
        draft.qtype = QuestionType.TRUE_FALSE
        sides = {_text(a).lower(): (f, _text(a.find("feedback"))) for a, f in answers}
        right = [side for side, (f, _fb) in sides.items() if f >= 100]
        draft.true_false_answer = {"true": True, "false": False}.get(right[0]) if len(right) == 1 else None
        draft.true_feedback = sides.get("true", (0, ""))[1]
        draft.false_feedback = sides.get("false", (0, ""))[1]
    elif qtype == "shortanswer":
        draft.qtype = QuestionType.SHORT
        kept = [(a, f) for a, f in answers if f > 0]
        draft.accepted_answers = [_text(a) for a, _f in kept]
        draft.answer_weights = [f for _a, f in kept]
        draft.answer_feedback = [_text(a.find("feedback")) for a, _f in kept]
    elif qtype == "numerical":
        draft.qtype = QuestionType.NUMERIC
        for answer, fraction in answers:
            value, tolerance = _text(answer), (answer.findtext("tolerance") or "0").strip()
            spec = value if tolerance in ("", "0") else f"{value}:{tolerance}"
            draft.numeric_answers.append(AnswerLine(spec, Decimal(str(fraction)), _text(answer.find("feedback"))))
    elif qtype == "matching":
        draft.qtype = QuestionType.MATCHING
        draft.pairs = [(_text(sub), _text(sub.find("answer"))) for sub in element.findall("subquestion")]
    elif qtype == "essay":
        draft.qtype = QuestionType.ESSAY
    else:
        return _("不支持的题型“%(type)s”") % {"type": qtype}
    return draft
