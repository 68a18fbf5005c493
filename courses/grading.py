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
from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext as _

from .models.bank import QuestionType
from .models.quizzes import GradingMethod, ReviewWhen

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models.learning import Answer, Attempt
    from .models.quizzes import Quiz

MAX_TEXT_LENGTH = 5000
_SPACES = re.compile(r"\s+")
TWO_PLACES = Decimal("0.01")


class InvalidResponse(ValueError):
    """A response that does not fit the question (an option that is not one of its options, and so on)."""


def fold(text: str) -> str:
    """Fold a short answer so that full-width/half-width forms, spacing and letter case do not matter."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).casefold()


def choice_values(data: dict) -> dict[str, int]:
    """The values the browser sends for this answer's options, mapped to the options' ids.

    Each attempt gives every option a random token (``tokens``, parallel to the shown ``order``), so a value
    says nothing about which option is right or where the author put it. Attempts started before tokens existed
    keep their choice ids as values.
    """
    if "tokens" in data:
        return dict(zip(data["tokens"], data["order"], strict=True))
    return {str(cid): cid for cid in data.get("order") or [c["id"] for c in data.get("choices", [])]}


def browser_values(data: dict, response: object) -> set[str]:
    """The browser values of a saved choice response, to check the options the learner picked on reload."""
    ids = set(response) if isinstance(response, list) else {response}
    return {value for value, cid in choice_values(data).items() if cid in ids}


def _choice_id(values: dict[str, int], raw: object) -> int:
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise InvalidResponse("not a choice")
    try:
        return values[str(raw)]
    except KeyError as error:
        raise InvalidResponse("not a choice of this question") from error


def clean_response(data: dict, raw: object) -> object:
    """Check a response sent by the browser against the question and store it as choice ids; ``None`` clears it."""
    qtype = data["type"]
    if raw is None or raw == "" or raw == []:
        return None
    if qtype == QuestionType.SINGLE:
        return _choice_id(choice_values(data), raw[0] if isinstance(raw, list) and len(raw) == 1 else raw)
    if qtype == QuestionType.MULTIPLE:
        values = choice_values(data)
        return sorted({_choice_id(values, v) for v in (raw if isinstance(raw, list) else [raw])})
    if qtype == QuestionType.TRUE_FALSE:
        if raw is True or raw in ("true", "1"):
            return True
        if raw is False or raw in ("false", "0"):
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
        chosen = set(cast("list[int]", response))  # clean_response stores a MULTIPLE response as a list of ids
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


def public_view(data: dict) -> dict:
    """What the question page may show before grading: no correct options, answers, explanations or choice ids."""
    texts = {c["id"]: c["text"] for c in data.get("choices", [])}
    return {
        "type": data["type"],
        "text": data["text"],
        "image_id": data.get("image_id"),
        "points": data["points"],
        "choices": [{"value": value, "text": texts[cid]} for value, cid in choice_values(data).items() if cid in texts],
    }


def correct_answer_text(data: dict) -> str:
    """The right answer in words, for review pages and exports."""
    qtype = data["type"]
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return ";".join(c["text"] for c in data["choices"] if c["correct"])
    if qtype == QuestionType.TRUE_FALSE:
        return _("正确") if data["tf"] else _("错误")
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


NO_REVIEW = Review(False, False, False, False)
FULL_REVIEW = Review(True, True, True, True)


def policy_review(quiz: Quiz, now: datetime) -> Review:
    """What the quiz's review policy lets a learner see of graded work now: nothing in exam mode or "never"."""
    if quiz.exam_mode or quiz.review_when == ReviewWhen.NEVER:
        return NO_REVIEW
    if quiz.review_when == ReviewWhen.AFTER_CLOSE and (quiz.close_at is None or now < quiz.close_at):
        return NO_REVIEW
    return Review(True, quiz.review_correctness, quiz.review_answers, quiz.review_explanations)


def review_for(quiz: Quiz, attempt: Attempt, now: datetime) -> Review:
    """The review policy applied to a submitted attempt (practice rounds included): nothing before submitting."""
    if attempt.submitted_at is None:
        return NO_REVIEW
    return policy_review(quiz, now)


def feedback_review(quiz: Quiz, attempt: Attempt, now: datetime) -> Review:
    """What the per-question check may tell: everything on quizzes that offer it, the policy's share in practice."""
    return policy_review(quiz, now) if attempt.is_practice else FULL_REVIEW


def verdict(score: Decimal | None, max_score: Decimal) -> tuple[str, str]:
    """("right" | "partial" | "wrong", the words a learner reads). A partly credited answer is "部分正确" with its
    score, never "错误": on a multiple-choice question with partial credit, half right is not wrong."""
    if score is None:
        return "", ""
    if score >= max_score:
        return "right", _("正确")
    if score > 0:
        return "partial", _("部分正确(得 %(score)s/%(max)s 分)") % {
            "score": f"{score.normalize():f}",
            "max": f"{max_score.normalize():f}",
        }
    return "wrong", _("错误")


def feedback(data: dict, score: Decimal | None, max_score: Decimal, review: Review) -> dict:
    """The checked answer's feedback, holding only what ``review`` allows."""
    shown: dict = {}
    if review.correctness:
        shown["right"] = score is not None and score >= max_score
        shown["verdict"], shown["verdict_text"] = verdict(score, max_score)
    if review.answers:
        shown["correct_answer"] = correct_answer_text(data)
    if review.explanations and data.get("explanation"):
        shown["explanation"] = data["explanation"]
    return shown


def by_category(answers: Iterable[Answer]) -> dict[int, tuple[Decimal, Decimal]]:
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
        return (sum(percents, Decimal("0")) / len(percents)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return max(percents)
