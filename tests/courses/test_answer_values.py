"""The question page's option values say nothing about which option is right or where the author put it."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import SOCIAL_WORKER, VOLUNTEER
from courses import actions, demo
from courses.models import Answer, Audience, LessonPage
from tests.conftest import make_user

ATTEMPTS_PER_QUIZ = 3


@pytest.fixture
def demo_quizzes(home_page):
    demo.load()
    return [
        (lesson.quiz, lesson.get_parent().specific.audience)
        for lesson in LessonPage.objects.exclude(quiz=None).select_related("quiz").order_by("path")
    ]


def bot_answers(html: str) -> dict[str, object]:
    """A bot that knows how authors write: the lowest value is the first option, the last one is the odd one out."""
    form: dict[str, object] = {}
    for position, kind in re.findall(r'data-position="(\d+)" data-type="(\w+)"', html):
        values = sorted(re.findall(rf'name="q{position}" value="([^"]+)"', html))
        if kind == "single":
            form[f"q{position}"] = values[0]
        elif kind == "multiple":
            form[f"q{position}"] = values[:-1]
    return form


def test_a_bot_picking_the_lowest_value_scores_no_better_than_chance_on_the_demo_quizzes(client, demo_quizzes):
    earned, possible, attempts = Decimal("0"), Decimal("0"), 0
    for number, (quiz, audience) in enumerate(demo_quizzes):
        for round_ in range(ATTEMPTS_PER_QUIZ):
            role = SOCIAL_WORKER if audience == Audience.SOCIAL_WORKER else VOLUNTEER
            client.force_login(make_user(f"bot{number}-{round_}", role))
            started = client.post(reverse("courses:start", args=[quiz.pk]), follow=True)
            attempt = started.context["attempt"]
            form = {}
            for position in range(1, attempt.answers.count() + 1):  # one-per-page quizzes show one at a time
                page = client.get(reverse("courses:attempt", args=[attempt.pk]), {"q": position}).content.decode()
                form.update(bot_answers(page))
            client.post(reverse("courses:submit", args=[attempt.pk]), form)
            choice_answers = Answer.objects.filter(attempt=attempt, question_data__type__in=["single", "multiple"])
            earned += sum((a.score for a in choice_answers), Decimal("0"))
            possible += sum((a.max_score for a in choice_answers), Decimal("0"))
            attempts += 1
    assert attempts == len(demo_quizzes) * ATTEMPTS_PER_QUIZ and possible > 0
    # Picking one of about four options at random earns about a quarter; authoring order would earn nearly all.
    assert earned / possible < Decimal("0.5")


def test_option_values_are_not_choice_ids_and_change_with_every_attempt(client, volunteer, quiz, bank):
    client.force_login(volunteer)
    seen = []
    for _round in range(2):
        attempt = actions.do_start_attempt(volunteer, quiz)
        html = client.get(reverse("courses:attempt", args=[attempt.pk])).content.decode()
        position = attempt.answers.get(question=bank["single"]).position
        values = re.findall(rf'name="q{position}" value="([^"]+)"', html)
        assert len(values) == 3
        ids = {str(choice.pk) for choice in bank["single"].choices.all()}
        assert not ids & set(values)
        seen.append(set(values))
        attempt.delete()
    assert not seen[0] & seen[1]


def test_a_choice_id_sent_as_a_value_is_refused(client, volunteer, auto_quiz, bank):
    attempt = actions.do_start_attempt(volunteer, auto_quiz)
    answer = attempt.answers.get(question=bank["single"])
    right_id = bank["single"].choices.get(is_correct=True).pk
    client.force_login(volunteer)
    for response in (right_id, str(right_id)):
        reply = client.post(
            reverse("courses:save", args=[attempt.pk]),
            {"position": answer.position, "response": response},
            content_type="application/json",
        )
        assert reply.status_code == 409 and reply.json()["error"] == "答案格式不正确。"
    answer.refresh_from_db()
    assert answer.response is None
