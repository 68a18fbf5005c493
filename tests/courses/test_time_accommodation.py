"""Extra time on timed quizzes for one volunteer: granted by a social worker in the admin, applied on the server by
the one deadline rule, to new attempts and to the attempt under way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from courses import actions, queries
from courses.models import TimeAccommodation
from tests.conftest import make_user

from .conftest import right_response


@pytest.fixture
def timed_quiz(auto_quiz):
    auto_quiz.time_limit_minutes = 20
    auto_quiz.save()
    return auto_quiz


def test_extra_percent_and_minutes_lengthen_the_deadline(volunteer, social_worker, timed_quiz):
    actions.do_grant_time_accommodation(
        volunteer, extra_percent=50, extra_minutes=5, reason="视力不佳", by=social_worker
    )
    start = timezone.now()
    attempt = actions.do_start_attempt(volunteer, timed_quiz, now=start)
    assert attempt.deadline == start + timedelta(minutes=20 * 1.5 + 5)


def test_an_answer_saved_in_the_extra_time_counts_only_for_the_volunteer_granted_it(
    volunteer, social_worker, timed_quiz
):
    other = make_user("laozhang", last_name="张", first_name="老")
    actions.do_grant_time_accommodation(volunteer, extra_percent=50, reason="阅读较慢", by=social_worker)
    start = timezone.now() - timedelta(minutes=40)
    granted = actions.do_start_attempt(volunteer, timed_quiz, now=start)
    plain = actions.do_start_attempt(other, timed_quiz, now=start)
    minute_25 = start + timedelta(minutes=25)
    answer = granted.answers.order_by("position").first()
    actions.do_save_answer(granted, answer.position, right_response(answer), now=minute_25)
    with pytest.raises(actions.QuizRefused):
        first = plain.answers.order_by("position").first()
        actions.do_save_answer(plain, first.position, right_response(first), now=minute_25)


def test_granting_extra_time_moves_the_deadline_of_the_attempt_under_way(volunteer, social_worker, timed_quiz):
    start = timezone.now() - timedelta(minutes=15)
    attempt = actions.do_start_attempt(volunteer, timed_quiz, now=start)
    assert attempt.deadline == start + timedelta(minutes=20)
    actions.do_grant_time_accommodation(volunteer, extra_minutes=10, reason="临时照顾", by=social_worker)
    attempt.refresh_from_db()
    assert attempt.deadline == start + timedelta(minutes=30)


def test_the_quiz_closing_time_still_ends_every_attempt(volunteer, social_worker, timed_quiz):
    start = timezone.now()
    timed_quiz.close_at = start + timedelta(minutes=25)
    timed_quiz.save()
    actions.do_grant_time_accommodation(volunteer, extra_percent=100, reason="视力不佳", by=social_worker)
    assert queries.attempt_deadline(volunteer, timed_quiz, start) == timed_quiz.close_at


def test_an_untimed_quiz_stays_untimed(volunteer, social_worker, auto_quiz):
    actions.do_grant_time_accommodation(volunteer, extra_minutes=30, reason="视力不佳", by=social_worker)
    assert actions.do_start_attempt(volunteer, auto_quiz).deadline is None


def test_a_grant_without_a_reason_or_beyond_the_limits_is_refused(volunteer, social_worker):
    with pytest.raises(actions.QuizRefused, match="原因"):
        actions.do_grant_time_accommodation(volunteer, extra_percent=50, reason=" ", by=social_worker)
    with pytest.raises(actions.QuizRefused, match="最多"):
        actions.do_grant_time_accommodation(volunteer, extra_percent=500, reason="视力不佳", by=social_worker)
    assert not TimeAccommodation.objects.exists()


def test_social_worker_grants_extra_time_in_the_admin(client, volunteer, social_worker, timed_quiz):
    attempt = actions.do_start_attempt(volunteer, timed_quiz)
    client.force_login(social_worker)
    url = reverse("wagtailsnippets_courses_timeaccommodation:add")
    assert client.get(url).status_code == 200
    refused = client.post(url, {"user": volunteer.pk, "extra_percent": 900, "extra_minutes": 0, "reason": "视力"})
    assert refused.status_code == 200
    assert "延长比例最多 200%" in refused.content.decode()
    assert not TimeAccommodation.objects.exists()
    response = client.post(url, {"user": volunteer.pk, "extra_percent": 50, "extra_minutes": 0, "reason": "视力不佳"})
    assert response.status_code == 302
    grant = TimeAccommodation.objects.get(user=volunteer)
    assert grant.granted_by == social_worker
    attempt.refresh_from_db()
    assert attempt.deadline == attempt.started_at + timedelta(minutes=30)
    listing = client.get(reverse("wagtailsnippets_courses_timeaccommodation:list")).content.decode()
    assert "视力不佳" in listing
