"""Export a category (with its subcategories) to GIFT, Moodle XML or the Excel import template, so banks travel.

Each export reads the bank through ``draft_of``, the same view of a question the importers produce, so a bank
exported and imported back is the same bank (tests/courses/test_round_trip.py).
"""

from __future__ import annotations

import base64
import io
import xml.etree.ElementTree as ET
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font

from config.spreadsheet import append_row

from .importers.excel import COLUMNS, OPTION_LETTERS
from .models import Category, Difficulty, Question, QuestionType, TextFormat
from .questions import HUNDRED, QuestionDraft, answer_line, draft_of, numeric_bounds

GIFT_SPECIAL = str.maketrans({c: "\\" + c for c in "~=#{}:"})
EXCEL_TYPES = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.TRUE_FALSE: "判断",
    QuestionType.SHORT: "填空",
    QuestionType.NUMERIC: "数值",
    QuestionType.MATCHING: "配对",
    QuestionType.ESSAY: "论述",
}


def questions_in(category: Category):
    return (
        Question.objects.filter(category_id__in=category.descendant_ids())
        .select_related("image")
        .prefetch_related("choices", "tags")
        .order_by("category_id", "pk")
    )


def _gift(text: str) -> str:
    return text.translate(GIFT_SPECIAL).replace("\n", "\\n")


def _weight(value: float | Decimal, default: float) -> str:
    return "" if float(value) == default else f"%{Decimal(str(value)).normalize():f}%"


def _feedback(text: str) -> str:
    return f"#{_gift(text)}" if text else ""


def _gift_body(draft: QuestionDraft) -> str:  # noqa: C901 - one branch per question type
    if draft.qtype == QuestionType.ESSAY:
        return ""
    if draft.qtype == QuestionType.TRUE_FALSE:
        # GIFT order: the feedback for a wrong answer first, then for a right one.
        right, wrong = (
            (draft.true_feedback, draft.false_feedback)
            if draft.true_false_answer
            else (draft.false_feedback, draft.true_feedback)
        )
        notes = f"#{_gift(wrong)}#{_gift(right)}" if right else (f"#{_gift(wrong)}" if wrong else "")
        return ("TRUE" if draft.true_false_answer else "FALSE") + notes
    if draft.qtype == QuestionType.SHORT:
        return " ".join(
            f"={_weight(a.fraction, 100)}{_gift(a.text)}{_feedback(a.feedback)}" for a in draft.short_answers()
        )
    if draft.qtype == QuestionType.NUMERIC:
        return "#" + " ".join(
            f"={_weight(a.fraction, -1)}{a.text}{_feedback(a.feedback)}" for a in draft.numeric_answers
        )
    if draft.qtype == QuestionType.MATCHING:
        return " ".join(f"={_gift(prompt)} -> {_gift(answer)}" for prompt, answer in draft.pairs)
    feedback = draft.choice_feedback or [""] * len(draft.choices)
    weights = draft.weights or [100.0 if correct else 0.0 for _t, correct in draft.choices]
    if draft.qtype == QuestionType.SINGLE:
        return " ".join(
            ("=" if correct else "~") + _weight(w, 100 if correct else 0) + _gift(text) + _feedback(note)
            for (text, correct), w, note in zip(draft.choices, weights, feedback, strict=True)
        )
    if not draft.weights:
        right = sum(1 for _t, correct in draft.choices if correct)
        wrong = len(draft.choices) - right
        weights = [100 / right if correct else -100 / max(1, wrong) for _t, correct in draft.choices]
    # GIFT has no all-or-nothing multiple choice: Moodle reads these weights as partial credit (this project's
    # import reads the "评分:全对才得分" comment above the question).
    return " ".join(
        f"~%{float(w):.5g}%{_gift(text)}{_feedback(note)}"
        for (text, _c), w, note in zip(draft.choices, weights, feedback, strict=True)
    )


def gift_of(question: Question) -> str:
    """One question in GIFT, with weights, per-answer feedback and the text format as Moodle reads them."""
    draft = draft_of(question)
    head = f"::{_gift(draft.title)}::" if draft.title else ""
    head += ("[html]" if draft.text_format == TextFormat.HTML else "") + _gift(draft.text)
    body = _gift_body(draft)
    if draft.explanation:
        body += f" ####{_gift(draft.explanation)}"
    return f"{head} {{{body}}}"


def _gift_meta(question: Question) -> str:
    """What GIFT cannot say, in a comment Moodle skips and this project's GIFT import reads back."""
    parts = [f"分值:{question.points.normalize():f}", f"难度:{Difficulty(question.difficulty).label}"]
    tags = [tag.name for tag in question.tags.all()]
    if tags:
        parts.append("标签:" + ",".join(tags))
    if question.qtype == QuestionType.MULTIPLE and not question.partial_credit:
        parts.append("评分:全对才得分")
    return "// " + ";".join(parts)


def export_gift(category: Category) -> str:
    blocks = [f"$CATEGORY: {category}"]
    blocks += [f"{_gift_meta(question)}\n{gift_of(question)}" for question in questions_in(category)]
    return "\n\n".join(blocks) + "\n"


def _text_element(parent: ET.Element, tag: str, text: str, fmt: str | None = None) -> ET.Element:
    element = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(element, "text").text = text
    return element


def _answer_element(parent: ET.Element, fraction: float | Decimal, text: str, feedback: str) -> ET.Element:
    answer = ET.SubElement(parent, "answer", {"fraction": f"{Decimal(str(fraction)).normalize():f}"})
    ET.SubElement(answer, "text").text = text
    _text_element(answer, "feedback", feedback)
    return answer


