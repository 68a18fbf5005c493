"""Rules a question must satisfy, shared by the admin form and every importer, and its snapshot for attempts."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models.bank import QuestionType


@dataclass
class QuestionDraft:
    """A question as an author or an import file describes it, before it is saved."""

    qtype: str
    text: str
    choices: list[tuple[str, bool]] = field(default_factory=list)
    true_false_answer: bool | None = None
    accepted_answers: list[str] = field(default_factory=list)
    explanation: str = ""
    title: str = ""
    points: Decimal = Decimal("1")
    partial_credit: bool = False
    difficulty: int = 2
    tags: list[str] = field(default_factory=list)
    # Per-choice weights in percent (GIFT/Moodle XML); only used to decide partial credit on import.
    weights: list[float] = field(default_factory=list)


def question_problems(draft: QuestionDraft) -> list[str]:
    """Everything wrong with a question, in Chinese; an empty list means it can be saved and graded."""
    problems: list[str] = []
    if not draft.text.strip():
        problems.append(_("题干不能为空"))
    if draft.qtype not in QuestionType.values:
        problems.append(_("不认识的题型“%(type)s”") % {"type": draft.qtype})
        return problems
    if draft.points <= 0:
        problems.append(_("分值必须大于 0"))
    correct = [text for text, is_correct in draft.choices if is_correct]
    if draft.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        if len(draft.choices) < 2:
            problems.append(_("选择题至少需要两个选项"))
        if any(not text.strip() for text, _c in draft.choices):
            problems.append(_("选项内容不能为空"))
        if draft.qtype == QuestionType.SINGLE and len(correct) != 1:
            problems.append(_("单选题必须恰好有一个正确选项(现在有 %(n)d 个)") % {"n": len(correct)})
        if draft.qtype == QuestionType.MULTIPLE and not correct:
            problems.append(_("多选题至少要有一个正确选项"))
    elif draft.choices:
        problems.append(_("只有单选题和多选题可以有选项"))
    if draft.qtype == QuestionType.TRUE_FALSE and draft.true_false_answer is None:
        problems.append(_("判断题必须给出答案(对或错)"))
    if draft.qtype == QuestionType.SHORT and not [a for a in draft.accepted_answers if a.strip()]:
        problems.append(_("填空/简答题至少需要一个可接受的答案"))
    return problems


def draft_of(question) -> QuestionDraft:
    """The draft view of a saved question (for export and validation)."""
    return QuestionDraft(
        qtype=question.qtype,
        text=question.text,
        choices=[(c.text, c.is_correct) for c in question.choices.all()],
        true_false_answer=question.true_false_answer,
        accepted_answers=question.accepted_answer_list(),
        explanation=question.explanation,
        title=question.title,
        points=question.points,
        partial_credit=question.partial_credit,
        difficulty=question.difficulty,
        tags=[tag.name for tag in question.tags.all()],
    )


def snapshot(question) -> dict:
    """The grading data copied into an attempt when it starts; the bank may change later without affecting it."""
    return {
        "type": question.qtype,
        "text": question.text,
        "image_id": question.image_id,
        "points": str(question.points),
        "partial": question.partial_credit,
        "choices": [{"id": c.pk, "text": c.text, "correct": c.is_correct} for c in question.choices.all()],
        "tf": question.true_false_answer,
        "accepted": question.accepted_answer_list(),
        "explanation": question.explanation,
        "category_id": question.category_id,
    }
