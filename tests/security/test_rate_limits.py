"""One atomic limiter: parallel posts cannot all slip under a limit that get-then-set checked one by one."""

from __future__ import annotations

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from roster.models import Application
from roster.views import JOIN_RATE_LIMIT
from tests.roster.test_recruitment import form_data


def run_together(target, count: int) -> list:
    """Run ``target(index)`` in ``count`` threads released at the same moment."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def worker(index: int) -> None:
        barrier.wait()
        try:
            results[index] = target(index)
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


@pytest.mark.django_db(transaction=True)
def test_parallel_applications_from_one_address_store_at_most_the_limit():
    cache.clear()

    def apply(index: int) -> int:
        return Client().post("/join/", form_data(mobile=f"1381234567{index}"), REMOTE_ADDR="203.0.113.5").status_code

    statuses = run_together(apply, 8)
    assert sorted(statuses) == [302] * JOIN_RATE_LIMIT + [429] * (8 - JOIN_RATE_LIMIT), statuses
    assert Application.objects.count() == JOIN_RATE_LIMIT
