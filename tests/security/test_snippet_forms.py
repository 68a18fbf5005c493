"""Every admin snippet form shows only the fields it is meant to edit; records and logs have no form at all.

Wagtail's snippet views build their form from every editable field of the model unless ``panels`` are given (they
ignore a viewset's ``form_fields``): the volunteer form offered 状态 and the linked account, the application form its
screening and consent times, evaluations and notes their author. Each field that only an action may write is listed
here by model; the superuser, who has every permission, must not find it in any add or edit form.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from tests.roster.factories import make_volunteer

pytestmark = pytest.mark.django_db

WRITTEN_BY_ACTIONS = {
    "roster.volunteer": {"status", "user", "application", "star_level", "anonymised_at"},
    "roster.application": {"status", "screened_by", "screened_at", "created_at", "privacy_consented_at"},
    "roster.evaluation": {"author", "entered_at"},
    "roster.note": {"author", "created_at"},
}
READ_ONLY = {
    "roster.statuschange",
    "roster.idnumberview",
    "roster.servicerecord",
    "roster.servicerecordchange",
    "roster.signup",
    "courses.attempt",
    "courses.answer",
    "certificates.certificate",
    "certificates.verificationlog",
}


def form_fields(html: str) -> set[str]:
    return set(re.findall(r'<(?:input|select|textarea)[^>]*\bname="([a-z_]+)"', html)) - {"csrfmiddlewaretoken", "next"}


@pytest.fixture
def superuser(client, django_user_model):
    user = django_user_model.objects.create_superuser("superuser", "su@example.com", "a-long-password-1")
    client.force_login(user)
    return user


def test_no_add_form_offers_a_field_only_an_action_writes(client, superuser):
    for model in get_snippet_models():
        label = model._meta.label_lower
        response = client.get(reverse(model.snippet_viewset.get_url_name("add")))
        if label in READ_ONLY:
            assert response.status_code in (302, 403), f"{label} can be added by hand"
            continue
        if response.status_code == 200:
            offered = form_fields(response.content.decode()) & WRITTEN_BY_ACTIONS.get(label, set())
            assert not offered, f"{label} add form offers {offered}"


def test_the_volunteer_edit_form_has_no_status_and_no_account(client, superuser):
    volunteer = make_volunteer("表单")
    html = client.get(reverse("wagtailsnippets_roster_volunteer:edit", args=[volunteer.pk])).content.decode()
    fields = form_fields(html)
    assert {"name", "mobile", "skills"} <= fields
    assert not fields & WRITTEN_BY_ACTIONS["roster.volunteer"]
