"""CPU time and SQL queries per request of a quiz: start, question page, autosave, submit (one process, no network).

    DATABASE_URL=postgres://root@127.0.0.1:5432/sg_<name> .venv/bin/python benchmarks/quiz/cpu.py [--users 30]

Runs the real views through Django's test client (the whole middleware stack, sessions in the database) in the
test database of DATABASE_URL (``test_<name>``, created if missing and kept), all inside one transaction that is
rolled back at the end, so nothing stays. A 20-question quiz (single, multiple, true/false, short answer; 10 fixed,
10 drawn at random); for each volunteer: the quiz page, start (POST, the redirect not followed), question page,
20 autosaves (JSON, as quiz.js sends them), submit. CPU time is ``time.process_time()`` of this process around each
request (client and server share it; the client's part is small), so it is what the server needs per request whatever
else runs on the machine. Prints the median and p95 per step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


class Rollback(Exception):
    pass


def build_quiz():
    from courses.models import Category, Choice, Question, Quiz, QuizQuestion, QuizRule

    fixed_category = Category.objects.create(name="CPU 固定")
    pool = Category.objects.create(name="CPU 抽题")

    def question(category, qtype, text, choices=(), **fields):
        q = Question(category=category, qtype=qtype, text=text, **fields)
        q.choices = [Choice(text=t, is_correct=c, sort_order=i) for i, (t, c) in enumerate(choices)]
        q.save()
        return q

    fixed = []
    for n in range(10):
        kind = n % 4
        if kind == 0:
            fixed.append(
                question(fixed_category, "single", f"第{n}题", [("呼叫医护", True), ("扶起", False), ("走开", False)])
            )
        elif kind == 1:
            fixed.append(
                question(fixed_category, "multiple", f"第{n}题", [("洗手", True), ("口罩", True), ("不管", False)])
            )
        elif kind == 2:
            fixed.append(question(fixed_category, "truefalse", f"第{n}题", true_false_answer=False))
        else:
            fixed.append(question(fixed_category, "short", f"第{n}题", accepted_answers="手卫生"))
    for n in range(30):
        question(pool, "single", f"抽取第{n}题", [("对", True), ("错", False), ("不知道", False)])
    quiz = Quiz(title="CPU 测验", live=True, pass_mark=60, shuffle_questions=True, shuffle_choices=True)
    quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(fixed)]
    quiz.rules = [QuizRule(category=pool, count=10)]
    quiz.save()
    return quiz


def response_for(answer) -> object:
    data = answer.question_data
    if data["type"] == "single":
        return data["tokens"][0]
    if data["type"] == "multiple":
        return data["tokens"][:2]
    if data["type"] == "truefalse":
        return "false"
    return "手卫生"


def measure(users: int) -> dict[str, list[tuple[float, int]]]:
    from django.contrib.auth.models import User

    from accounts.roles import VOLUNTEER
    from courses.models import Attempt

    quiz = build_quiz()
    names = ("quiz page", "start", "question page", "autosave", "submit")
    steps: dict[str, list[tuple[float, int]]] = {name: [] for name in names}

    def timed(step, call, *args, **kwargs):
        with CaptureQueriesContext(connection) as captured:
            began = time.process_time()
            response = call(*args, **kwargs)
            steps[step].append(((time.process_time() - began) * 1000, len(captured)))
        return response

    from django.contrib.auth.models import Group

    group = Group.objects.get(name=VOLUNTEER)
    for n in range(users + 1):  # the first volunteer warms the caches and is not counted
        user = User.objects.create(username=f"cpu_v{n:03d}")
        user.groups.add(group)
        client = Client()
        client.force_login(user)
        if n == 0:
            saved = {key: list(value) for key, value in steps.items()}
        timed("quiz page", client.get, reverse("courses:quiz", args=[quiz.pk]))
        timed("start", client.post, reverse("courses:start", args=[quiz.pk]))
        attempt = Attempt.objects.get(quiz=quiz, user=user)
        page = reverse("courses:attempt", args=[attempt.pk])
        timed("question page", client.get, page)
        for answer in attempt.answers.order_by("position"):
            body = json.dumps({"position": answer.position, "response": response_for(answer)})
            timed("autosave", client.post, reverse("courses:save", args=[attempt.pk]), body, "application/json")
        timed("submit", client.post, reverse("courses:submit", args=[attempt.pk]))
        attempt.refresh_from_db()
        assert attempt.state != "in_progress", "every attempt is submitted"
        if n == 0:
            steps = saved
    return steps


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=30)
    args = parser.parse_args()
    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, keepdb=True)
    try:
        with transaction.atomic():
            steps = measure(args.users)
            raise Rollback
    except Rollback:
        pass
    print(f"{args.users} volunteers × 20 questions; load average {os.getloadavg()[0]:.1f}")
    print("| request | CPU median ms | CPU p95 ms | SQL queries |")
    print("|---|---:|---:|---:|")
    for step, samples in steps.items():
        cpu = sorted(s[0] for s in samples)
        queries = sorted({s[1] for s in samples})
        p95 = cpu[min(len(cpu) - 1, int(len(cpu) * 0.95))]
        shown = "/".join(str(q) for q in queries)
        print(f"| {step} | {statistics.median(cpu):.1f} | {p95:.1f} | {shown} |")


if __name__ == "__main__":
    main()
