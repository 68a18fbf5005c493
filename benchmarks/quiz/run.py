"""Quiz benchmark: N simulated volunteers take and submit a 20-question quiz at once against gunicorn + PostgreSQL.

One command, from the repository root:

    .venv/bin/python benchmarks/quiz/run.py            # 200 volunteers, 20 questions
    .venv/bin/python benchmarks/quiz/run.py --users 50  # smaller

It (re)creates the PostgreSQL database ``sg_courses_bench``, migrates it, creates the quiz and the volunteers
(with ready-made sessions, so logins are not measured), starts gunicorn on 127.0.0.1:8193, runs every volunteer
in its own thread (open quiz → start → 20 autosaves → a double-clicked submit: two submits sent together),
then checks the database and the server's signal log: every volunteer has exactly one attempt, graded once,
with the score the grading rules give. It prints p50/p95 latencies and throughput, stops gunicorn and drops the
database. Bounded by --timeout seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DB_NAME = "sg_courses_bench"
DB_URL = f"postgres://root@127.0.0.1:5432/{DB_NAME}"
PORT = 8193
BASE = f"http://127.0.0.1:{PORT}"


def recreate_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://root@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")


def drop_database() -> None:
    import psycopg

    with psycopg.connect("postgresql://root@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def set_up(users: int, questions: int) -> tuple[int, list[str]]:
    """Migrate, create the quiz and the volunteers with sessions; returns the quiz id and session keys."""
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User
    from django.contrib.sessions.backends.db import SessionStore

    from accounts.roles import VOLUNTEER
    from courses.models import Category, Choice, Question, Quiz, QuizQuestion

    category = Category.objects.create(name="基准测试")
    bank = []
    kinds = ["single", "multiple", "truefalse", "short"]
    for number in range(questions):
        kind = kinds[number % len(kinds)]
        question = Question(category=category, qtype=kind, text=f"基准题 {number + 1}")
        if kind == "single":
            question.choices = [Choice(text=f"选项{i}", is_correct=i == 0, sort_order=i) for i in range(4)]
        elif kind == "multiple":
            question.partial_credit = True
            question.choices = [Choice(text=f"选项{i}", is_correct=i < 2, sort_order=i) for i in range(4)]
        elif kind == "truefalse":
            question.true_false_answer = True
        else:
            question.accepted_answers = "手卫生"
        question.save()
        bank.append(question)
    quiz = Quiz(title="基准测验", live=True, max_attempts=1, time_limit_minutes=30, shuffle_choices=True)
    quiz.fixed_questions = [QuizQuestion(question=q, sort_order=i) for i, q in enumerate(bank)]
    quiz.save()
    group = Group.objects.get(name=VOLUNTEER)
    password = make_password("bench-password")
    created = User.objects.bulk_create(
        [User(username=f"bench{i:04d}", password=password) for i in range(users)], batch_size=500
    )
    group.user_set.add(*created)
    keys = []
    for user in User.objects.filter(username__startswith="bench").order_by("pk"):
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return quiz.pk, keys


def start_server(env: dict, workers: int, threads: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "benchmarks.quiz.wsgi:application",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
            "--timeout",
            "120",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    import requests

    deadline = time.monotonic() + 90
    try:
        while time.monotonic() < deadline:
            try:
                # Hit every worker once so that no measured request pays for loading the application.
                for _worker in range(3 * workers):
                    requests.get(f"{BASE}/accounts/login/", timeout=30).raise_for_status()
                return server
            except requests.RequestException:
                time.sleep(0.5)
    except BaseException:
        stop_server(server)
        raise
    stop_server(server)
    raise SystemExit("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)


def cpu_seconds(wanted) -> float:
    """User + system CPU time of the processes ``wanted(stat_fields, name)`` picks, from /proc (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        name = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()  # fields[0] is the state, the 3rd field of stat(5)
        if wanted(fields, name):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


class CpuMeter:
    """CPU spent by the server (gunicorn's session), PostgreSQL (every postgres process) and this client."""

    def __init__(self, server: subprocess.Popen) -> None:
        self.session = str(server.pid)  # start_new_session: the master leads a session its workers share

    def read(self) -> tuple[float, float, float]:
        gunicorn = cpu_seconds(lambda fields, _name: fields[3] == self.session)
        postgres = cpu_seconds(lambda _fields, name: name.startswith("postgres"))
        return gunicorn, postgres, time.process_time()


def post_with_retry(post, *args, **kwargs):
    """A browser retries a request whose connection dropped; saves are idempotent and submits grade once."""
    import requests

    for attempt in range(3):
        try:
            return post(*args, **kwargs)
        except requests.ConnectionError:
            if attempt == 2:
                raise
            time.sleep(0.5)


class Volunteer(threading.Thread):
    """One simulated volunteer: open the quiz, start, answer every question (autosave), double-submit."""

    def __init__(self, quiz_id: int, session_key: str, barrier: threading.Barrier, think: float, started=None):
        super().__init__(daemon=True)
        self.quiz_id, self.session_key, self.barrier, self.think = quiz_id, session_key, barrier, think
        self.started = started  # called once this volunteer's start is answered
        self.starts: list[float] = []  # open the quiz page + start (follows the redirect to the questions)
        self.saves: list[float] = []
        self.submits: list[float] = []
        self.errors: list[str] = []

    def run(self) -> None:
        import requests

        http = requests.Session()
        http.cookies.set("sessionid", self.session_key, domain="127.0.0.1")
        try:
            self.barrier.wait()
            started = time.perf_counter()
            post_with_retry(http.get, f"{BASE}/quiz/{self.quiz_id}/", timeout=60).raise_for_status()
            token = http.cookies.get("csrftoken")
            # Starting twice resumes the same attempt, so a retry is safe; it follows the redirect to the questions.
            page = post_with_retry(
                http.post, f"{BASE}/quiz/{self.quiz_id}/start/", headers={"X-CSRFToken": token}, timeout=60
            )
            page.raise_for_status()
            self.starts.append(time.perf_counter() - started)
            if self.started:
                self.started()
            attempt_url = page.url.rstrip("/")
            token = http.cookies.get("csrftoken")
            html = page.text
            headers = {"X-CSRFToken": token, "Referer": page.url}
            for position in sorted({int(n) for n in re.findall(r'data-position="(\d+)"', html)}):
                kind = re.search(rf'data-position="{position}" data-type="(\w+)"', html).group(1)
                options = re.findall(rf'name="q{position}" value="([^"]+)"', html)
                if kind == "single":
                    response = random.choice(options)
                elif kind == "multiple":
                    response = random.sample(options, 2)
                elif kind == "truefalse":
                    response = random.random() < 0.7
                else:
                    response = random.choice(["手卫生", "洗手"])
                if self.think:  # reading the question, then answering: the first answer too
                    time.sleep(random.uniform(0, 2 * self.think))
                started = time.perf_counter()
                reply = post_with_retry(
                    http.post,
                    f"{attempt_url}/save/",
                    json={"position": position, "response": response},
                    headers=headers,
                    timeout=60,
                )
                self.saves.append(time.perf_counter() - started)
                if reply.status_code != 200:
                    self.errors.append(f"save {reply.status_code}")
            self._double_submit(http, f"{attempt_url}/submit/", headers)
        except Exception as error:  # noqa: BLE001 - report, do not hide, any failure of a simulated user
            self.errors.append(repr(error))

    def _double_submit(self, http, url: str, headers: dict) -> None:
        """Two submits sent together, as a double click or a retried request would."""
        import requests

        results: list[float] = []

        def one() -> None:
            started = time.perf_counter()
            reply = post_with_retry(
                requests.post, url, headers=headers, cookies=http.cookies, allow_redirects=False, timeout=60
            )
            results.append(time.perf_counter() - started)
            if reply.status_code != 302:
                self.errors.append(f"submit {reply.status_code}")

        twins = [threading.Thread(target=one) for _ in range(2)]
        for twin in twins:
            twin.start()
        for twin in twins:
            twin.join()
        self.submits.extend(results)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def check(finalised_log: Path, users: int) -> list[str]:
    """Every volunteer: one attempt, finished, graded by the rules; the signal log: each attempt exactly once."""
    from decimal import Decimal

    from courses import grading
    from courses.models import Answer, Attempt

    problems = []
    attempts = list(Attempt.objects.filter(user__username__startswith="bench"))
    per_user = Counter(a.user_id for a in attempts)
    if len(per_user) != users:
        problems.append(f"{users - len(per_user)} volunteers have no attempt")
    problems += [f"user {u} has {n} attempts" for u, n in per_user.items() if n != 1]
    problems += [f"attempt {a.pk} is {a.state}" for a in attempts if a.state != "finished"]
    for attempt in attempts:
        expected = sum(
            (grading.grade_response(ans.question_data, ans.response) for ans in Answer.objects.filter(attempt=attempt)),
            Decimal("0"),
        )
        if attempt.score != expected:
            problems.append(f"attempt {attempt.pk} scored {attempt.score}, rules say {expected}")
    logged = Counter(int(line) for line in finalised_log.read_text().split())
    problems += [f"attempt {pk} finalised {n} times" for pk, n in logged.items() if n != 1]
    missing = {a.pk for a in attempts} - set(logged)
    if missing:
        problems.append(f"{len(missing)} attempts never signalled as finalised")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--think-ms", type=float, default=0, help="mean pause before each answer, the first too (0: flat out)"
    )
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    log_dir = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    finalised_log = log_dir / "finalised.log"
    finalised_log.touch()
    env = {
        **os.environ,
        "DATABASE_URL": DB_URL,
        "DJANGO_SETTINGS_MODULE": "benchmarks.quiz.settings",
        "QUIZ_BENCH_FINALISED_LOG": str(finalised_log),
        "SHUANGGONG_VAR_DIR": str(log_dir),
        "DB_CONN_MAX_AGE": "60",
    }
    os.environ.update(env)
    recreate_database()
    quiz_id, keys = set_up(args.users, args.questions)
    server = start_server(env, args.workers, args.threads)
    try:
        barrier = threading.Barrier(args.users)
        meter = CpuMeter(server)
        at_release = meter.read()
        at_last_start: list[tuple[float, float, float]] = []
        counted = Counter()
        count_lock = threading.Lock()

        def one_more_start() -> None:
            with count_lock:
                counted["starts"] += 1
                if counted["starts"] == args.users:
                    at_last_start.append(meter.read())

        volunteers = [Volunteer(quiz_id, key, barrier, args.think_ms / 1000, one_more_start) for key in keys]
        began = time.perf_counter()
        for volunteer in volunteers:
            volunteer.start()
        for volunteer in volunteers:
            volunteer.join(timeout=max(1.0, args.timeout - (time.perf_counter() - began)))
        elapsed = time.perf_counter() - began
        hung = sum(1 for v in volunteers if v.is_alive())
    finally:
        stop_server(server)
    starts = [t for v in volunteers for t in v.starts]
    saves = [t for v in volunteers for t in v.saves]
    submits = [t for v in volunteers for t in v.submits]
    errors = Counter(e for v in volunteers for e in v.errors)
    from django.db import connections

    connections.close_all()  # the set-up connection sat idle through the run; check on a fresh one
    problems = check(finalised_log, args.users)
    requests_made = len(saves) + len(submits) + 2 * len(volunteers)
    print(
        f"quiz benchmark: {args.users} volunteers × {args.questions} questions, gunicorn {args.workers}×{args.threads}"
    )
    print(f"  wall time                 {elapsed:8.2f} s")
    print(f"  throughput                {requests_made / elapsed:8.1f} requests/s ({len(saves) / elapsed:.1f} saves/s)")
    for label, values in (("start ", starts), ("save  ", saves), ("submit", submits)):
        if values:
            p50, p95 = percentile(values, 0.5) * 1000, percentile(values, 0.95) * 1000
            print(f"  {label} p50 / p95          {p50:8.1f} / {p95:.1f} ms  ({len(values)} requests)")
    print(f"  mean save                 {statistics.mean(saves) * 1000 if saves else 0:8.1f} ms")
    if at_last_start:
        spent = [after - before for after, before in zip(at_last_start[0], at_release, strict=True)]
        print(
            f"  CPU from the release to the last start answered: gunicorn {spent[0]:.2f} s, PostgreSQL {spent[1]:.2f} s"
            f" (every postgres process), this client {spent[2]:.2f} s; on {os.cpu_count()} cores the last start"
            f" cannot be answered before {sum(spent) / (os.cpu_count() or 1):.2f} s"
        )
    print(f"  client errors             {dict(errors) or 'none'}; hung volunteers: {hung}")
    print(f"  exactly-once check        {'OK: every attempt recorded and graded once' if not problems else 'FAILED'}")
    for problem in problems[:20]:
        print(f"    - {problem}")
    if not args.keep_db:
        connections.close_all()
        drop_database()
    sys.exit(1 if problems or errors or hung else 0)


if __name__ == "__main__":
    main()
