"""Two volunteers cancel at the same moment: each freed place goes to a different waiting volunteer, in order, and
the activity never holds more than its capacity (run on SQLite and, with DATABASE_URL, on PostgreSQL)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from roster import actions
from roster.models import Signup
from tests.concurrency import run_together
from tests.roster.factories import make_activity, make_role, make_volunteer

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_cancellations_promote_the_first_two_waiting_volunteers():
    activity = make_activity(make_role(), capacity=2, starts_at=timezone.now() + timedelta(days=3))
    holders = [make_volunteer(f"在册{i}") for i in range(2)]
    held = [actions.do_sign_up(volunteer, activity) for volunteer in holders]
    waiting = [make_volunteer(f"候补{i}") for i in range(3)]
    for volunteer in waiting:
        actions.do_sign_up(volunteer, activity, waitlist=True)

    results = run_together(lambda index: actions.do_cancel_signup(Signup.objects.get(pk=held[index].pk)), 2)

    assert not [r for r in results if isinstance(r, Exception)], results
    status = dict(Signup.objects.filter(activity=activity).values_list("volunteer__name", "status"))
    assert status == {
        "在册0": "cancelled",
        "在册1": "cancelled",
        "候补0": "signed_up",
        "候补1": "signed_up",
        "候补2": "waitlisted",
    }
    assert Signup.objects.filter(activity=activity, status=Signup.Status.SIGNED_UP).count() == activity.capacity


def test_a_cancellation_and_a_sign_up_at_the_same_moment_never_overfill():
    activity = make_activity(make_role(), capacity=1, starts_at=timezone.now() + timedelta(days=3))
    holder = make_volunteer("在册")
    held = actions.do_sign_up(holder, activity)
    waiting = make_volunteer("候补")
    actions.do_sign_up(waiting, activity, waitlist=True)
    newcomer = make_volunteer("新来")

    def work(index: int):
        if index == 0:
            return actions.do_cancel_signup(Signup.objects.get(pk=held.pk))
        return actions.do_sign_up(newcomer, activity, waitlist=True)

    results = run_together(work, 2)
    assert not [r for r in results if isinstance(r, Exception)], results
    signed = list(
        Signup.objects.filter(activity=activity, status=Signup.Status.SIGNED_UP).values_list(
            "volunteer__name", flat=True
        )
    )
    # whichever is served first, the freed place goes to the one who waited; the newcomer queues behind them
    assert signed == ["候补"]
    assert Signup.objects.get(activity=activity, volunteer=newcomer).status == Signup.Status.WAITLISTED
