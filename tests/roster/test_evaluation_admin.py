"""Evaluations and notes entered in the admin are signed by whoever enters them: the form cannot name an author."""

from __future__ import annotations

import pytest
from django.urls import reverse

from roster.models import Evaluation, Note
from tests.conftest import make_user

from .factories import make_volunteer

pytestmark = pytest.mark.django_db


def test_an_evaluation_entered_in_the_admin_is_authored_by_the_one_entering_it(client, social_worker):
    volunteer = make_volunteer("评价")
    someone_else = make_user("另一位社工", "医务社工")
    client.force_login(social_worker)
    form = client.get(reverse("wagtailsnippets_roster_evaluation:add")).content.decode()
    assert 'name="author"' not in form and 'name="entered_at"' not in form
    response = client.post(
        reverse("wagtailsnippets_roster_evaluation:add"),
        {
            "volunteer": volunteer.pk,
            "kind": "evaluation",
            "rating": "5",
            "content": "耐心细致",
            "source": "患者家属",
            "recorded_on": "2026-11-30",
            "service_date": "2026-11-28",
            "author": someone_else.pk,  # not a field of the form: ignored
        },
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(volunteer=volunteer)
    assert evaluation.author == social_worker


def test_a_wrong_rating_is_refused_in_chinese_and_saves_nothing(client, social_worker):
    volunteer = make_volunteer("评分")
    client.force_login(social_worker)
    response = client.post(
        reverse("wagtailsnippets_roster_evaluation:add"),
        {"volunteer": volunteer.pk, "kind": "evaluation", "rating": "9", "content": "好", "recorded_on": "2026-11-30"},
    )
    assert response.status_code == 200
    assert "评分应在1到5之间" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_a_note_added_in_the_admin_is_signed_by_its_writer(client, social_worker):
    volunteer = make_volunteer("备注")
    client.force_login(social_worker)
    response = client.post(
        reverse("wagtailsnippets_roster_note:add"), {"volunteer": volunteer.pk, "text": "  已电话回访  "}
    )
    assert response.status_code == 302
    note = Note.objects.get(volunteer=volunteer)
    assert (note.author, note.text) == (social_worker, "已电话回访")
