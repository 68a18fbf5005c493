"""Grading: what each question type is worth for a response, and what a learner may see of it and when.

Pure functions over the question snapshot stored in each answer (see ``courses.questions.snapshot``), so the
same rules apply to the attempt flow, the essay queue, practice rounds and the tests.
"""

from __future__ import annotations

import random
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, cast

from django.utils.translation import gettext as _

from .models.bank import QuestionType
from .models.quizzes import GradingMethod, ReviewWhen
from .questions import numeric_bounds

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .models.learning import Answer, Attempt
    from .models.quizzes import Quiz

MAX_TEXT_LENGTH = 5000
_SPACES = re.compile(r"\s+")
TWO_PLACES = Decimal("0.01")
HUNDRED = Decimal("100")
ZERO = Decimal("0")


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


def match_values(data: dict) -> dict[str, str]:
    """A matching question's answer tokens, mapped to the answer texts.

    The answers are shuffled and tokenised apart from the prompts (``match_order``/``match_tokens``), so neither
    their order nor their values tell which prompt each belongs to.
    """
    return dict(zip(data.get("match_tokens", []), data.get("match_order", []), strict=True))


def add_attempt_tokens(data: dict, shuffle_choices: bool, rng: random.Random) -> dict:
    """Give a snapshot its per-attempt option tokens (and, for matching, the shuffled answer list)."""
    order = [c["id"] for c in data["choices"] if data["type"] != QuestionType.MATCHING or c["text"]]
    if shuffle_choices:
        rng.shuffle(order)
    data["order"] = order
    data["tokens"] = [secrets.token_urlsafe(8) for _cid in order]
    if data["type"] == QuestionType.MATCHING:
        answers = sorted({c["match"] for c in data["choices"]})
        rng.shuffle(answers)
        data["match_order"] = answers
        data["match_tokens"] = [secrets.token_urlsafe(8) for _answer in answers]
    return data


def browser_values(data: dict, response: object) -> set[str]:
    """The browser values of a saved choice response, to check the options the learner picked on reload."""
    if isinstance(response, dict):
        return set()
    ids = set(response) if isinstance(response, list) else {response}
    return {value for value, cid in choice_values(data).items() if cid in ids}


def browser_matches(data: dict, response: object) -> dict[str, str]:
    """A saved matching response as the browser values it was given with: {prompt token: answer token}."""
    if not isinstance(response, dict):
        return {}
    answer_tokens = {text: token for token, text in match_values(data).items()}
    return {
        value: answer_tokens.get(response.get(str(cid), ""), "")
        for value, cid in choice_values(data).items()
        if str(cid) in response
    }


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
    if qtype == QuestionType.MATCHING:
        return _clean_matching(data, raw)
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


def _clean_matching(data: dict, raw: object) -> dict[str, str] | None:
    """{prompt token: answer token} from the browser → {prompt choice id: answer text}; blanks left out."""
    if not isinstance(raw, dict):
        raise InvalidResponse("not a matching response")
    prompts, answers = choice_values(data), match_values(data)
    cleaned: dict[str, str] = {}
    for prompt, answer in raw.items():
        if answer in (None, ""):
            continue
        if not isinstance(answer, str) or prompt not in prompts or answer not in answers:
            raise InvalidResponse("not a pair of this question")
        cleaned[str(prompts[prompt])] = answers[answer]
    return cleaned or None


def choice_fraction(data: dict, choice: dict) -> Decimal:
    """An option's weight in percent: the author's own, else 100 for right and 0 for wrong (single choice), or
    for partial-credit multiple choice each right option's share of 100 and each wrong one's share of -100."""
    if choice.get("fraction") is not None:
        return Decimal(choice["fraction"])
    if data["type"] == QuestionType.MULTIPLE and data.get("partial"):
        right = [c for c in data["choices"] if c["correct"]]
        if choice["correct"]:
            return HUNDRED / len(right)
        return -HUNDRED / (len(data["choices"]) - len(right))
    return HUNDRED if choice["correct"] else Decimal("0")


def parse_number(text: str) -> Decimal | None:
    """A learner's number: full-width digits, spaces and a decimal comma (1,5) are all understood."""
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _best_answer(data: dict, response: object) -> dict | None:
    """The short or numeric answer a response earns the most with (its weight and feedback), if any."""
    if not isinstance(response, str):
        return None
    matching: list[dict] = []
    if data["type"] == QuestionType.SHORT:
        answers = data.get("answers") or [{"text": a, "fraction": "100", "feedback": ""} for a in data["accepted"]]
        matching = [a for a in answers if fold(a["text"]) == fold(response)]
    elif data["type"] == QuestionType.NUMERIC:
        number = parse_number(response)
        for answer in data.get("numeric", []) if number is not None else []:
            bounds = numeric_bounds(answer["spec"])
            if bounds is not None and bounds[0] <= cast("Decimal", number) <= bounds[1]:
                matching.append(answer)
    return max(matching, key=lambda a: Decimal(a["fraction"]), default=None)


def _share(points: Decimal, fraction: Decimal) -> Decimal:
    fraction = min(HUNDRED, max(Decimal("0"), fraction))
    return (points * fraction / HUNDRED).quantize(TWO_PLACES, ROUND_HALF_UP)


