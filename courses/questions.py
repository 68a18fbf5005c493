"""Rules a question must satisfy, shared by the admin form and every importer, and its snapshot for attempts.

Answers with their own weight and feedback (short and numeric answers) are stored one a line, in GIFT's own
notation, so the admin editor, the importers and the exporters read and write them through the same two
functions here (``parse_answer_line`` and ``answer_line``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import markdown as markdown_lib
import nh3
from django.utils.translation import gettext as _

from .models.bank import QuestionType, TextFormat

HUNDRED = Decimal("100")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_NUMBER = r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_RANGE = re.compile(rf"^({_NUMBER})\.\.({_NUMBER})$")
_TOLERANCE = re.compile(rf"^({_NUMBER})(?::({_NUMBER}))?$")
SAFE_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "sub", "sup", "ul", "ol", "li", "blockquote", "code", "pre",
    "table", "thead", "tbody", "tr", "th", "td", "h3", "h4", "span",
}  # fmt: skip


@dataclass
class AnswerLine:
    """One accepted short or numeric answer: what it is, the share of the points it earns, its feedback."""

    text: str
    fraction: Decimal = HUNDRED
    feedback: str = ""


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
    # Per-choice weights in percent (GIFT/Moodle XML), parallel to ``choices``; empty means "right 100%, else 0".
    weights: list[float] = field(default_factory=list)
    choice_feedback: list[str] = field(default_factory=list)  # parallel to ``choices``
    # Short answers: weight and feedback per accepted answer, parallel to ``accepted_answers`` when given.
    answer_weights: list[float] = field(default_factory=list)
    answer_feedback: list[str] = field(default_factory=list)
    numeric_answers: list[AnswerLine] = field(default_factory=list)  # text is "80:20", "60..100" or "42"
    pairs: list[tuple[str, str]] = field(default_factory=list)  # matching: (prompt, answer); "" prompt = distractor
    true_feedback: str = ""
    false_feedback: str = ""
    text_format: str = TextFormat.PLAIN
    image: tuple[str, bytes] | None = None  # (file name, content), from a Moodle XML <file>

    def short_answers(self) -> list[AnswerLine]:
        return [
            AnswerLine(
                text,
                Decimal(str(self.answer_weights[i])) if i < len(self.answer_weights) else HUNDRED,
                self.answer_feedback[i] if i < len(self.answer_feedback) else "",
            )
            for i, text in enumerate(self.accepted_answers)
        ]


def safe_html(text: str) -> str:
    """Question HTML with only harmless tags left: no scripts, styles, event handlers, links or remote images."""
    return nh3.clean(text, tags=SAFE_TAGS, attributes={"td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}})


def markdown_html(text: str) -> str:
    """``[markdown]`` question text as safe HTML (raw HTML inside Markdown is sanitised like any other)."""
    return safe_html(markdown_lib.markdown(text))


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_answer_line(line: str) -> AnswerLine:
    """``%50%答案#反馈`` → the answer, its weight and feedback; a literal # is written ``\\#``."""
    line = line.strip()
    fraction = HUNDRED
    found = _WEIGHT.match(line)
    if found:
        fraction = Decimal(found.group(1))
        line = line[found.end() :]
    parts = re.split(r"(?<!\\)#", line, maxsplit=1)
    text = parts[0].replace("\\#", "#").strip()
    feedback = parts[1].replace("\\#", "#").strip() if len(parts) > 1 else ""
    return AnswerLine(text, fraction, feedback)


def answer_line(answer: AnswerLine) -> str:
    """The stored line of an answer (inverse of ``parse_answer_line``)."""
    head = "" if answer.fraction == HUNDRED else f"%{answer.fraction.normalize():f}%"
    line = head + answer.text.replace("#", "\\#")
    return line + ("#" + answer.feedback.replace("#", "\\#").replace("\n", " ") if answer.feedback else "")


