"""The form submit every volunteer sends at once: its database work must not grow with the number of questions."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.actions import do_start_attempt
from courses.models import Quiz, QuizQuestion

from .conftest import make_question, right_response


def submit_queries(client, volunteer, category, questions: int) -> tuple[int, int]:
    bank = [
        make_question(category, "single", f"第{n}题:发现患者跌倒?", choices=[("呼叫医护", True), ("扶起", False)])
        for n in range(questions)
    ]
    quiz = Quiz(title=f"{questions}题测验", live=True, pass_mark=60, shuffle_choices=False)
    quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(bank)]
    quiz.save()
    attempt = do_start_attempt(volunteer, quiz)
    form = {f"q{a.position}": right_response(a) for a in attempt.answers.select_related("question")}
    with CaptureQueriesContext(connection) as captured:
        client.post(reverse("courses:submit", args=[attempt.pk]), form)
    attempt.refresh_from_db()
    assert attempt.passed and attempt.percent == 100
    return len(captured), attempt.answers.filter(score__gt=0).count()


def test_submitting_ten_answers_costs_no_more_queries_than_four(client, volunteer, category):
    client.force_login(volunteer)
    four, graded_four = submit_queries(client, volunteer, category, 4)
    ten, graded_ten = submit_queries(client, volunteer, category, 10)
    assert (graded_four, graded_ten) == (4, 10)
    assert ten == four
