"""Export a category (with its subcategories) to GIFT or to the Excel import template, so banks can travel."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from config.spreadsheet import append_row

from .importers.excel import COLUMNS, OPTION_LETTERS
from .models import Category, Difficulty, Question, QuestionType

GIFT_SPECIAL = str.maketrans({c: "\\" + c for c in "~=#{}:"})
EXCEL_TYPES = {
    QuestionType.SINGLE: "单选",
    QuestionType.MULTIPLE: "多选",
    QuestionType.TRUE_FALSE: "判断",
    QuestionType.SHORT: "填空",
    QuestionType.ESSAY: "论述",
}


def questions_in(category: Category):
    return (
        Question.objects.filter(category_id__in=category.descendant_ids())
        .prefetch_related("choices", "tags")
        .order_by("category_id", "pk")
    )


def _gift(text: str) -> str:
    return text.translate(GIFT_SPECIAL).replace("\n", "\\n")


def gift_of(question: Question) -> str:
    """One question in GIFT; partial-credit multiple choice spreads ±100% over right and wrong options."""
    head = f"::{_gift(question.title)}::" if question.title else ""
    head += _gift(question.text)
    if question.qtype == QuestionType.ESSAY:
        body = ""
    elif question.qtype == QuestionType.TRUE_FALSE:
        body = "TRUE" if question.true_false_answer else "FALSE"
    elif question.qtype == QuestionType.SHORT:
        body = " ".join(f"={_gift(answer)}" for answer in question.accepted_answer_list())
    elif question.qtype == QuestionType.SINGLE:
        body = " ".join(("=" if c.is_correct else "~") + _gift(c.text) for c in question.choices.all())
    else:
        choices = list(question.choices.all())
        right = [c for c in choices if c.is_correct]
        wrong = [c for c in choices if not c.is_correct]
        # GIFT has no all-or-nothing multiple choice: the weights below import back as partial credit.
        parts = [f"~%{100 / len(right):.5g}%{_gift(c.text)}" for c in right]
        parts += [f"~%-{100 / len(wrong):.5g}%{_gift(c.text)}" for c in wrong]
        body = " ".join(parts)
    if question.explanation:
        body += f" ####{_gift(question.explanation)}"
    return f"{head} {{{body}}}"


def export_gift(category: Category) -> str:
    blocks = [f"$CATEGORY: {category}"]
    blocks += [f"// id {question.pk}\n{gift_of(question)}" for question in questions_in(category)]
    return "\n\n".join(blocks) + "\n"


def export_excel(category: Category) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "题库"
    append_row(sheet, COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for question in questions_in(category):
        choices = list(question.choices.all())
        options = [c.text for c in choices] + [""] * (len(OPTION_LETTERS) - len(choices))
        if question.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            answer = "".join(OPTION_LETTERS[i] for i, c in enumerate(choices) if c.is_correct)
        elif question.qtype == QuestionType.TRUE_FALSE:
            answer = "对" if question.true_false_answer else "错"
        else:
            answer = "|".join(question.accepted_answer_list())
        append_row(
            sheet,
            [
                EXCEL_TYPES[question.qtype],
                question.text,
                *options[: len(OPTION_LETTERS)],
                answer,
                "是" if question.partial_credit else "",
                question.explanation,
                float(question.points),
                str(Difficulty(question.difficulty).label),
                ",".join(tag.name for tag in question.tags.all()),
                question.title,
            ],
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