def numeric_bounds(spec: str) -> tuple[Decimal, Decimal] | None:
    """The closed interval a numeric answer accepts: "60..100", "80:20" (80 ± 20) or "42"; None if unreadable."""
    spec = unicodedata.normalize("NFKC", spec).replace(" ", "")
    found = _RANGE.match(spec)
    if found:
        low, high = _decimal(found.group(1)), _decimal(found.group(2))
        return (low, high) if low is not None and high is not None and low <= high else None
    found = _TOLERANCE.match(spec)
    if not found:
        return None
    value, tolerance = _decimal(found.group(1)), _decimal(found.group(2) or "0")
    if value is None or tolerance is None or tolerance < 0:
        return None
    return value - tolerance, value + tolerance


def stored_lines(answers: list[AnswerLine]) -> str:
    return "\n".join(answer_line(answer) for answer in answers)


def parsed_lines(text: str) -> list[AnswerLine]:
    return [parse_answer_line(line) for line in text.splitlines() if line.strip()]


def _choice_problems(draft: QuestionDraft) -> list[str]:
    problems: list[str] = []
    correct = [text for text, is_correct in draft.choices if is_correct]
    if len(draft.choices) < 2:
        problems.append(_("选择题至少需要两个选项"))
    if any(not text.strip() for text, _c in draft.choices):
        problems.append(_("选项内容不能为空"))
    if draft.weights and any(not -100 <= w <= 100 for w in draft.weights):
        problems.append(_("选项的得分比例应在 -100% 到 100% 之间"))
    if draft.qtype == QuestionType.SINGLE and len(correct) != 1:
        problems.append(_("单选题必须恰好有一个正确选项(现在有 %(n)d 个)") % {"n": len(correct)})
    if draft.qtype == QuestionType.MULTIPLE and not correct:
        problems.append(_("多选题至少要有一个正确选项"))
    return problems


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
    if draft.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        problems.extend(_choice_problems(draft))
    elif draft.choices:
        problems.append(_("只有单选题和多选题可以有选项"))
    if draft.qtype == QuestionType.TRUE_FALSE and draft.true_false_answer is None:
        problems.append(_("判断题必须给出答案(对或错)"))
    if draft.qtype == QuestionType.SHORT:
        answers = [a for a in draft.short_answers() if a.text.strip()]
        if not answers:
            problems.append(_("填空/简答题至少需要一个可接受的答案"))
        elif max(a.fraction for a in answers) < HUNDRED:
            problems.append(_("填空/简答题至少要有一个得满分的答案"))
    if draft.qtype == QuestionType.NUMERIC:
        if not draft.numeric_answers:
            problems.append(_("数值题至少需要一个答案"))
        for answer in draft.numeric_answers:
            if numeric_bounds(answer.text) is None:
                problems.append(_("数值题答案“%(a)s”无法识别(应写成 80、80:20 或 60..100)") % {"a": answer.text})
        if draft.numeric_answers and max(a.fraction for a in draft.numeric_answers) < HUNDRED:
            problems.append(_("数值题至少要有一个得满分的答案"))
    if draft.qtype == QuestionType.MATCHING:
        prompts = [prompt for prompt, _answer in draft.pairs if prompt.strip()]
        if len(prompts) < 2:
            problems.append(_("配对题至少需要两对"))
        if any(not answer.strip() for _prompt, answer in draft.pairs):
            problems.append(_("配对题每一对都要有答案"))
        if len(set(prompts)) != len(prompts):
            problems.append(_("配对题左边的内容不能重复"))
    elif draft.pairs:
        problems.append(_("只有配对题可以有配对"))
    return problems


