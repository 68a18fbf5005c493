"""Question import: GIFT, Aiken, Moodle XML and the Excel template, all-or-nothing.

Each format's parser turns a file into ``(place, QuestionDraft)`` pairs, where ``place`` names the line or row
in Chinese ("第 12 行"). Every draft is then checked by the same rules as the admin editor; one problem anywhere
and nothing is saved, and every problem is reported with its place.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from ..models import Category, Choice, Question, QuestionTag, QuestionType
from ..questions import QuestionDraft, question_problems, stored_lines


class ImportFailed(Exception):
    """The file cannot be imported; ``problems`` lists each one in Chinese with its line or row."""

    def __init__(self, problems: list[str], drafts: list[tuple[str, QuestionDraft]] | None = None):
        super().__init__("\n".join(problems))
        self.problems = problems
        # The questions the parser could read despite the problems, so their own problems are named too.
        self.drafts = drafts or []


def decode(content: bytes) -> str:
    """Text files from Windows tools are often GBK; UTF-8 (with or without BOM) first.

    A NUL byte means a binary or UTF-16 file, never a question bank; PostgreSQL text cannot hold it either.
    """
    if b"\x00" in content:
        raise ImportFailed(
            [_("文件含有空字符,不是纯文本文件(可能是 UTF-16 或二进制文件),请另存为 UTF-8 文本后再导入。")]
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFailed([_("文件编码无法识别,请保存为 UTF-8 后再导入。")])


def parse(fmt: str, content: bytes) -> list[tuple[str, QuestionDraft]]:
    from . import aiken, excel, gift, moodlexml, paper

    parsers = {
        "gift": gift.parse,
        "aiken": aiken.parse,
        "moodlexml": moodlexml.parse,
        "excel": excel.parse,
        "paper": paper.parse,
        "docx": paper.parse_docx,
    }
    if fmt not in parsers:
        raise ImportFailed([_("不支持的文件格式:%(fmt)s") % {"fmt": fmt}])
    if fmt in ("excel", "docx"):
        return parsers[fmt](content)
    return parsers[fmt](decode(content))


def save_drafts(drafts: list[QuestionDraft], category: Category) -> list[Question]:
    """Create the questions (with an initial revision each) in one transaction, in bulk.

    Saving one by one cost a revision, a reference-index update and a search-index commit per question (13 a
    second); here each table gets a few bulk inserts and the search index one commit for the whole file.
    """
    questions = [_question(draft, category) for draft in drafts]
    with transaction.atomic():
        for question, draft in zip(questions, drafts, strict=True):
            if draft.image is not None:
                question.image = _image(*draft.image, title=draft.title or draft.text[:60])
        Question.objects.bulk_create(questions, batch_size=500)
        tags = _tags({name for draft in drafts for name in draft.tags})
        for question, draft in zip(questions, drafts, strict=True):
            for choice in question.choices.all():
                choice.question_id = question.pk
            question.tagged_items = [
                QuestionTag(tag=tags[name], content_object_id=question.pk) for name in dict.fromkeys(draft.tags)
            ]
        Choice.objects.bulk_create([c for q in questions for c in q.choices.all()], batch_size=1000)
        QuestionTag.objects.bulk_create([t for q in questions for t in q.tagged_items.all()], batch_size=1000)
        content_type, now = ContentType.objects.get_for_model(Question), timezone.now()
        Revision.objects.bulk_create(
            [
                Revision(
                    content_type=content_type,
                    base_content_type=content_type,
                    object_id=str(question.pk),
                    content=question.serializable_data(),
                    object_str=str(question),
                    created_at=now,
                )
                for question in questions
            ],
            batch_size=500,
        )
        latest = Revision.objects.filter(content_type=content_type, object_id=Cast(OuterRef("pk"), CharField()))
        Question.objects.filter(pk__in=[q.pk for q in questions]).update(
            latest_revision=Subquery(latest.order_by("-pk").values("pk")[:1])
        )
        ReferenceIndex.objects.bulk_create(_references(questions, content_type), batch_size=1000)
        transaction.on_commit(lambda: _index(questions))
    return questions


def _question(draft: QuestionDraft, category: Category) -> Question:
    question = Question(
        category=category,
        qtype=draft.qtype,
        title=draft.title[:200],
        text=draft.text,
        text_format=draft.text_format,
        points=draft.points,
        partial_credit=draft.partial_credit,
        true_false_answer=draft.true_false_answer,
        true_feedback=draft.true_feedback,
        false_feedback=draft.false_feedback,
        accepted_answers=stored_lines(draft.short_answers()),
        numeric_answers=stored_lines(draft.numeric_answers),
        explanation=draft.explanation,
        difficulty=draft.difficulty,
    )
    if draft.qtype == QuestionType.MATCHING:
        question.choices = [
            Choice(text=prompt[:500], match_text=answer[:500], is_correct=True, sort_order=i)
            for i, (prompt, answer) in enumerate(draft.pairs)
        ]
    else:
        question.choices = [
            Choice(
                text=text[:500],
                is_correct=is_correct,
                fraction=_fraction(draft, i, is_correct),
                feedback=draft.choice_feedback[i] if i < len(draft.choice_feedback) else "",
                sort_order=i,
            )
            for i, (text, is_correct) in enumerate(draft.choices)
        ]
    return question


def _fraction(draft: QuestionDraft, index: int, is_correct: bool) -> Decimal | None:
    """An option's own weight, kept only when it differs from what right/wrong already says."""
    if index >= len(draft.weights):
        return None
    weight = Decimal(str(draft.weights[index])).quantize(Decimal("0.00001"))
    if draft.qtype == QuestionType.SINGLE and weight == (100 if is_correct else 0):
        return None
    if draft.qtype == QuestionType.MULTIPLE:
        right = sum(1 for _t, correct in draft.choices if correct)
        derived = Decimal(100) / right if is_correct else Decimal(-100) / max(1, len(draft.choices) - right)
        if not draft.partial_credit or abs(weight - derived) < Decimal("0.01"):
            return None  # the share partial credit gives anyway (GIFT has no other way to write it)
    return weight


