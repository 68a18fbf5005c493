"""Learner-facing views: thin wrappers around ``courses.actions`` and ``courses.progress``."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from wagtail.images import get_image_model

from . import actions, grading, queries
from .models import Attempt, AttemptState, Category, CoursePage, Layout, LessonPage, QuestionType, Quiz
from .progress import my_learning, quiz_status

# Answer.position is a PositiveSmallIntegerField.
MAX_POSITION = 32767


def _own_attempt(request: HttpRequest, pk: int) -> Attempt:
    attempt = Attempt.objects.select_related("quiz").filter(pk=pk, user=request.user).first()
    if attempt is None:
        raise Http404
    return attempt


@login_required
@require_GET
def my_learning_view(request: HttpRequest) -> HttpResponse:
    return render(request, "courses/my_learning.html", my_learning(request.user))


@login_required
@require_POST
def enrol_view(request: HttpRequest, course_id: int) -> HttpResponse:
    course = get_object_or_404(CoursePage.objects.live().public(), pk=course_id)
    try:
        actions.do_enrol(request.user, course.specific)
    except actions.QuizRefused as refusal:
        messages.error(request, str(refusal))
        return HttpResponseRedirect(course.url)
    messages.success(request, _("报名成功,开始学习吧!"))
    return HttpResponseRedirect(course.url)


@login_required
@require_POST
def lesson_done_view(request: HttpRequest, lesson_id: int) -> HttpResponse:
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id).specific
    try:
        completed = actions.do_mark_lesson_done(request.user, lesson)
    except actions.QuizRefused as refusal:
        if request.headers.get("Accept", "").startswith("application/json"):
            return JsonResponse({"done": False, "error": str(refusal)}, status=403)
        messages.error(request, str(refusal))
        return HttpResponseRedirect(lesson.url)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"done": True, "course_completed": completed})
    if completed:
        messages.success(request, _("恭喜!你已完成这门课程。"))
    else:
        messages.success(request, _("已标记本课时为完成。"))
    following = next((item for item in lesson.course.lessons() if item.path > lesson.path), None)
    return HttpResponseRedirect(following.url if following else lesson.course.url)


@require_GET
def quiz_view(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz, pk=quiz_id, live=True)
    context = {
        "quiz": quiz,
        "status": quiz_status(request.user, quiz),
        "unavailable": queries.quiz_availability(quiz, timezone.now()),
    }
    return render(request, "courses/quiz.html", context)


@login_required
@require_POST
def start_view(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz, pk=quiz_id)
    try:
        attempt = actions.do_start_attempt(request.user, quiz)
    except actions.QuizRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("courses:quiz", quiz_id=quiz.pk)
    return redirect("courses:attempt", pk=attempt.pk)


@login_required
@require_POST
def practice_view(request: HttpRequest, quiz_id: int) -> HttpResponse:
    quiz = get_object_or_404(Quiz, pk=quiz_id, live=True)
    try:
        attempt = actions.do_start_practice(request.user, quiz)
    except actions.QuizRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("courses:quiz", quiz_id=quiz.pk)
    return redirect("courses:attempt", pk=attempt.pk)


def _question_items(attempt: Attempt, answers) -> list[dict]:
    """The page's view of each question: the public part of the snapshot and the learner's saved response."""
    image_ids = {answer.question_data.get("image_id") for answer in answers} - {None}
    images = get_image_model().objects.in_bulk(image_ids) if image_ids else {}
    review = grading.feedback_review(attempt.quiz, attempt, timezone.now())
    items = []
    for answer in answers:
        data = answer.question_data
        item = {
            "image": images.get(data.get("image_id")),
            "answer": answer,
            "q": grading.public_view(data),
            "response": answer.response,
            "selected": grading.browser_values(data, answer.response),
            "matched": grading.browser_matches(data, answer.response),
        }
        if answer.checked:
            item["feedback"] = grading.feedback_with_response(
                data, answer.response, answer.score, answer.max_score, review
            )
        items.append(item)
    return items


@login_required
def attempt_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The question page (GET) and, in one-question-per-page mode, saving and moving on without JavaScript."""
    attempt = _own_attempt(request, pk)
    if attempt.state != AttemptState.IN_PROGRESS:
        return redirect("courses:result", pk=attempt.pk)
    if actions.do_close_if_overdue(attempt):
        messages.info(request, _("作答时间已到,已按截止前保存的答案交卷。"))
        return redirect("courses:result", pk=attempt.pk)
    answers = list(attempt.answers.order_by("position"))
    if request.method == "POST":
        _save_posted(attempt, answers, request.POST)
        target = request.POST.get("go")
        url = reverse("courses:attempt", args=[attempt.pk])
        return HttpResponseRedirect(f"{url}?q={target}" if target else url)
    one_per_page = attempt.quiz.layout == Layout.ONE_PER_PAGE and not attempt.is_practice
    current = 1
    if one_per_page:
        try:
            current = min(max(1, int(request.GET.get("q", "1"))), len(answers))
        except ValueError:
            current = 1
    items = _question_items(attempt, answers)
    shown = [items[current - 1]] if one_per_page else items
    can_check = attempt.is_practice or (attempt.quiz.feedback_each_question and not attempt.quiz.exam_mode)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "items": shown,
        "total": len(items),
        "answered": sum(1 for item in items if item["response"] not in (None, "", [])),
        "one_per_page": one_per_page,
        "current": current,
        "can_check": can_check,
        "QuestionType": QuestionType,
        "deadline_iso": attempt.deadline.isoformat() if attempt.deadline else "",
    }
    return render(request, "courses/attempt.html", context)


