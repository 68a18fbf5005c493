"""Concurrent requests (double click, two tabs, retries) on a real database: one grading, one attempt number."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from courses import actions
from courses.models import Attempt, AttemptState
from courses.signals import attempt_finalised

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(target, count: int) -> list:
    """Run ``target`` in ``count`` threads released at the same moment; returns results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        barrier.wait()
        try:
            results[index] = target()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


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
        results = run_together(lambda: actions.do_submit_attempt(Attempt.objects.get(pk=attempt.pk))[1], 6)
    finally:
        attempt_finalised.disconnect(receiver)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert results.count(True) == 1
    assert events == [attempt.pk]
    assert Attempt.objects.get(pk=attempt.pk).state == AttemptState.FINISHED


def test_simultaneous_starts_cannot_exceed_the_attempt_limit(volunteer, auto_quiz):
    auto_quiz.max_attempts = 1
    auto_quiz.save()
    results = run_together(lambda: actions.do_start_attempt(volunteer, auto_quiz).pk, 5)
    started = {r for r in results if not isinstance(r, Exception)}
    assert len(started) == 1, results
    assert Attempt.objects.filter(user=volunteer, quiz=auto_quiz).count() == 1
