"""Grading: what each question type is worth for a response, and what a learner may see of it and when.

Pure functions over the question snapshot stored in each answer (see ``courses.questions.snapshot``), so the
same rules apply to the attempt flow, the essay queue, practice rounds and the tests.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from .models.bank import QuestionType
from .models.quizzes import GradingMethod, ReviewWhen

MAX_TEXT_LENGTH = 5000
_SPACES = re.compile(r"\s+")
TWO_PLACES = Decimal("0.01")


class InvalidResponse(ValueError):
    """A response that does not fit the question (an option that is not one of its options, and so on)."""


def fold(text: str) -> str:
    """Fold a short answer so that full-width/half-width forms, spacing and letter case do not matter."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


def clean_response(data: dict, raw: object) -> object:
    """Check a response sent by the browser against the question; ``None`` clears the answer."""
    qtype = data["type"]
    if raw is None or raw == "" or raw == []:
        return None
    choice_ids = {c["id"] for c in data.get("choices", [])}
    if qtype == QuestionType.SINGLE:
        try:
            value = int(raw[0] if isinstance(raw, list) and len(raw) == 1 else raw)
        except (TypeError, ValueError) as error:
            raise InvalidResponse("not a choice") from error
        if value not in choice_ids:
            raise InvalidResponse("not a choice of this question")
        return value
    if qtype == QuestionType.MULTIPLE:
        values = raw if isinstance(raw, list) else [raw]
        try:
            chosen = sorted({int(v) for v in values})
        except (TypeError, ValueError) as error:
            raise InvalidResponse("not a choice") from error
        if not set(chosen) <= choice_ids:
            raise InvalidResponse("not a choice of this question")
        return chosen
    if qtype == QuestionType.TRUE_FALSE:
        if raw in (True, "true", "1", 1):
            return True
        if raw in (False, "false", "0", 0):
            return False
        raise InvalidResponse("not true or false")
    if not isinstance(raw, str):
        raise InvalidResponse("not text")
    if "\x00" in raw:  # PostgreSQL cannot store it (a DataError, i.e. a 500); no keyboard types it
        raise InvalidResponse("NUL character")
    return raw[:MAX_TEXT_LENGTH]


def grade_response(data: dict, response: object) -> Decimal | None:
    """Points earned by ``response``; ``None`` when a person must grade it (essays)."""
    points = Decimal(data["points"])
    qtype = data["type"]
    if qtype == QuestionType.ESSAY:
        return None
    if response is None:
        return Decimal("0.00")
    if qtype == QuestionType.SINGLE:
        correct = {c["id"] for c in data["choices"] if c["correct"]}
        return points if {response} == correct else Decimal("0.00")
    if qtype == QuestionType.MULTIPLE:
        correct = {c["id"] for c in data["choices"] if c["correct"]}
        wrong = {c["id"] for c in data["choices"] if not c["correct"]}
        chosen = set(response)
        if not data.get("partial"):
            return points if chosen == correct else Decimal("0.00")
        # Each right option earns its share of the points, each wrong one takes its share away; never below 0.
        fraction = Decimal(len(chosen & correct)) / len(correct)
        if wrong:
            fraction -= Decimal(len(chosen & wrong)) / len(wrong)
        return max(Decimal("0"), points * fraction).quantize(TWO_PLACES, ROUND_HALF_UP)
    if qtype == QuestionType.TRUE_FALSE:
        return points if response is data["tf"] else Decimal("0.00")
    if qtype == QuestionType.SHORT:
        accepted = {fold(answer) for answer in data["accepted"]}
        return points if fold(str(response)) in accepted else Decimal("0.00")
    raise ValueError(f"unknown question type {qtype!r}")


def public_view(data: dict, choice_order: list[int] | None = None) -> dict:
    """What the question page may show before grading: no correct options, answers or explanations."""
    choices = {c["id"]: c["text"] for c in data.get("choices", [])}
    order = choice_order or list(choices)
    return {
        "type": data["type"],
        "text": data["text"],
        "image_id": data.get("image_id"),
        "points": data["points"],
        "choices": [{"id": cid, "text": choices[cid]} for cid in order if cid in choices],
    }


def correct_answer_text(data: dict) -> str:
    """The right answer in words, for review pages and exports."""
    qtype = data["type"]
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return ";".join(c["text"] for c in data["choices"] if c["correct"])
    if qtype == QuestionType.TRUE_FALSE:
        return "正确" if data["tf"] else "错误"
    if qtype == QuestionType.SHORT:
        return " / ".join(data["accepted"])
    return ""


@dataclass(frozen=True)
class Review:
    """What a learner may see of a graded attempt right now."""

    details: bool  # per-question review at all
    correctness: bool
    answers: bool
    explanations: bool


def review_for(quiz, attempt, now: datetime) -> Review:
    """The quiz's review policy applied to an attempt: nothing before grading, nothing in exam mode."""
    nothing = Review(False, False, False, False)
    if attempt.is_practice:
        return Review(True, True, True, True) if attempt.submitted_at else nothing
    if attempt.submitted_at is None or quiz.exam_mode or quiz.review_when == ReviewWhen.NEVER:
        return nothing
    if quiz.review_when == ReviewWhen.AFTER_CLOSE and (quiz.close_at is None or now < quiz.close_at):
        return nothing
    return Review(True, quiz.review_correctness, quiz.review_answers, quiz.review_explanations)


def by_category(answers) -> dict[int, tuple[Decimal, Decimal]]:
    """Score and maximum per question category (django-quiz-app's per-category progress), graded answers only."""
    totals: dict[int, tuple[Decimal, Decimal]] = {}
    for answer in answers:
        if answer.score is None:
            continue
        key = answer.question_data.get("category_id")
        score, maximum = totals.get(key, (Decimal("0"), Decimal("0")))
        totals[key] = (score + answer.score, maximum + answer.max_score)
    return totals


def percent_of(score: Decimal, max_score: Decimal) -> Decimal:
    if max_score <= 0:
        return Decimal("0.00")
    return (score * 100 / max_score).quantize(TWO_PLACES, ROUND_HALF_UP)


def quiz_grade(percents: list[Decimal], method: str) -> Decimal | None:
    """The grade across a learner's finished attempts (oldest first), by the quiz's grading method."""
    if not percents:
        return None
    if method == GradingMethod.LAST:
        return percents[-1]
    if method == GradingMethod.FIRST:
        return percents[0]
    if method == GradingMethod.AVERAGE:
        return (sum(percents) / len(percents)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return max(percents)
