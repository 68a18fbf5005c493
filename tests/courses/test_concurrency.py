"""Concurrent requests (double click, two tabs, retries) on a real database: one grading, one attempt number."""

from __future__ import annotations

import threading

import pytest

from courses import actions
from courses.models import Attempt, AttemptState
from courses.signals import attempt_finalised
from tests.concurrency import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_submits_grade_exactly_once(volunteer, auto_quiz):
    from tests.conftest import ensure_base_rows

    ensure_base_rows()
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    events = []
    lock = threading.Lock()

    def receiver(sender, attempt, passed, **kwargs):
        with lock:
            events.append(attempt.pk)

    attempt_finalised.connect(receiver)
    try:
        results = run_together(lambda _index: actions.do_submit_attempt(Attempt.objects.get(pk=attempt.pk))[1], 6)
    finally:
        attempt_finalised.disconnect(receiver)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count(True) == 1
    assert events == [attempt.pk]
    assert Attempt.objects.get(pk=attempt.pk).state == AttemptState.FINISHED


def test_simultaneous_starts_cannot_exceed_the_attempt_limit(volunteer, auto_quiz):
    auto_quiz.max_attempts = 1
    auto_quiz.save()
    results = run_together(lambda _index: actions.do_start_attempt(volunteer, auto_quiz).pk, 5)
    started = {r for r in results if not isinstance(r, Exception)}
    assert len(started) == 1, results
    assert Attempt.objects.filter(user=volunteer, quiz=auto_quiz).count() == 1


def is_locked(model, pk: int) -> bool:
    """Whether another transaction holds the row's lock (NOWAIT: asked, not waited for)."""
    from django.db import DatabaseError, transaction

    with transaction.atomic():
        try:
            model.objects.select_for_update(nowait=True).get(pk=pk)
        except DatabaseError:
            return True
    return False


def test_an_answer_being_saved_does_not_hold_up_the_quiz_for_other_volunteers(volunteer, auto_quiz, monkeypatch):
    """The save locks its own attempt only: with the quiz row locked too, every volunteer's autosave and submit of the
    same quiz queued behind each other's (PostgreSQL; SQLite has one writer at a time whatever is locked)."""
    from django.db import connection

    from courses.models import Quiz

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's")
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    inside, done = threading.Event(), threading.Event()
    real_past_deadline = actions.past_deadline

    def held_inside_the_save(locked, now):  # called once the attempt is locked
        inside.set()
        done.wait(10)
        return real_past_deadline(locked, now)

    monkeypatch.setattr(actions, "past_deadline", held_inside_the_save)
    answer = attempt.answers.get(position=1)
    data = answer.question_data
    response = {"single": (data.get("tokens") or [None])[0], "multiple": (data.get("tokens") or [])[:1]}.get(
        data["type"], "false" if data["type"] == "truefalse" else "手卫生"
    )
    saved: list = []

    def save() -> None:
        try:
            saved.append(actions.do_save_answer(Attempt.objects.get(pk=attempt.pk), 1, response))
        finally:
            connection.close()

    saver = threading.Thread(target=save)
    saver.start()
    try:
        assert inside.wait(10)
        quiz_locked, attempt_locked = is_locked(Quiz, auto_quiz.pk), is_locked(Attempt, attempt.pk)
    finally:
        done.set()
        saver.join()
    assert (quiz_locked, attempt_locked) == (False, True)
    assert len(saved) == 1 and saved[0].response is not None, "the save itself went through"
