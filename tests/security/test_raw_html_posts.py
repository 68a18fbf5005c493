"""Raw HTML posted where the rich-text editor posts JSON is refused with 400, and nothing is saved."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from wagtail.models import Page, Revision


@pytest.fixture
def admin_client(client, home_page):
    client.force_login(User.objects.create_superuser("boss", "boss@example.com", "a-long-password-123"))
    client.raise_request_exception = False
    return client


def test_raw_html_instead_of_editor_json_in_a_page_edit_gets_400_and_saves_nothing(admin_client, home_page):
    revisions = Revision.objects.count()
    response = admin_client.post(
        f"/admin/pages/{home_page.pk}/edit/",
        {"title": "被改的首页", "slug": home_page.slug, "intro": '<p onclick="alert(1)">改过</p>'},
    )
    assert response.status_code == 400
    page = Page.objects.get(pk=home_page.pk).specific
    assert page.title == "双工学苑" and page.intro == "<p>双工联动</p>"
    assert Revision.objects.count() == revisions