def draft_of(question) -> QuestionDraft:
    """The draft view of a saved question (for export, validation and the round-trip test)."""
    choices = list(question.choices.all())
    plain = [c for c in choices if question.qtype != QuestionType.MATCHING]
    short = parsed_lines(question.accepted_answers)
    return QuestionDraft(
        qtype=question.qtype,
        text=question.text,
        choices=[(c.text, c.is_correct) for c in plain],
        weights=[float(choice_fraction_of(c)) for c in plain] if any(c.fraction is not None for c in plain) else [],
        choice_feedback=[c.feedback for c in plain] if any(c.feedback for c in plain) else [],
        pairs=[(c.text, c.match_text) for c in choices if question.qtype == QuestionType.MATCHING],
        true_false_answer=question.true_false_answer,
        true_feedback=question.true_feedback,
        false_feedback=question.false_feedback,
        accepted_answers=[a.text for a in short],
        answer_weights=[float(a.fraction) for a in short] if any(a.fraction != HUNDRED for a in short) else [],
        answer_feedback=[a.feedback for a in short] if any(a.feedback for a in short) else [],
        numeric_answers=parsed_lines(question.numeric_answers),
        explanation=question.explanation,
        title=question.title,
        points=question.points,
        partial_credit=question.partial_credit,
        difficulty=question.difficulty,
        tags=[tag.name for tag in question.tags.all()],
        text_format=question.text_format,
    )


def choice_fraction_of(choice) -> Decimal:
    """A saved option's weight in percent: its own, or 100 for a right option and 0 for a wrong one."""
    if choice.fraction is not None:
        return Decimal(choice.fraction)
    return HUNDRED if choice.is_correct else Decimal("0")


def snapshot(question) -> dict:
    """The grading data copied into an attempt when it starts; the bank may change later without affecting it."""
    choices = list(question.choices.all())
    short = parsed_lines(question.accepted_answers)
    return {
        "type": question.qtype,
        "text": question.text,
        "format": question.text_format,
        "image_id": question.image_id,
        "points": str(question.points),
        "partial": question.partial_credit,
        "choices": [
            {
                "id": c.pk,
                "text": c.text,
                "correct": c.is_correct,
                "fraction": None if c.fraction is None else str(c.fraction),
                "feedback": c.feedback,
                "match": c.match_text,
            }
            for c in choices
        ],
        "tf": question.true_false_answer,
        "tf_feedback": {"true": question.true_feedback, "false": question.false_feedback},
        "accepted": [a.text for a in short],
        "answers": [{"text": a.text, "fraction": str(a.fraction), "feedback": a.feedback} for a in short],
        "numeric": [
            {"spec": a.text, "fraction": str(a.fraction), "feedback": a.feedback}
            for a in parsed_lines(question.numeric_answers)
        ],
        "explanation": question.explanation,
        "category_id": question.category_id,
    }


def preview_of(draft: QuestionDraft) -> dict:
    """A draft as the import preview shows it: the text as learners will see it, then what counts as right."""
    from .grading import numeric_text

    answers: list[str] = []
    if draft.qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        weights = draft.weights or [100.0 if right else 0.0 for _t, right in draft.choices]
        for i, (text, right) in enumerate(draft.choices):
            note = draft.choice_feedback[i] if i < len(draft.choice_feedback) else ""
            mark = "✓" if right else ("½" if 0 < weights[i] < 100 and draft.qtype == QuestionType.SINGLE else "·")
            share = f"({Decimal(str(weights[i])).normalize():f}%)" if 0 < weights[i] < 100 else ""
            answers.append(f"{mark} {text}{share}" + (f" — {note}" if note else ""))
    elif draft.qtype == QuestionType.TRUE_FALSE:
        answers.append(_("答案:%(a)s") % {"a": _("正确") if draft.true_false_answer else _("错误")})
    elif draft.qtype == QuestionType.SHORT:
        answers = [
            f"{a.text}" + ("" if a.fraction == HUNDRED else f"({a.fraction.normalize():f}%)")
            for a in draft.short_answers()
        ]
    elif draft.qtype == QuestionType.NUMERIC:
        answers = [
            numeric_text(a.text) + ("" if a.fraction == HUNDRED else f"({a.fraction.normalize():f}%)")
            for a in draft.numeric_answers
        ]
    elif draft.qtype == QuestionType.MATCHING:
        answers = [
            f"{prompt} → {answer}" if prompt else _("(干扰项)%(a)s") % {"a": answer} for prompt, answer in draft.pairs
        ]
    return {
        "type": QuestionType(draft.qtype).label,
        "text": draft.text,
        "format": draft.text_format,
        "points": draft.points,
        "answers": answers,
        "explanation": draft.explanation,
        "has_image": draft.image is not None,
    }