def _xml_question(quiz: ET.Element, question: Question) -> None:
    draft = draft_of(question)
    moodle_type = {
        QuestionType.SINGLE: "multichoice",
        QuestionType.MULTIPLE: "multichoice" if draft.partial_credit else "multichoiceset",
        QuestionType.TRUE_FALSE: "truefalse",
        QuestionType.SHORT: "shortanswer",
        QuestionType.NUMERIC: "numerical",
        QuestionType.MATCHING: "matching",
        QuestionType.ESSAY: "essay",
    }[QuestionType(draft.qtype)]
    element = ET.SubElement(quiz, "question", {"type": moodle_type})
    _text_element(element, "name", draft.title)
    text = _text_element(
        element, "questiontext", draft.text, "html" if draft.text_format == TextFormat.HTML else "plain_text"
    )
    if question.image is not None:
        with question.image.open_file() as picture:
            name = question.image.filename
            file = ET.SubElement(text, "file", {"name": name, "path": "/", "encoding": "base64"})
            file.text = base64.b64encode(picture.read()).decode("ascii")
    _text_element(element, "generalfeedback", draft.explanation)
    ET.SubElement(element, "defaultgrade").text = f"{draft.points.normalize():f}"
    if draft.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        ET.SubElement(element, "single").text = "true" if draft.qtype == QuestionType.SINGLE else "false"
        weights = draft.weights or [float(w) for w in _effective_weights(draft)]
        feedback = draft.choice_feedback or [""] * len(draft.choices)
        for (choice, _c), weight, note in zip(draft.choices, weights, feedback, strict=True):
            _answer_element(element, weight, choice, note)
    elif draft.qtype == QuestionType.TRUE_FALSE:
        _answer_element(element, 100 if draft.true_false_answer else 0, "true", draft.true_feedback)
        _answer_element(element, 0 if draft.true_false_answer else 100, "false", draft.false_feedback)
    elif draft.qtype == QuestionType.SHORT:
        for answer in draft.short_answers():
            _answer_element(element, answer.fraction, answer.text, answer.feedback)
    elif draft.qtype == QuestionType.NUMERIC:
        for answer in draft.numeric_answers:
            low, high = numeric_bounds(answer.text) or (Decimal(0), Decimal(0))
            node = _answer_element(element, answer.fraction, f"{((low + high) / 2).normalize():f}", answer.feedback)
            ET.SubElement(node, "tolerance").text = f"{((high - low) / 2).normalize():f}"
    elif draft.qtype == QuestionType.MATCHING:
        for prompt, answer in draft.pairs:
            sub = _text_element(element, "subquestion", prompt, "html")
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = answer
    if draft.tags:
        tags = ET.SubElement(element, "tags")
        for name in draft.tags:
            _text_element(tags, "tag", name)


def _effective_weights(draft: QuestionDraft) -> list[Decimal]:
    """Each option's weight as grading reads it (partial multiple choice spreads ±100% over right and wrong)."""
    right = sum(1 for _t, correct in draft.choices if correct)
    wrong = len(draft.choices) - right
    if draft.qtype == QuestionType.MULTIPLE:
        return [HUNDRED / right if correct else -HUNDRED / max(1, wrong) for _t, correct in draft.choices]
    return [HUNDRED if correct else Decimal(0) for _t, correct in draft.choices]


def export_moodle_xml(category: Category) -> bytes:
    quiz = ET.Element("quiz")
    category_question = ET.SubElement(quiz, "question", {"type": "category"})
    _text_element(category_question, "category", f"$course$/{category}")
    for question in questions_in(category):
        _xml_question(quiz, question)
    ET.indent(quiz)
    return ET.tostring(quiz, encoding="utf-8", xml_declaration=True)


def _letter_list(entries: list[tuple[int, str]]) -> str:
    return "|".join(f"{OPTION_LETTERS[i]}:{value}" for i, value in entries if value)


def export_excel(category: Category) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "题库"
    append_row(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for question in questions_in(category):
        draft = draft_of(question)
        options = [text for text, _c in draft.choices]
        weights, feedback = "", ""
        if draft.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            answer = "".join(OPTION_LETTERS[i] for i, (_t, c) in enumerate(draft.choices) if c)
            weights = _letter_list([(i, f"{Decimal(str(w)).normalize():f}") for i, w in enumerate(draft.weights)])
            feedback = _letter_list(list(enumerate(draft.choice_feedback)))
        elif draft.qtype == QuestionType.TRUE_FALSE:
            answer = "对" if draft.true_false_answer else "错"
            feedback = "|".join(
                f"{side}:{note}" for side, note in (("对", draft.true_feedback), ("错", draft.false_feedback)) if note
            )
        elif draft.qtype == QuestionType.MATCHING:
            options, answer = [f"{prompt} -> {match}" for prompt, match in draft.pairs], ""
        elif draft.qtype == QuestionType.NUMERIC:
            answer = "|".join(answer_line(a) for a in draft.numeric_answers)
        elif draft.qtype == QuestionType.SHORT:
            answer = "|".join(answer_line(a) for a in draft.short_answers())
        else:
            answer = ""
        options += [""] * (len(OPTION_LETTERS) - len(options))
        append_row(
            sheet,
            [
                EXCEL_TYPES[QuestionType(draft.qtype)],
                draft.text,
                *options[: len(OPTION_LETTERS)],
                answer,
                "是" if draft.partial_credit else "",
                draft.explanation,
                float(draft.points),
                str(Difficulty(draft.difficulty).label),
                ",".join(draft.tags),
                draft.title,
                weights,
                feedback,
                "HTML" if draft.text_format == TextFormat.HTML else "",
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
