"""Registering without an account: capacity in people, the waitlist and its promotion, the cancel link, the note."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection

from activities.actions import do_cancel_registration, do_register
from activities.models import Registration
from activities.queries import places_taken
from tests.concurrency import run_together
from tests.roster.factories import id_number

from .conftest import add_activity


def register(activity, mobile="13800138000", people=1, note="", salutation="张阿姨", consent=True):
    return do_register(activity, salutation=salutation, mobile=mobile, people=people, note=note, consent=consent)


def test_registration_creates_no_account_and_keeps_the_mobile_encrypted(activity):
    users_before = User.objects.count()
    registration = register(activity)
    assert registration.status == Registration.Status.CONFIRMED
    assert User.objects.count() == users_before
    stored = Registration.objects.get(pk=registration.pk)
    assert "13800138000" not in stored.mobile_encrypted
    assert stored.mobile == "13800138000"
    assert stored.mobile_masked == "138****8000"


def test_places_count_people_and_the_rest_wait(activity):
    register(activity, mobile="13800000001", people=3)
    second = register(activity, mobile="13800000002", people=2)
    assert second.status == Registration.Status.WAITLISTED
    assert places_taken(activity) == 3


def test_a_group_larger_than_the_activity_is_refused(activity):
    with pytest.raises(ValidationError, match="名额"):
        register(activity, people=5)


def test_cancelling_promotes_the_first_waiting_who_fits(activity):
    first = register(activity, mobile="13800000001", people=4)
    big = register(activity, mobile="13800000002", people=4)
    small = register(activity, mobile="13800000003", people=1)
    assert {big.status, small.status} == {Registration.Status.WAITLISTED}
    result = do_cancel_registration(first)
    big.refresh_from_db()
    small.refresh_from_db()
    assert [r.pk for r in result.promoted] == [big.pk]
    assert big.status == Registration.Status.CONFIRMED
    assert small.status == Registration.Status.WAITLISTED
    assert places_taken(activity) == 4


def test_cancelling_twice_changes_nothing_more(activity):
    first = register(activity, mobile="13800000001", people=4)
    waiting = register(activity, mobile="13800000002", people=1)
    do_cancel_registration(first)
    assert do_cancel_registration(first).promoted == []
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_the_same_mobile_cannot_register_twice_for_one_activity(activity):
    register(activity)
    with pytest.raises(ValidationError, match="已报名"):
        register(activity)


@pytest.mark.parametrize(
    ("note", "what"),
    [
        ("住在3病区12床", "床号"),
        ("床号:15", "床号"),
        ("确诊糖尿病三年", "诊断"),
        ("我妈妈住院号:ZY20231234", "住院号"),
        (f"身份证 {id_number()}", "身份证号"),
    ],
)
def test_a_note_with_bed_ward_diagnosis_or_identifiers_is_refused_and_nothing_is_stored(activity, note, what):
    with pytest.raises(ValidationError) as refused:
        register(activity, note=note)
    assert what in " ".join(refused.value.messages)
    assert not Registration.objects.exists()


def test_an_ordinary_note_is_kept(activity):
    assert register(activity, note="需要轮椅,和女儿一起来", people=2).note == "需要轮椅,和女儿一起来"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"consent": False}, "隐私说明"),
        ({"salutation": ""}, "称呼"),
        ({"mobile": "12345"}, "手机号"),
        ({"people": 0}, "人数"),
    ],
)
def test_bad_input_is_refused_in_chinese(activity, fields, message):
    with pytest.raises(ValidationError, match=message):
        register(activity, **fields)
    assert not Registration.objects.exists()


def test_an_activity_that_has_started_takes_no_registration(calendar):
    started = add_activity(calendar, starts_in=-timedelta(minutes=5))
    with pytest.raises(ValidationError, match="已开始"):
        register(started)


def test_the_cancel_link_cancels_and_an_unknown_token_is_404(client, activity):
    registration = register(activity)
    page = client.get(f"/activities/r/{registration.token}/cancel/")
    assert "确认取消报名" in page.content.decode()
    client.post(f"/activities/r/{registration.token}/cancel/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert client.get("/activities/r/not-a-real-token/cancel/").status_code == 404


def test_the_register_form_registers_and_shows_the_confirmation(client, activity):
    response = client.post(
        f"/activities/{activity.pk}/register/",
        {"salutation": "王先生", "mobile": "139 0013 9000", "people": "2", "note": "", "consent": "on"},
        follow=True,
    )
    text = response.content.decode()
    assert "报名成功" in text and "139****9000" in text
    assert "13900139000" not in text
    assert Registration.objects.get().people == 2


def test_the_register_form_refuses_a_diagnosis_and_says_why(client, activity):
    response = client.post(
        f"/activities/{activity.pk}/register/",
        {"salutation": "王先生", "mobile": "13900139000", "people": "1", "note": "术后第三天", "consent": "on"},
    )
    assert response.status_code == 400
    assert "诊断或病情" in response.content.decode()
    assert not Registration.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL (SQLite has none)")
@pytest.mark.django_db(transaction=True)
def test_simultaneous_cancellations_promote_each_waiting_person_once_and_never_overfill(home_page):
    from activities.models import ActivityIndexPage

    index = ActivityIndexPage(title="公益活动", slug="activities-c", live=False)
    home_page.add_child(instance=index)
    index.save_revision().publish()
    activity = add_activity(index, capacity=3)
    confirmed = [register(activity, mobile=f"1380000000{n}") for n in range(3)]
    waiting = [register(activity, mobile=f"1390000000{n}") for n in range(4)]
    assert all(r.status == Registration.Status.WAITLISTED for r in waiting)

    run_together(lambda i: do_cancel_registration(confirmed[i]), 3)

    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [Registration.Status.CONFIRMED] * 3 + [Registration.Status.WAITLISTED]
    assert places_taken(activity) == 3