def _image(name: str, content: bytes, title: str):
    """A Wagtail image from an imported file (Moodle XML's base64 <file>); checked as an image in ``parse``."""
    image = get_image_model()(title=title[:255] or name, file=ImageFile(io.BytesIO(content), name=name))
    image.save()
    return image


def image_problem(name: str, content: bytes) -> str | None:
    """Why an embedded file cannot be a question's picture, or None when Pillow reads it as an image."""
    try:
        with PILImage.open(io.BytesIO(content)) as picture:
            picture.verify()
    except Exception:  # noqa: BLE001 - Pillow raises many kinds of error for a file that is not an image
        return _("图片“%(name)s”无法读取") % {"name": name}
    if len(content) > 5 * 1024 * 1024:
        return _("图片“%(name)s”超过 5 MB") % {"name": name}
    return None


def _references(questions: list[Question], content_type: ContentType) -> list[ReferenceIndex]:
    """The reference-index rows a save would write for new questions (create_or_update_for_object, minus its
    per-object look-up of existing rows, which new objects do not have)."""
    return [
        ReferenceIndex(
            content_type=content_type,
            base_content_type=content_type,
            object_id=question.pk,
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for question in questions
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(question)
        )
    ]


def _tags(names: set[str]) -> dict[str, Tag]:
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - tags.keys()):
        tags[name] = Tag.objects.create(name=name)
    return tags


def _index(questions: list[Question]) -> None:
    """One search-index commit for the whole import (a save signal would commit once per question)."""
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(Question, questions)


def _line_of(problem: str) -> int:
    found = re.match(r"第 (\d+) ", problem)
    return int(found.group(1)) if found else 0


def import_file(fmt: str, content: bytes, category: Category) -> list[Question]:
    """Parse, check every question, then save all of them or none."""
    return save_drafts([draft for _place, draft in checked_drafts(fmt, content)], category)


def checked_drafts(fmt: str, content: bytes) -> list[tuple[str, QuestionDraft]]:
    """The file's questions, each checked by the editor's rules; ``ImportFailed`` names every problem's place."""
    try:
        pairs = parse(fmt, content)
    except ImportFailed as failure:
        problems = failure.problems + [
            f"{place}:{p}" for place, draft in failure.drafts for p in question_problems(draft)
        ]
        raise ImportFailed(sorted(problems, key=_line_of)) from None
    if not pairs:
        raise ImportFailed([_("文件中没有找到题目。")])
    if len(pairs) > settings.COURSES_IMPORT_MAX_QUESTIONS:
        raise ImportFailed(
            [
                _("文件中有 %(n)d 道题目,一次最多导入 %(max)d 道,请分成几个文件分别导入。")
                % {"n": len(pairs), "max": settings.COURSES_IMPORT_MAX_QUESTIONS}
            ]
        )
    problems = []
    for place, draft in pairs:
        problems.extend(f"{place}:{problem}" for problem in question_problems(draft))
    if problems:
        raise ImportFailed(problems)
    return pairs
