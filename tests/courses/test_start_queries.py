"""Starting an attempt and autosaving are what 200 volunteers do at the same moment: their database work must not
grow with the number of questions (the submit's guard is in test_submit_queries.py)."""

from __future__ import annotations

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from courses.models import Attempt, Category, Quiz, QuizQuestion, QuizRule

from .conftest import make_question


def quiz_of(category: Category, fixed: int, drawn: int) -> Quiz:
    """``fixed`` questions always asked plus ``drawn`` drawn at random from a second category."""
    pool = Category.objects.create(name=f"抽题{fixed}-{drawn}")
    bank = [
        make_question(category, "single", f"固定第{n}题", choices=[("呼叫医护", True), ("扶起", False)])
        for n in range(fixed)
    ]
    for n in range(drawn * 2):
        make_question(pool, "multiple", f"抽取第{n}题", choices=[("洗手", True), ("戴口罩", True), ("不管", False)])
    quiz = Quiz(title=f"{fixed}+{drawn}题", live=True, pass_mark=60, shuffle_questions=True, shuffle_choices=True)
    quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(bank)]
    quiz.rules = [QuizRule(category=pool, count=drawn)]
    quiz.save()
    return quiz


def start_queries(client, quiz: Quiz) -> tuple[list[str], Attempt]:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(reverse("courses:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    assert response.status_code == 302 and response["Location"] == reverse("courses:attempt", args=[attempt.pk])
    return [q["sql"] for q in captured.captured_queries], attempt


def differ(a: list[str], b: list[str]) -> str:
    return "\n".join(sorted(set(a) ^ set(b)))


def test_starting_twenty_questions_costs_no_more_queries_than_four(client, volunteer, category):
    client.force_login(volunteer)
    four, small = start_queries(client, quiz_of(category, 2, 2))
    twenty, large = start_queries(client, quiz_of(category, 10, 10))
    assert (small.answers.count(), large.answers.count()) == (4, 20)
    assert all(len(a.question_data["choices"]) == 3 for a in large.answers.filter(question__qtype="multiple"))
    assert len(twenty) == len(four), differ(four, twenty)


def test_the_question_page_costs_no_more_queries_for_twenty_questions_than_four(client, volunteer, category):
    client.force_login(volunteer)
    counts = []
    for quiz in (quiz_of(category, 2, 2), quiz_of(category, 10, 10)):
        _count, attempt = start_queries(client, quiz)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("courses:attempt", args=[attempt.pk]))
        assert response.status_code == 200 and "固定第1题" in response.content.decode()
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_an_autosave_is_a_handful_of_queries_whatever_the_quiz_size(client, volunteer, category):
    client.force_login(volunteer)
    counts = []
    for quiz in (quiz_of(category, 2, 2), quiz_of(category, 10, 10)):
        _count, attempt = start_queries(client, quiz)
        answer = attempt.answers.get(position=1)
        token = answer.question_data["tokens"][0]
        with CaptureQueriesContext(connection) as captured:
            response = client.post(
                reverse("courses:save", args=[attempt.pk]),
                json.dumps({"position": 1, "response": token if answer.qtype == "single" else [token]}),
                content_type="application/json",
            )
        assert response.json()["ok"] is True
        counts.append([q["sql"] for q in captured.captured_queries])
    assert len(counts[0]) == len(counts[1]), differ(*counts)
    counts = [len(c) for c in counts]
    # session, user, the attempt, its lock, the answer, the update; savepoints aside
    assert counts[1] <= 8, counts


def test_the_quiz_page_and_the_start_read_the_learners_attempts_once(client, volunteer, category):
    """The grade, passed, attempts used, one waiting for a grade and the open one are judged on one read."""
    quiz = quiz_of(category, fixed=4, drawn=2)
    client.force_login(volunteer)
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("courses:quiz", args=[quiz.pk])).status_code == 200
    sql, attempt = start_queries(client, quiz)
    reads = [q["sql"] for q in page.captured_queries if 'FROM "courses_attempt"' in q["sql"]]
    assert len(reads) == 1, reads
    assert len([q for q in sql if 'FROM "courses_attempt"' in q]) == 1, sql
    assert not [q for q in sql if q.startswith('UPDATE "courses_attempt"')], "full marks are known at the INSERT"
    assert attempt.max_score == sum(a.max_score for a in attempt.answers.all()) == 6
