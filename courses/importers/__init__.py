"""Question import: GIFT, Aiken, Moodle XML and the Excel template, all-or-nothing.

Each format's parser turns a file into ``(place, QuestionDraft)`` pairs, where ``place`` names the line or row
in Chinese ("第 12 行"). Every draft is then checked by the same rules as the admin editor; one problem anywhere
and nothing is saved, and every problem is reported with its place.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag
from wagtail.models import ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends

from ..models import Category, Choice, Question, QuestionTag
from ..questions import QuestionDraft, question_problems


class ImportFailed(Exception):
    """The file cannot be imported; ``problems`` lists each one in Chinese with its line or row."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


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
    from . import aiken, excel, gift, moodlexml

    parsers = {"gift": gift.parse, "aiken": aiken.parse, "moodlexml": moodlexml.parse, "excel": excel.parse}
    if fmt not in parsers:
        raise ImportFailed([_("不支持的文件格式:%(fmt)s") % {"fmt": fmt}])
    if fmt == "excel":
        return parsers[fmt](content)
    return parsers[fmt](decode(content))


def save_drafts(drafts: list[QuestionDraft], category: Category) -> list[Question]:
    """Create the questions (with an initial revision each) in one transaction, in bulk.

    Saving one by one cost a revision, a reference-index update and a search-index commit per question (13 a
    second); here each table gets a few bulk inserts and the search index one commit for the whole file.
    """
    questions = []
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
        questions.append(question)
    with transaction.atomic():
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


def import_file(fmt: str, content: bytes, category: Category) -> list[Question]:
    """Parse, check every question, then save all of them or none."""
    pairs = parse(fmt, content)
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
    return save_drafts([draft for _place, draft in pairs], category)