def grade_response(data: dict, response: object) -> Decimal | None:
    """Points earned by ``response``; ``None`` when a person must grade it (essays)."""
    points = Decimal(data["points"])
    qtype = data["type"]
    if qtype == QuestionType.ESSAY:
        return None
    if response is None:
        return Decimal("0.00")
    if qtype == QuestionType.SINGLE:
        # The chosen option's weight: all of the points for the right one, a share for a half-right one.
        return _share(points, sum((choice_fraction(data, c) for c in data["choices"] if c["id"] == response), ZERO))
    if qtype == QuestionType.MULTIPLE:
        correct = {c["id"] for c in data["choices"] if c["correct"]}
        chosen = set(cast("list[int]", response))  # clean_response stores a MULTIPLE response as a list of ids
        if not data.get("partial"):
            return points if chosen == correct else Decimal("0.00")
        # Each chosen option adds its weight (a wrong one takes its share away); between 0 and all the points.
        return _share(points, sum((choice_fraction(data, c) for c in data["choices"] if c["id"] in chosen), ZERO))
    if qtype == QuestionType.TRUE_FALSE:
        return points if response is data["tf"] else Decimal("0.00")
    if qtype in (QuestionType.SHORT, QuestionType.NUMERIC):
        best = _best_answer(data, response)
        return _share(points, Decimal(best["fraction"]) if best else ZERO)
    if qtype == QuestionType.MATCHING:
        # Each pair is worth its share of the points (Moodle's rule); an unmatched prompt earns nothing.
        given = cast("dict[str, str]", response)
        prompts = [c for c in data["choices"] if c["text"]]
        right = sum(1 for c in prompts if given.get(str(c["id"])) == c["match"])
        return _share(points, HUNDRED * right / len(prompts))
    raise ValueError(f"unknown question type {qtype!r}")


def public_view(data: dict) -> dict:
    """What the question page may show before grading: no correct options, answers, explanations or choice ids."""
    texts = {c["id"]: c["text"] for c in data.get("choices", [])}
    return {
        "type": data["type"],
        "text": data["text"],
        "format": data.get("format", "plain"),
        "image_id": data.get("image_id"),
        "points": data["points"],
        "choices": [{"value": value, "text": texts[cid]} for value, cid in choice_values(data).items() if cid in texts],
        "matches": [{"value": value, "text": text} for value, text in match_values(data).items()],
    }


def correct_answer_text(data: dict) -> str:
    """The right answer in words, for review pages and exports."""
    qtype = data["type"]
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return ";".join(c["text"] for c in data["choices"] if c["correct"])
    if qtype == QuestionType.TRUE_FALSE:
        return _("正确") if data["tf"] else _("错误")
    if qtype == QuestionType.SHORT:
        answers = data.get("answers") or [{"text": a, "fraction": "100"} for a in data["accepted"]]
        return " / ".join(a["text"] for a in answers if Decimal(a["fraction"]) >= HUNDRED)
    if qtype == QuestionType.NUMERIC:
        return " / ".join(numeric_text(a["spec"]) for a in data["numeric"] if Decimal(a["fraction"]) >= HUNDRED)
    if qtype == QuestionType.MATCHING:
        return ";".join(f"{c['text']} → {c['match']}" for c in data["choices"] if c["text"])
    return ""


def numeric_text(spec: str) -> str:
    """A numeric answer in words a learner reads: "80 ± 20", "60 至 100" or "42"."""
    bounds = numeric_bounds(spec)
    if bounds is None:
        return spec
    low, high = bounds
    if low == high:
        return f"{low.normalize():f}"
    if ".." in spec:
        return _("%(low)s 至 %(high)s") % {"low": f"{low.normalize():f}", "high": f"{high.normalize():f}"}
    middle, spread = (low + high) / 2, (high - low) / 2
    return f"{middle.normalize():f} ± {spread.normalize():f}"


def given_text(data: dict, response: object) -> str:
    """The learner's response in words, for the review page."""
    qtype = data["type"]
    if response is None:
        return ""
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        texts = {c["id"]: c["text"] for c in data.get("choices", [])}
        ids = response if isinstance(response, list) else [response]
        return ";".join(texts.get(i, "") for i in ids)
    if qtype == QuestionType.TRUE_FALSE:
        return _("正确") if response else _("错误")
    if qtype == QuestionType.MATCHING and isinstance(response, dict):
        return ";".join(f"{c['text']} → {response[str(c['id'])]}" for c in data["choices"] if str(c["id"]) in response)
    return str(response)


def answer_feedback(data: dict, response: object) -> list[str]:
    """The author's feedback on the answer given (each chosen option, the true/false side, the matched answer)."""
    qtype = data["type"]
    if response is None:
        return []
    if qtype in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        ids = set(response) if isinstance(response, list) else {response}
        return [c["feedback"] for c in data["choices"] if c["id"] in ids and c.get("feedback")]
    if qtype == QuestionType.TRUE_FALSE:
        text = (data.get("tf_feedback") or {}).get("true" if response else "false", "")
        return [text] if text else []
    if qtype in (QuestionType.SHORT, QuestionType.NUMERIC):
        best = _best_answer(data, response)
        return [best["feedback"]] if best and best.get("feedback") else []
    return []


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


def feedback_with_response(
    data: dict, response: object, score: Decimal | None, max_score: Decimal, review: Review
) -> dict:
    """``feedback`` plus the author's feedback on the answer given, shown where explanations are."""
    shown = feedback(data, score, max_score, review)
    if review.explanations:
        notes = answer_feedback(data, response)
        if notes:
            shown["answer_feedback"] = ";".join(notes)
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