def _save_posted(attempt: Attempt, answers, data) -> None:
    """Save the answers of a plain form post (no JavaScript, or the final submit) in one go."""
    responses = {}
    for answer in answers:
        key = f"q{answer.position}"
        if key not in data and f"{key}_present" not in data:
            continue
        if answer.qtype == QuestionType.MATCHING:
            prefix = f"{key}_"
            responses[answer.position] = {
                name[len(prefix) :]: data.get(name)
                for name in data
                if name.startswith(prefix) and name != f"{key}_present"
            }
        elif answer.qtype == QuestionType.MULTIPLE:
            responses[answer.position] = data.getlist(key)
        else:
            responses[answer.position] = data.get(key, "")
    try:
        actions.do_save_answers(attempt, responses)
    except actions.QuizRefused:
        pass  # submitted already, or past the deadline: the submit grades what was saved in time


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a browser sends")


def _json_payload(request: HttpRequest) -> dict | None:
    """The JSON body quiz.js sends, with ``position`` an int in range; None when it is malformed.

    Anything a client can send (huge or non-finite numbers, deep nesting, wrong types) ends here or in the
    action's checks, so the endpoints answer 400 or 409, never 500.
    """
    try:
        payload = json.loads(request.body or b"{}", parse_float=Decimal, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict):
        return None
    position = payload.get("position")
    if isinstance(position, str) and position.isascii() and position.isdigit() and len(position) <= 5:
        position = int(position)
    if isinstance(position, bool) or not isinstance(position, int) or not 1 <= position <= MAX_POSITION:
        return None
    payload["position"] = position
    return payload


def _bad_request() -> JsonResponse:
    return JsonResponse({"ok": False, "error": _("请求格式不正确。")}, status=400)


@login_required
@require_POST
def save_view(request: HttpRequest, pk: int) -> JsonResponse:
    """Autosave endpoint for courses/static/courses/quiz.js: {"position": n, "response": …}."""
    attempt = _own_attempt(request, pk)
    payload = _json_payload(request)
    if payload is None:
        return _bad_request()
    try:
        answer = actions.do_save_answer(attempt, payload["position"], payload.get("response"))
    except actions.QuizRefused as refusal:
        return JsonResponse({"ok": False, "error": str(refusal)}, status=409)
    return JsonResponse({"ok": True, "saved_at": answer.saved_at.isoformat()})


@login_required
@require_POST
def check_view(request: HttpRequest, pk: int) -> JsonResponse:
    """Immediate feedback for one question (practice mode, or quizzes that allow it); the answer is then frozen."""
    attempt = _own_attempt(request, pk)
    payload = _json_payload(request)
    if payload is None:
        return _bad_request()
    try:
        answer = actions.do_check_answer(attempt, payload["position"])
    except actions.QuizRefused as refusal:
        return JsonResponse({"ok": False, "error": str(refusal)}, status=409)
    review = grading.feedback_review(attempt.quiz, attempt, timezone.now())
    return JsonResponse(
        {
            "ok": True,
            **grading.feedback_with_response(
                answer.question_data, answer.response, answer.score, answer.max_score, review
            ),
        }
    )


@login_required
@require_POST
def submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    if attempt.state == AttemptState.IN_PROGRESS and any(key.startswith("q") for key in request.POST):
        _save_posted(attempt, list(attempt.answers.all()), request.POST)
    actions.do_submit_attempt(attempt)
    return redirect("courses:result", pk=attempt.pk)


@login_required
@require_GET
def result_view(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = _own_attempt(request, pk)
    actions.do_close_if_overdue(attempt)
    attempt.refresh_from_db()
    if attempt.state == AttemptState.IN_PROGRESS:
        return redirect("courses:attempt", pk=attempt.pk)
    review = grading.review_for(attempt.quiz, attempt, timezone.now())
    items = []
    if review.details:
        for answer in attempt.answers.order_by("position"):
            data = answer.question_data
            items.append(
                {
                    "answer": answer,
                    "text": data["text"],
                    "format": data.get("format", "plain"),
                    "given": grading.given_text(data, answer.response),
                    "answer_feedback": ";".join(grading.answer_feedback(data, answer.response)),
                    "verdict": grading.verdict(answer.score, answer.max_score),
                    "correct_answer": grading.correct_answer_text(data),
                    "explanation": data.get("explanation", ""),
                }
            )
    categories = []
    if attempt.state == AttemptState.FINISHED:
        totals = grading.by_category(attempt.answers.all())
        names = dict(Category.objects.filter(pk__in=totals).values_list("pk", "name"))
        categories = [
            {
                "name": names.get(pk, _("其他")),
                "score": score,
                "max": maximum,
                "percent": grading.percent_of(score, maximum),
            }
            for pk, (score, maximum) in totals.items()
        ]
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "review": review,
        "items": items,
        "categories": categories if len(categories) > 1 else [],
        "status": quiz_status(request.user, attempt.quiz),
    }
    return render(request, "courses/result.html", context)
