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
