"""Question import: GIFT, Aiken, Moodle XML and the Excel template, all-or-nothing.

Each format's parser turns a file into ``(place, QuestionDraft)`` pairs, where ``place`` names the line or row
in Chinese ("第 12 行"). Every draft is then checked by the same rules as the admin editor; one problem anywhere
and nothing is saved, and every problem is reported with its place.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Category, Choice, Question
from ..questions import QuestionDraft, question_problems


class ImportFailed(Exception):
    """The file cannot be imported; ``problems`` lists each one in Chinese with its line or row."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def decode(content: bytes) -> str:
    """Text files from Windows tools are often GBK; UTF-8 (with or without BOM) first."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([_("文件编码无法识别,请保存为 UTF-8 后再导入。")])


def parse(fmt: str, content: bytes) -> list[tuple[str, QuestionDraft]]:
    from . import aiken, excel, gift, moodlexml

    parsers = {"gift": gift.parse, "aiken": aiken.parse, "moodlexml": moodlexml.parse, "excel": excel.parse}
    if fmt not in parsers:
        raise ImportFailed([_("不支持的文件格式:%(fmt)s") % {"fmt": fmt}])
    if fmt == "excel":
        return parsers[fmt](content)
    return parsers[fmt](decode(content))


def save_drafts(drafts: list[QuestionDraft], category: Category) -> list[Question]:
    """Create the questions (with an initial revision each) in one transaction."""
    created = []
    with transaction.atomic():
        for draft in drafts:
            question = Question(
                category=category,
                qtype=draft.qtype,
                title=draft.title[:200],
                text=draft.text,
                points=draft.points,
                partial_credit=draft.partial_credit,
                true_false_answer=draft.true_false_answer,
                accepted_answers="\n".join(draft.accepted_answers),
                explanation=draft.explanation,
                difficulty=draft.difficulty,
            )
            question.choices = [
                Choice(text=text[:500], is_correct=is_correct, sort_order=i)
                for i, (text, is_correct) in enumerate(draft.choices)
            ]
            question.save()
            if draft.tags:
                question.tags.add(*draft.tags)
                question.save()
            question.save_revision(clean=False)
            created.append(question)
    return created


def import_file(fmt: str, content: bytes, category: Category) -> list[Question]:
    """Parse, check every question, then save all of them or none."""
    pairs = parse(fmt, content)
    if not pairs:
        raise ImportFailed([_("文件中没有找到题目。")])
    problems = []
    for place, draft in pairs:
        problems.extend(f"{place}:{problem}" for problem in question_problems(draft))
    if problems:
        raise ImportFailed(problems)
    return save_drafts([draft for _place, draft in pairs], category)
